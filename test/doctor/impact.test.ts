// Honest impact: the share an advice claims is the time its fix can remove. Real python3 runs
// through `hotspy run --format json` (needs the build in dist/, which `npm test` makes).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../src/doctor/types.js';

const BIN = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
const PROGRAMS = fileURLToPath(new URL('../fixtures/programs/impact/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hotspy-impact-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(program: string): DoctorReport {
  const output = join(work, `${program}.json`);
  // run from outside test/: under a test folder every finding is low confidence, and a cold low
  // finding is left out of the advice, while these programs stand for the user's own code
  const script = join(work, `${program}.py`);
  copyFileSync(join(PROGRAMS, `${program}.py`), script);
  const result = spawnSync(process.execPath, [BIN, 'run', '--format', 'json', '--output', output, '-o', join(work, `${program}.prof.json`), script], {
    cwd: work,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(readFileSync(output, 'utf8')) as DoctorReport;
}

describe.sequential('impact', () => {
  it('a tier-3 loop whose time is in the pure function it calls claims only the loop\'s own time', () => {
    const report = run('loop_in_callee');
    const all = [...report.advice, ...report.cold];
    const hs303 = all.find((a) => a.rule === 'HS303')!;
    expect(hs303, 'HS303 must be reported').toBeDefined();
    expect(hs303.measured?.own).toBe(true);
    // nearly the whole run passes through the loop, but `max()` can only remove its own overhead
    expect(hs303.measured!.wholeShare!).toBeGreaterThan(0.8);
    expect(hs303.share).toBeLessThan(0.3);
    expect(hs303.measured!.topCallee?.name).toBe('tariff');
    expect(hs303.weighed).toMatch(/own time/);
    expect(hs303.weighed).toContain('`tariff()`');
    // the time is `tariff`'s: the first advice points there, not at the idiom
    expect(report.advice[0]!.rule).not.toBe('HS303');
    expect(report.advice[0]!.function?.name).toBe('tariff');
    expect(report.advice[0]!.share).toBeGreaterThan(0.6);
  });

  it('a list membership test in a loop that also appends: HS101 first with the big share, no idiom rule takes it', () => {
    const report = run('membership_append');
    const first = report.advice[0]!;
    expect(first.rule).toBe('HS101');
    expect(first.line).toBe(8);
    expect(first.share).toBeGreaterThan(0.6);
    expect(first.weighed).toMatch(/whole loop/);
    const hs304 = [...report.advice, ...report.cold].find((a) => a.rule === 'HS304')!;
    expect(hs304, 'HS304 must be reported').toBeDefined();
    expect(hs304.share).toBeLessThan(0.1);
    expect(hs304.measured!.excludedShare!).toBeGreaterThan(0.5);
    expect(hs304.weighed).toMatch(/algorithmic finding/);
    for (const a of report.advice.filter((x) => x.tier === 3)) expect(a.share).toBeLessThan(0.1);
  });
});
