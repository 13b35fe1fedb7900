// The census of hot functions on real python runs (hotspy_census.py + doctor/memoization.ts):
// the same run counts the calls of the hot functions and their distinct arguments, and HD07
// advises a cache only for a pure function whose arguments repeat. Runs python3 (3.11 here: the
// paced profile hook) and a 3.12+ interpreter when one is installed (sys.monitoring).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram } from '../../src/doctor/run-program.js';
import { findPythons } from '../profile/pythons.js';
import { PROGRAMS, runHarness } from './run-harness.js';

const work = mkdtempSync(join(tmpdir(), 'hotspy-census-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const pythons = findPythons();
const modern = pythons.find((p) => Number(p.version.split('.')[1]) >= 12);
const interpreters = [{ path: 'python3', label: 'python3' }, ...(modern ? [{ path: modern.path, label: modern.version }] : [])];

async function censusRun(args: string[], python = 'python3', census: 'on' | 'off' | 'auto' = 'on') {
  const result = await runProgram({
    target: { script: 'census.py' },
    args,
    cwd: PROGRAMS,
    out: join(work, `${args.join('-')}-${census}-${python.replace(/\W/g, '_')}.json`),
    progress: false,
    python,
    census,
  });
  return result;
}

function defLine(name: string): number {
  return readFileSync(join(PROGRAMS, 'census.py'), 'utf8').split('\n').findIndex((l) => l.startsWith(`def ${name}(`)) + 1;
}

function plain(args: string[], python = 'python3') {
  return spawnSync(python, ['census.py', ...args], { cwd: PROGRAMS, encoding: 'utf8' });
}

describe.sequential('census and HD07 memoization-candidate', () => {
  for (const python of interpreters) {
    it(`${python.label}: a pure function called with few distinct arguments gets HD07 first, with the measured hit ratio`, async () => {
      const { run, profile, report } = await censusRun(['repeat'], python.path);
      expect(run.exitCode).toBe(0);
      const census = profile.census!;
      const tariff = census.functions.find((f) => f.name === 'tariff')!;
      expect(tariff).toBeDefined();
      expect(tariff.distinct).toBeLessThanOrEqual(60);
      // raw figures of a paced census are a sample: the doctor's estimate is checked below
      expect(tariff.repeats / tariff.hashedCalls).toBeGreaterThan(0.5);
      expect(tariff.unhashableCalls).toBe(0);
      const first = report.advice[0]!;
      expect(first.rule).toBe('HD07');
      expect(first.function?.name).toBe('tariff');
      expect(first.line).toBe(defLine('tariff'));
      expect(first.message).toMatch(/an `lru_cache` would answer (9\d|100) % of its calls/);
      // 60 distinct tuples: 64 holds them; the estimate from a sample of calls may round up once more
      expect(first.fix).toMatch(/@functools\.lru_cache\(maxsize=(64|128)\)/);
      expect(first.expectedSaving).toBeGreaterThan(0.3);
    });
  }

  it(`${modern ? modern.version : '3.12+'}: sys.monitoring instruments only the chosen code objects`, async () => {
    if (!modern) return;
    const { profile } = await censusRun(['repeat'], modern.path);
    expect(profile.census!.mechanism).toBe('sys.monitoring');
    expect(profile.census!.error).toBeNull();
  });

  it('python3 before 3.12 uses the paced profile hook and says how much of the run it watched', async () => {
    const { profile } = await censusRun(['repeat']);
    const version = Number(profile.meta.python!.split('.')[1]);
    const census = profile.census!;
    expect(census.mechanism).toBe(version >= 12 ? 'sys.monitoring' : 'setprofile');
    expect(census.coverage).toBeGreaterThan(0);
    expect(census.coverage).toBeLessThanOrEqual(1);
  });

  it('a pure function called with mostly distinct arguments gets no caching advice', async () => {
    const { profile, report } = await censusRun(['distinct']);
    const score = profile.census!.functions.find((f) => f.name === 'score')!;
    expect(score).toBeDefined();
    expect(score.repeats / score.hashedCalls).toBeLessThan(0.2);
    expect(report.advice.find((a) => a.rule === 'HD07')).toBeUndefined();
  });

  it('a function that reads the clock gets no caching advice, however often its arguments repeat', async () => {
    const { profile, report } = await censusRun(['clock']);
    const stamped = profile.census!.functions.find((f) => f.name === 'stamped')!;
    expect(stamped).toBeDefined();
    expect(stamped.repeats / stamped.hashedCalls).toBeGreaterThan(0.8);
    expect(report.advice.find((a) => a.rule === 'HD07')).toBeUndefined();
  });

  it('list arguments are reported as unhashable, never hashed, and get no caching advice', async () => {
    const { profile, report } = await censusRun(['unhashable']);
    const basket = profile.census!.functions.find((f) => f.name === 'basket_total')!;
    expect(basket).toBeDefined();
    expect(basket.hashedCalls).toBe(0);
    expect(basket.unhashableCalls).toBe(basket.calls);
    expect(basket.argumentTypes).toEqual([{ type: 'list', calls: basket.calls }]);
    expect(report.advice.find((a) => a.rule === 'HD07')).toBeUndefined();
  });

  it('a forked child does not keep the census hooks of its parent', async () => {
    for (const python of interpreters) {
      const run = await runHarness(['census_fork.py'], { harnessArgs: ['--census', 'on'], python: python.path });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^child clean \d/m);
      expect(run.profile.census?.functions.some((f) => f.name === 'tariff')).toBe(true);
    }
  });

  it('--no-census instruments nothing; the output and exit status are the program\'s own either way', async () => {
    const off = await censusRun(['repeat', '3000'], 'python3', 'off');
    expect(off.profile.census).toBeUndefined();
    expect(off.report.advice.find((a) => a.rule === 'HD07')).toBeUndefined();
    const expected = plain(['repeat', '3000']);
    for (const census of ['on', 'off']) {
      const run = await runHarness(['census.py', 'repeat', '3000'], { harnessArgs: ['--census', census] });
      expect(run.code).toBe(expected.status);
      expect(run.stdout).toBe(expected.stdout);
      expect(run.stderr).toBe(expected.stderr);
      expect(run.profile.meta.exitCode).toBe(0);
      expect('census' in run.profile).toBe(census === 'on');
    }
  });
});
