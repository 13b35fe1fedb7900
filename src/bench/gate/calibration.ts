// Machine drift between a stored baseline and now. A fixed reference workload
// (src/harness/hotspy_calibration.py) is timed in the same processes as every benchmark, one
// reference value just before each benchmark value, both when the baseline is written and at
// every gate run. How much the reference slowed down says how much the machine did, and each
// benchmark's change is divided by it.
//
// The pairing is per value: a reference value and the benchmark value after it are a few
// milliseconds apart in one process, so they share its machine state (a neighbour on the
// sibling hyperthread, the CPU clock, cache pressure). Each process contributes the median of
// its benchmark/reference quotients; the interval is then bootstrapped over processes as for
// raw values, so the reference's own noise is in it.
import { bootstrapRatio, type Interval } from '../bootstrap.js';
import { calibrationPath } from '../python.js';
import { median } from '../stats.js';
import type { BenchTarget } from '../types.js';

/** Names the workload in the baseline; bump it whenever hotspy_calibration.py changes. */
export const CALIBRATION_WORKLOAD = 'hotspy-calibration-1';

export function calibrationTarget(): BenchTarget {
  return { kind: 'function', name: 'hotspy:calibration', file: calibrationPath(), function: 'bench_calibration', setup: null };
}

/** One benchmark's values and the reference values taken beside them (same shape). */
export interface Calibrated {
  benchmark: readonly number[][];
  reference: readonly number[][];
}

/** Per process: the median of benchmark value / the reference value just before it. */
export function normalisedPerProcess(run: Calibrated): number[] | undefined {
  const { benchmark, reference } = run;
  if (benchmark.length === 0 || benchmark.length !== reference.length) return undefined;
  const out: number[] = [];
  for (let p = 0; p < benchmark.length; p++) {
    const b = benchmark[p]!;
    const r = reference[p]!;
    if (b.length !== r.length || r.some((x) => !(x > 0))) return undefined;
    out.push(median(b.map((x, i) => x / r[i]!)));
  }
  return out;
}

/** Median of per-process medians over every benchmark's reference values. */
export function referenceMedian(series: readonly (readonly number[][])[]): number {
  return median(series.flatMap((values) => values.map((v) => median(v))));
}

/** current / baseline after dividing out the reference's change, with its 95 % interval. */
export function normalisedRatio(baseline: Calibrated, current: Calibrated): { ratio: number; ci95: Interval } | undefined {
  const x = normalisedPerProcess(baseline);
  const y = normalisedPerProcess(current);
  if (!x || !y) return undefined;
  const ratio = median(y) / median(x);
  const ci95 = x.length > 1 && y.length > 1 ? bootstrapRatio(x, y, median) : { low: ratio, high: ratio };
  return { ratio, ci95 };
}
