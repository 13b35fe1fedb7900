// The numeric examples end to end, in the NumPy/pandas/Numba venv: `hotspy run` must put the
// rule the example was written for first, at its line, with more than half of the run, and the
// whole-run speed-up it announces must match the one the fixed/ version gives within a factor of
// two. Speed-ups are measured on CPU time (user + system of the child), which a loaded machine
// stretches far less than wall time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram } from '../../src/doctor/run-program.js';
import type { Advice, DoctorReport } from '../../src/doctor/types.js';
import { ruleById } from '../../src/rules/index.js';
import { sciPython } from '../sci/sci-python.js';

const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'hotspy-numeric-examples-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(name: string): Promise<DoctorReport> {
  const result = await runProgram({
    target: { script: `examples/${name}.py` },
    cwd: root,
    python: sciPython(),
    out: join(work, `${name}.json`),
    progress: false,
  });
  expect(result.run.exitCode).toBe(0);
  return result.report;
}

/** CPU seconds (user + system) of one run of the script, in a fresh interpreter. */
function cpuOf(script: string): number {
  const code =
    'import resource, subprocess, sys\n' +
    'subprocess.run([sys.executable, sys.argv[1]], check=True, stdout=subprocess.DEVNULL)\n' +
    'r = resource.getrusage(resource.RUSAGE_CHILDREN)\n' +
    'print(r.ru_utime + r.ru_stime)\n';
  return Number(execFileSync(sciPython(), ['-c', code, script], { cwd: root, encoding: 'utf8' }).trim());
}

/**
 * The measured whole-run speed-up of the fixed version: the slow run's CPU time is the profiled
 * run's (sampling adds a few per cent), the fixed one's the better of two runs (the first may
 * compile and fill Numba's cache).
 */
function measuredSpeedup(report: DoctorReport, name: string): number {
  const before = report.meta.cpuTime!;
  const after = Math.min(cpuOf(`examples/fixed/${name}.py`), cpuOf(`examples/fixed/${name}.py`));
  return before / after;
}

function expectWithinTwofold(first: Advice, measured: number): void {
  const said = `announced ${first.speedup.low.toFixed(1)}x-${first.speedup.high.toFixed(1)}x, measured ${measured.toFixed(1)}x`;
  expect(measured, said).toBeGreaterThanOrEqual(first.speedup.low / 2);
  expect(measured, said).toBeLessThanOrEqual(first.speedup.high * 2);
}

describe.sequential('numeric examples (NumPy, pandas, Numba)', () => {
  it('sensor_levels: the recurrence is advised to Numba (HS508) first, with the decorator placement', async () => {
    const report = await run('sensor_levels');
    const first = report.advice[0]!;
    expect(first.rule).toBe('HS508');
    expect(first.path).toBe('examples/sensor_levels.py');
    expect(first.line).toBe(14);
    expect(first.share).toBeGreaterThan(0.5);
    expect(first.fix).toContain('`@njit(cache=True)` on the line above `def track_levels` (line 11)');
    // the loop's time is bytecode, not native calls: the element-wise signature
    expect(first.measured?.nativeShare).toBeLessThan(0.3);
    expectWithinTwofold(first, measuredSpeedup(report, 'sensor_levels'));
  }, 300_000);

  it.skipIf(!ruleById('HS503'))('signal_gain: the element-wise NumPy loop (HS503) comes first', async () => {
    const report = await run('signal_gain');
    const first = report.advice[0]!;
    expect(first.rule).toBe('HS503');
    expect(first.path).toBe('examples/signal_gain.py');
    expect([12, 13]).toContain(first.line);
    expect(first.share).toBeGreaterThan(0.5);
    expect(first.measured?.nativeShare).toBeLessThan(0.3);
    expectWithinTwofold(first, measuredSpeedup(report, 'signal_gain'));
  }, 300_000);

  it.skipIf(!ruleById('HS505'))('order_scoring: the iterrows loop (HS505) comes first', async () => {
    const report = await run('order_scoring');
    const first = report.advice[0]!;
    expect(first.rule).toBe('HS505');
    expect(first.path).toBe('examples/order_scoring.py');
    expect([23, 24, 25, 26]).toContain(first.line);
    expect(first.share).toBeGreaterThan(0.5);
    expectWithinTwofold(first, measuredSpeedup(report, 'order_scoring'));
  }, 300_000);

  it('hotspy check never reports the run-only HS508', async () => {
    const { checkPaths } = await import('../../src/check/index.js');
    const checked = await checkPaths(['examples/sensor_levels.py'], { cwd: root, cache: false });
    expect(checked.findings.map((f) => f.rule)).not.toContain('HS508');
    const forRun = await checkPaths(['examples/sensor_levels.py'], { cwd: root, cache: false, runOnly: true });
    expect(forRun.findings.map((f) => f.rule)).toContain('HS508');
  });
});
