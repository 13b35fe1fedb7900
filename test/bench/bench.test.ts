// Real python3 timings. Settings are small (short values, few processes) to bound wall time;
// the statistics are the same as with the defaults.
import { describe, expect, it } from 'vitest';
import { runBench } from '../../src/bench/run-bench.js';
import { statementTargets } from '../../src/bench/targets.js';
import type { BenchSettings } from '../../src/bench/types.js';
import { renderBenchMarkdown } from '../../src/report/bench-markdown.js';
import { renderBenchText } from '../../src/report/bench-text.js';
import { cli } from './cli-helper.js';

const quick: BenchSettings = { measure: 'time', clock: 'cpu', processes: 6, values: 3, warmups: 1, minTime: 0.01, timeout: 30 };
const SETUP = 'data = list(range(10_000)); s = set(data)';

describe('hotspy bench: A/A', () => {
  it('never calls identical statements significantly different, over 10 runs', async () => {
    const verdicts: string[] = [];
    for (let run = 0; run < 10; run++) {
      // 6 processes a side (the fewest that can reach p < 0.01), short values to bound the time
      const result = await runBench(statementTargets(['sum(data[:200])', 'sum(data[:200])'], SETUP), { ...quick, values: 2, minTime: 0.005 });
      const c = result.comparisons[0]!;
      verdicts.push(`run ${run}: ratio ${c.ratio.toFixed(3)} p=${c.pValue?.toFixed(4)} floor=${c.noiseFloor.toFixed(3)} significant=${c.significant}`);
      expect(result.benchmarks.map((b) => b.status)).toEqual(['ok', 'ok']);
    }
    console.log(verdicts.join('\n'));
    expect(verdicts.filter((v) => v.endsWith('significant=true')), verdicts.join('\n')).toEqual([]);
  }, 240_000);
});

describe('hotspy bench: a real difference', () => {
  it('finds set membership hundreds of times faster than list membership, with an interval', async () => {
    const result = await runBench(statementTargets(['5000 in data', '5000 in s'], SETUP), quick);
    const c = result.comparisons[0]!;
    expect(c.significant).toBe(true);
    expect(1 / c.ratio).toBeGreaterThan(100);
    expect(c.ci95.low).toBeLessThanOrEqual(c.ratio);
    expect(c.ci95.high).toBeGreaterThanOrEqual(c.ratio);
    // every raw value is kept: processes x values
    expect(result.benchmarks[0]!.values).toHaveLength(6);
    expect(result.benchmarks[0]!.values.every((v) => v.length === 3)).toBe(true);
    const text = renderBenchText(result);
    expect(text).toMatch(/`5000 in s` is [\d.]+x \+- [\d.]+x faster than `5000 in data`/);
    expect(renderBenchMarkdown(result)).toMatch(/^\| benchmark \| median/);
  }, 60_000);
});

describe('hotspy bench: bad input', () => {
  it('reports a statement that raises and still runs the others', async () => {
    const result = await runBench(statementTargets(['1/0', 'x = 1'], 'pass'), { ...quick, processes: 2 });
    expect(result.benchmarks[0]).toMatchObject({ status: 'failed', failure: { stage: 'run', type: 'ZeroDivisionError' } });
    expect(result.benchmarks[1]!.status).toBe('ok');
    expect(renderBenchText(result)).toContain('error: 1/0: raised: ZeroDivisionError: division by zero');
  }, 60_000);

  it('runs a suite with bad benchmarks: each fails alone, the output of the module is kept off the results', async () => {
    const { code, stdout } = await cli([
      'bench', 'test/fixtures/bench/bench_bad_inputs.py', '--processes', '2', '--values', '1', '--min-time', '0.005', '--timeout', '2', '--format', 'json',
    ]);
    expect(code).toBe(1);
    const run = JSON.parse(stdout) as { benchmarks: { name: string; status: string; failure?: { stage: string; message: string }; warnings: string[] }[] };
    const byName = Object.fromEntries(run.benchmarks.map((b) => [b.name, b]));
    expect(byName.bench_ok!.status).toBe('ok');
    expect(byName.bench_prints!.status).toBe('ok');
    expect(byName.bench_prints!.warnings.join()).toMatch(/printed \d+ bytes to stdout/);
    expect(byName.bench_raises!.failure).toMatchObject({ stage: 'run', message: 'boom' });
    expect(byName.bench_never_returns!.failure).toMatchObject({ stage: 'timeout' });
    expect(byName.bench_broken_setup!.failure).toMatchObject({ stage: 'setup', message: 'setup failed' });
    expect(byName.bench_needs_argument!.failure!.message).toMatch(/no setup_needs_argument\(\)/);
  }, 60_000);

  it('explains usage errors in one line with exit 2', async () => {
    const r = await cli(['bench', 'only one statement']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at least two statements/);
    const missing = await cli(['bench', 'nope/bench_missing.py']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
  });
});
