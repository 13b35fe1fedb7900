// The gate's rule: a benchmark regressed when it is slower by more than the threshold AND
// the whole 95 % interval of the change lies past the threshold. The point estimate alone
// would fail on noise; the interval alone would fail on tiny real changes.
import { bootstrapInterval, bootstrapRatio } from '../bootstrap.js';
import { processMedians } from '../compare.js';
import { median } from '../stats.js';
import type { Interval } from '../bootstrap.js';
import { normalisedRatio } from './calibration.js';

export type GateStatus = 'regressed' | 'improved' | 'unchanged' | 'new' | 'missing' | 'failed';

export interface GateRow {
  name: string;
  status: GateStatus;
  unit: 's' | 'instructions';
  baselineMedian?: number;
  currentMedian?: number;
  /** current / baseline; divided by the machine's drift when `normalised` */
  ratio?: number;
  ci95?: Interval;
  /** The ratio is divided by the reference workload's change (see calibration.ts). */
  normalised?: boolean;
  /** current / baseline of the medians as measured, before any normalisation. */
  rawRatio?: number;
  message?: string;
}

export const DEFAULT_THRESHOLD = 0.1;

export function decide(
  name: string,
  unit: 's' | 'instructions',
  baseline: readonly number[][],
  current: readonly number[][],
  threshold: number,
  /** The reference workload's values from the baseline's run and from this one. */
  reference?: { baseline: readonly number[][]; current: readonly number[][] },
): GateRow {
  const a = processMedians(baseline);
  const b = processMedians(current);
  const rawRatio = median(b) / median(a);
  const normalised = reference
    ? normalisedRatio({ benchmark: baseline, reference: reference.baseline }, { benchmark: current, reference: reference.current })
    : undefined;
  const ratio = normalised?.ratio ?? rawRatio;
  const ci95 = normalised?.ci95 ?? (a.length > 1 && b.length > 1 ? bootstrapRatio(a, b, median) : { low: ratio, high: ratio });
  const limit = 1 + threshold;
  let status: GateStatus = 'unchanged';
  if (ratio > limit && ci95.low > limit) status = 'regressed';
  else if (ratio < 1 / limit && ci95.high < 1 / limit) status = 'improved';
  return { name, status, unit, baselineMedian: median(a), currentMedian: median(b), ratio, ci95, normalised: !!normalised, rawRatio };
}

/**
 * `--against` in time: old and new values taken in the same processes, so the change is the
 * median of the per-process ratios, and its interval resamples those ratios (the pairs stay
 * together; resampling each side on its own would add back the spread between processes).
 */
export function decidePaired(name: string, unit: 's' | 'instructions', baseline: readonly number[][], current: readonly number[][], threshold: number): GateRow {
  const a = processMedians(baseline);
  const b = processMedians(current);
  const ratios = a.map((x, i) => b[i]! / x).filter((r) => Number.isFinite(r));
  const ratio = median(ratios);
  const ci95 = ratios.length > 1 ? bootstrapInterval(ratios, median) : { low: ratio, high: ratio };
  const limit = 1 + threshold;
  let status: GateStatus = 'unchanged';
  if (ratio > limit && ci95.low > limit) status = 'regressed';
  else if (ratio < 1 / limit && ci95.high < 1 / limit) status = 'improved';
  return { name, status, unit, baselineMedian: median(a), currentMedian: median(b), ratio, ci95, normalised: false, rawRatio: median(b) / median(a) };
}
