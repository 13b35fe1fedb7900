// Runtime type observation (issue 8): the census records the operand's type on hot lines whose
// kind no static fact knows, and HS101 / HS107 report with the observed type as evidence. Real
// python runs: python3 (3.11 here: line trace and samples) and a 3.12+ interpreter (sys.monitoring).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../../src/doctor/run-program.js';
import { initPython } from '../../src/python/parser.js';
import { sourceCandidateSites } from '../../src/python/runtime-kinds.js';
import { findPythons } from '../profile/pythons.js';
import { PROGRAMS } from './run-harness.js';

const work = mkdtempSync(join(tmpdir(), 'hotspy-observed-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(() => initPython());

const modern = findPythons().find((p) => Number(p.version.split('.')[1]) >= 12);
const interpreters = [{ path: 'python3', label: 'python3' }, ...(modern ? [{ path: modern.path, label: modern.version }] : [])];

async function observedRun(kind: 'list' | 'set', python: string, census: 'on' | 'off' = 'on') {
  return runProgram({
    target: { script: 'observed_kinds.py' },
    args: [kind],
    cwd: PROGRAMS,
    out: join(work, `${kind}-${census}-${python.replace(/\W/g, '_')}.json`),
    progress: false,
    python,
    census,
  });
}

describe('candidate sites', () => {
  it('lists membership tests, front pops and searches in loops on operands of unknown kind only', () => {
    const text = [
      'import json',
      'KNOWN = [1, 2, 3]',
      'def f(items, queue, data):',
      '    rules = json.loads(data)',
      '    for x in items:',
      '        if x in rules: pass',
      '        if x in KNOWN: pass',
      '        if x in self.allowed: pass',
      '        queue.pop(0)',
      '        rules.index(x)',
      '        queue.pop()',
      '    if items[0] in rules: pass',
      '',
    ].join('\n');
    expect(sourceCandidateSites(text)).toEqual([
      { line: 6, expression: 'rules', operation: 'in', rule: 'HS101' },
      { line: 8, expression: 'self.allowed', operation: 'in', rule: 'HS101' },
      { line: 9, expression: 'queue', operation: 'pop(0)', rule: 'HS107' },
      { line: 10, expression: 'rules', operation: 'index', rule: 'HS108' },
    ]);
  });
});

describe.sequential('runtime type observation in hotspy run', () => {
  for (const python of interpreters) {
    it(`${python.label}: a blocklist and a queue that are lists at run time get HS101 first and HS107, with the observed type`, async () => {
      const { run, profile, report } = await observedRun('list', python.path);
      expect(run.exitCode).toBe(0);
      const sites = profile.census!.sites;
      expect(sites.find((s) => s.line === 23)).toMatchObject({ expression: 'blocklist', rule: 'HS101', types: [{ type: 'list', maxLen: 1000 }] });
      const first = report.advice[0]!;
      expect(first.rule).toBe('HS101');
      expect(first.line).toBe(23);
      expect(first.message).toContain('observed at run time: `blocklist` was a list');
      const finding = report.findings.find((f) => f.rule === 'HS101')!;
      expect(finding.confidence).toBe('high');
      const queue = report.findings.find((f) => f.rule === 'HS107');
      expect(queue?.line).toBe(32);
      expect(queue?.evidence).toMatch(/`pending` was a list on all \d+ checks/);
      // no idiom rule on the drain loop takes the front pop's time
      const hs107 = report.advice.find((a) => a.rule === 'HS107');
      const idiom = report.advice.find((a) => a.tier === 3 && a.line >= 31 && a.line <= 32);
      if (hs107 && idiom) expect(hs107.rank).toBeLessThan(idiom.rank);
    });
  }

  it('a blocklist that is a set and a queue that is a deque at run time: nothing to report', async () => {
    const { profile, report } = await observedRun('set', interpreters[interpreters.length - 1]!.path);
    const sites = profile.census!.sites;
    expect(sites.find((s) => s.line === 23)?.types.map((t) => t.type)).toEqual(['set']);
    expect(report.findings.filter((f) => f.rule === 'HS101' || f.rule === 'HS107')).toEqual([]);
  });

  it('--no-census: no observation, so the static rules stay silent on the unknown kinds', async () => {
    const { profile, report } = await observedRun('list', 'python3', 'off');
    expect(profile.census).toBeUndefined();
    expect(report.findings.filter((f) => f.rule === 'HS101' || f.rule === 'HS107')).toEqual([]);
  });
});
