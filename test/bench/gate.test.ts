// Real python3 gate runs. Small suites and few values bound the wall time; the decision rule
// is the one the defaults use.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALIBRATION_WORKLOAD, normalisedRatio } from '../../src/bench/gate/calibration.js';
import { runGate, type GateRequest, type GateRun } from '../../src/bench/gate/run-gate.js';
import { renderGateMarkdown } from '../../src/report/bench-gate-markdown.js';
import { renderGateText } from '../../src/report/bench-gate-text.js';
import { cli } from './cli-helper.js';

const SUITE = resolve('test/fixtures/bench/bench_gate_suite.py');
const SLOWER = resolve('test/fixtures/bench/bench_gate_slower.py');
// the same settings for the baseline, the self-runs and the slowdowns: a narrower interval
// would make the first easier to fail and the second easier to catch, a wider one the reverse.
// 4 values a process: the normalised change is a median of per-value quotients, and with 2 a
// single interrupted value moved it by up to 20 % here (load 5-15 on 2 cores).
const quick = { processes: '4', values: '4', warmups: '1', minTime: '0.01', timeout: '30' } satisfies Partial<GateRequest>;

// for what does not depend on the statistics
const tiny = { processes: '2', values: '1', warmups: '0', minTime: '0.01', timeout: '30' } satisfies Partial<GateRequest>;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hotspy-gate-test-'));
}

const pct = (x: number) => ((x - 1) * 100).toFixed(1);
function describeRun(run: GateRun): string {
  const speed = run.calibration?.speed;
  const rows = run.rows.map((r) => `${r.name} ${pct(r.ratio!)}% [${pct(r.ci95!.low)}, ${pct(r.ci95!.high)}] (raw ${pct(r.rawRatio!)}%) ${r.status}`);
  return `speed ${speed?.toFixed(2)}x: ${rows.join('; ')}`;
}

describe('machine-drift normalisation', () => {
  it('divides a uniform slowdown of the machine out, and keeps a real change', () => {
    // per process: 3 values of the benchmark and of the reference taken beside each
    const reference = [[1, 1.02, 0.99], [1.01, 1, 1], [0.98, 1, 1.03], [1, 1, 1.01]];
    const benchmark = reference.map((p) => p.map((x) => 2 * x));
    const slowMachine = (v: number[][]) => v.map((p) => p.map((x) => 1.3 * x));
    const same = normalisedRatio({ benchmark, reference }, { benchmark: slowMachine(benchmark), reference: slowMachine(reference) })!;
    expect(same.ratio).toBeCloseTo(1, 6);
    expect(same.ci95.low).toBeLessThanOrEqual(1 + 1e-9);
    const slower = benchmark.map((p) => p.map((x) => 1.25 * x));
    const real = normalisedRatio({ benchmark, reference }, { benchmark: slowMachine(slower), reference: slowMachine(reference) })!;
    expect(real.ratio).toBeCloseTo(1.25, 6);
    expect(normalisedRatio({ benchmark, reference: reference.slice(1) }, { benchmark, reference })).toBeUndefined();
  });
});

describe('hotspy gate against a stored baseline', () => {
  const dir = tempDir();
  const baseline = join(dir, '.hotspy', 'baseline.json');

  it('writes a baseline that records machine, Python, hotspy version and the reference workload', async () => {
    const run = await runGate({ suite: SUITE, baseline, ...quick });
    expect(run.mode).toBe('baseline-written');
    expect(run.exitCode).toBe(0);
    const written = JSON.parse(readFileSync(baseline, 'utf8'));
    expect(written.format).toBe('hotspy-baseline');
    expect(written.environment.machine.cpuModel).toBeTruthy();
    expect(written.environment.python.version).toMatch(/^3\./);
    expect(written.environment.hotspy).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(written.benchmarks)).toEqual(['bench_loop_sum', 'bench_dict_count']);
    expect(written.calibration).toMatchObject({ workload: CALIBRATION_WORKLOAD });
    expect(written.calibration.median).toBeGreaterThan(0);
    expect(written.processes).toBe(8); // twice --processes: every later run shares its error
    for (const b of Object.values(written.benchmarks) as { values: number[][]; reference: { values: number[][] } }[]) {
      expect(b.reference.values.map((p) => p.length)).toEqual(b.values.map((p) => p.length));
    }
  }, 60_000);

  // Both use that one baseline, never re-recorded: it is compared across time, as in CI.
  it('never fails the unchanged suite at the default threshold, ten runs in a row', async () => {
    const changes: string[] = [];
    for (let i = 0; i < 10; i++) {
      const run = await runGate({ suite: SUITE, baseline, ...quick });
      changes.push(describeRun(run));
      expect(run.exitCode, changes.join('\n')).toBe(0);
      expect(run.calibration?.applied, changes.join('\n')).toBe(true);
      expect(run.rows.every((r) => r.normalised)).toBe(true);
    }
    console.log(`self-runs:\n${changes.join('\n')}`);
  }, 120_000);

  it('fails a 25 % slowdown every time', async () => {
    const changes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const run = await runGate({ suite: SLOWER, baseline, ...quick });
      changes.push(describeRun(run));
      expect(run.exitCode, changes.join('\n')).toBe(1);
      expect(run.rows.every((r) => r.status === 'regressed'), changes.join('\n')).toBe(true);
    }
    console.log(`25 % slowdown:\n${changes.join('\n')}`);
  }, 120_000);

  it('exits 1 through the CLI, shows the machine speed, and writes a markdown summary for the pull request', async () => {
    const summary = join(dir, 'summary.md');
    const r = await cli(['gate', SLOWER, '--baseline', baseline, '--processes', '4', '--values', '4', '--min-time', '0.01', '--summary', summary]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toMatch(/REGRESSED/);
    expect(r.stdout).toMatch(/machine speed vs baseline: \d\.\d\dx .*normalised/);
    const md = readFileSync(summary, 'utf8');
    expect(md).toMatch(/^### :x: hotspy gate/);
    expect(md).toMatch(/\| `bench_loop_sum` \|/);
    expect(md).toMatch(/machine speed vs baseline/);
  }, 60_000);

  it('compares raw timings with --no-calibrate, and says so', async () => {
    const run = await runGate({ suite: SUITE, baseline, filter: 'loop_sum', calibrate: false, ...tiny });
    expect(run.calibration).toBeUndefined();
    expect(run.rows[0]!.normalised).toBe(false);
    expect(run.benchmarks[0]!.reference).toBeUndefined();
    expect(renderGateText(run)).toMatch(/not normalised for machine drift \(--no-calibrate\)/);
    // a baseline written without the reference workload: the gate still runs, and warns
    const raw = join(dir, 'raw.json');
    await runGate({ suite: SUITE, baseline: raw, filter: 'loop_sum', calibrate: false, ...tiny });
    expect(JSON.parse(readFileSync(raw, 'utf8')).calibration).toBeUndefined();
    const later = await runGate({ suite: SUITE, baseline: raw, filter: 'loop_sum', ...tiny });
    expect(later.calibration?.applied).toBe(false);
    expect(later.warnings.join('\n')).toMatch(/no reference-workload timings.*--update/);
  }, 60_000);
});

describe('hotspy gate --against', () => {
  it('compares with another file, interleaved in the same job', async () => {
    const run = await runGate({ suite: SLOWER, baseline: join(tempDir(), 'unused.json'), against: SUITE, ...quick });
    expect(run.mode).toBe('against');
    expect(run.exitCode, run.rows.map((r) => `${r.name} ${pct(r.ratio!)}% [${pct(r.ci95!.low)}, ${pct(r.ci95!.high)}]`).join('; ')).toBe(1);
    expect(run.againstBenchmarks).toHaveLength(2);
    expect(renderGateMarkdown(run)).toContain('REGRESSED');
  }, 60_000);

  it('compares with a git revision of the suite', async () => {
    const repo = tempDir();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, stdio: 'ignore' });
    git('init', '-q');
    copyFileSync(SUITE, join(repo, 'bench_suite.py'));
    git('add', 'bench_suite.py');
    git('commit', '-q', '-m', 'fast');
    copyFileSync(SLOWER, join(repo, 'bench_suite.py'));
    const run = await runGate({ suite: join(repo, 'bench_suite.py'), baseline: join(repo, 'b.json'), against: 'HEAD', ...quick });
    expect(run.against).toBe('HEAD');
    expect(run.exitCode).toBe(1);
    await expect(runGate({ suite: join(repo, 'bench_suite.py'), baseline: join(repo, 'b.json'), against: 'no-such-rev', ...quick })).rejects.toThrow(
      /neither a file nor a git revision/,
    );
  }, 60_000);
});

describe('hotspy gate on bad baselines', () => {
  it('names a corrupt file, a foreign file and a wrong shape, each in one line', async () => {
    const dir = tempDir();
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"format": "hotspy-baseline", "version": 1, "bench');
    await expect(runGate({ suite: SUITE, baseline: corrupt, ...quick })).rejects.toThrow(/corrupt\.json: the baseline is not valid JSON/);
    const foreign = join(dir, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ machine_info: {}, benchmarks: [] })); // a pytest-benchmark file
    await expect(runGate({ suite: SUITE, baseline: foreign, ...quick })).rejects.toThrow(/foreign\.json: not a hotspy baseline/);
    const shape = join(dir, 'shape.json');
    writeFileSync(shape, JSON.stringify({ format: 'hotspy-baseline', version: 1, benchmarks: {} }));
    await expect(runGate({ suite: SUITE, baseline: shape, ...quick })).rejects.toThrow(/shape\.json: corrupt baseline at createdAt/);
    const r = await cli(['gate', SUITE, '--baseline', corrupt]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^hotspy: error: .*corrupt\.json/);
    expect(r.stderr).toMatch(/hint: .*--update/);
  }, 60_000);
});

describe('hotspy gate --measure instructions', () => {
  it('gives the same counts within 1 % on two runs', async () => {
    const dir = tempDir();
    const baseline = join(dir, 'instructions.json');
    const request = { suite: SUITE, baseline, measure: 'instructions', filter: 'loop_sum', timeout: '120' };
    const first = await runGate(request);
    expect(first.mode).toBe('baseline-written');
    const second = await runGate(request);
    const row = second.rows[0]!;
    console.log(`instructions: ${row.baselineMedian} then ${row.currentMedian} (ratio ${row.ratio})`);
    expect(Math.abs(row.ratio! - 1)).toBeLessThan(0.01);
    expect(second.exitCode).toBe(0);
  }, 180_000);
});
