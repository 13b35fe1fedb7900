// The doctor on profiles built by hand: shares, ranking by expected saving, hot spots, cold findings.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/check/finding.js';
import { diagnose } from '../../src/doctor/index.js';
import { ProfileBuilder } from '../../src/profile/builder.js';

const APP = '/proj/app.py';

function finding(rule: string, tier: number, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    rule,
    name: `${rule.toLowerCase()}-name`,
    tier,
    severity: 'warning',
    path: APP,
    line,
    column: 1,
    endLine: line,
    endColumn: 10,
    message: `${rule} message`,
    equivalents: [],
    fix: { description: `${rule} fix` },
    ...extra,
  };
}

/** main() at line 30 calls enrich (line 10, loop 12-15) and report (line 20). */
function etlProfile() {
  const b = new ProfileBuilder({ hasCpu: true });
  const mod = b.frame('<module>', APP, 1);
  const main = b.frame('main', APP, 30);
  const enrich = b.frame('enrich', APP, 10);
  const report = b.frame('report', APP, 20);
  const lib = b.frame('sorted_helper', '/usr/lib/python3.11/heapq.py', 5);
  b.appendSample([mod, main, enrich], { wall: 0.7, cpu: 0.7, samples: 700 }, [40, 32, 13]);
  b.appendSample([mod, main, enrich], { wall: 0.1, cpu: 0.1, samples: 100 }, [40, 32, 14]);
  b.appendSample([mod, main, report], { wall: 0.02, cpu: 0.02, samples: 20 }, [40, 33, 22]);
  b.appendSample([mod, main, report, lib], { wall: 0.18, cpu: 0.18, samples: 180 }, [40, 33, 24, 7]);
  Object.assign(b.meta, { command: ['app.py'], wallTime: 1, cpuTime: 1, cwd: '/proj', threads: 1, exitCode: 0, partial: false });
  return b.build('hotspy');
}

describe('doctor', () => {
  it('weighs a loop finding with the whole loop and ranks tier 1 before a small tier 3 win', () => {
    const report = diagnose({
      profile: etlProfile(),
      findings: [
        finding('HS301', 3, 22, { function: { name: 'report', line: 20 } }),
        finding('HS101', 1, 13, { loop: { line: 12, endLine: 15 }, loopDepth: 1, function: { name: 'enrich', line: 10 } }),
      ],
      sources: new Map(),
      files: [APP],
      cwd: '/proj',
    });
    const first = report.advice[0]!;
    expect(first.rule).toBe('HS101');
    expect(first.share).toBeCloseTo(0.8, 5);
    expect(first.measured?.scope).toBe('loop');
    expect(first.path).toBe('app.py');
    // HS301 covers line 22 only: 2 % of the run, so it is cold
    expect(report.cold.map((a) => a.rule)).toEqual(['HS301']);
    expect(report.cold[0]!.share).toBeCloseTo(0.02, 5);
  });

  it('keeps a hot finding whatever its confidence, and leaves out a cold one the code shows is small', () => {
    const report = diagnose({
      profile: etlProfile(),
      findings: [
        // the static guess says "a handful of items", the profile says 80 % of the run: the profile wins
        finding('HS101', 1, 13, { loop: { line: 12, endLine: 15 }, confidence: 'low', evidence: 'searches a literal of 3 items' }),
        finding('HS301', 3, 22, { confidence: 'low', evidence: 'loops over range(4)' }),
        finding('HS304', 3, 26, { confidence: 'medium' }),
      ],
      sources: new Map(),
      files: [APP],
      cwd: '/proj',
    });
    expect(report.advice[0]!.rule).toBe('HS101');
    expect(report.cold.map((a) => a.rule)).toEqual(['HS304']);
  });

  it('lists a hot function without findings as a hot spot, with library time charged to it', () => {
    const report = diagnose({ profile: etlProfile(), findings: [], sources: new Map(), files: [APP], cwd: '/proj' });
    const spots = report.advice.filter((a) => a.kind === 'hotspot');
    expect(spots.map((a) => a.function?.name)).toEqual(['enrich', 'report']);
    expect(spots[1]!.share).toBeCloseTo(0.2, 5);
    expect(spots[0]!.questions!.length).toBeGreaterThan(1);
  });

  it('does not repeat a hot spot for a function that already has a finding', () => {
    const report = diagnose({
      profile: etlProfile(),
      findings: [finding('HS101', 1, 13, { loop: { line: 12, endLine: 15 }, function: { name: 'enrich', line: 10 } })],
      sources: new Map(),
      files: [APP],
      cwd: '/proj',
    });
    expect(report.advice.filter((a) => a.function?.name === 'enrich').map((a) => a.kind)).toEqual(['finding']);
  });

  it('ranks a big share with a modest gain above a small share with a big gain (Amdahl)', () => {
    const b = new ProfileBuilder({ hasCpu: true });
    const mod = b.frame('<module>', APP, 1);
    b.appendSample([mod], { wall: 0.8, cpu: 0.8 }, [5]);
    b.appendSample([mod], { wall: 0.06, cpu: 0.06 }, [9]);
    b.appendSample([mod], { wall: 0.14, cpu: 0.14 }, [11]);
    Object.assign(b.meta, { command: ['app.py'], wallTime: 1, cpuTime: 1, cwd: '/proj' });
    const report = diagnose({
      profile: b.build('hotspy'),
      findings: [finding('HS101', 1, 9), finding('HS304', 3, 5)],
      sources: new Map(),
      files: [APP],
      cwd: '/proj',
    });
    // 80 % x (1 - 1/1.5) = 27 % beats 6 % x (1 - 1/10) = 5.4 %
    expect(report.advice.map((a) => a.rule).slice(0, 2)).toEqual(['HS304', 'HS101']);
  });

  it('uses function totals for call-graph profiles (trace mode)', () => {
    const b = new ProfileBuilder({});
    const main = b.frame('main', APP, 30);
    const enrich = b.frame('enrich', APP, 10);
    b.addFunctionCalls(main, { calls: 1, primitiveCalls: 1, selfTime: 0.1, totalTime: 1 });
    b.addFunctionCalls(enrich, { calls: 1, primitiveCalls: 1, selfTime: 0.9, totalTime: 0.9 });
    Object.assign(b.meta, { command: ['app.py'], wallTime: 1, cwd: '/proj', mode: 'trace' });
    const report = diagnose({
      profile: b.build('cprofile'),
      findings: [finding('HS101', 1, 13, { function: { name: 'enrich', line: 10 } })],
      sources: new Map(),
      files: [APP],
      cwd: '/proj',
    });
    expect(report.advice[0]!.rule).toBe('HS101');
    expect(report.advice[0]!.share).toBeCloseTo(0.9, 5);
    expect(report.advice[0]!.measured?.scope).toBe('function');
  });
});
