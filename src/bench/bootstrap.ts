// Percentile bootstrap intervals. The resampling unit is whatever the caller passes:
// bench passes one number per process, because values inside a process share its
// memory layout and hash seed and are not independent of each other.
import { quantile } from './stats.js';
import { seededRandom, type Random } from './random.js';

export interface Interval {
  low: number;
  high: number;
}

const RESAMPLES = 2000;

function resample(xs: readonly number[], random: Random): number[] {
  const out = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = xs[Math.floor(random() * xs.length)]!;
  return out;
}

/** 95 % interval of `stat` over one sample. */
export function bootstrapInterval(
  xs: readonly number[],
  stat: (sample: number[]) => number,
  seed = 1,
): Interval {
  const random = seededRandom(seed);
  const stats: number[] = [];
  for (let i = 0; i < RESAMPLES; i++) stats.push(stat(resample(xs, random)));
  return { low: quantile(stats, 0.025), high: quantile(stats, 0.975) };
}

/** 95 % interval of stat(b) / stat(a), resampling both samples independently. */
export function bootstrapRatio(
  a: readonly number[],
  b: readonly number[],
  stat: (sample: number[]) => number,
  seed = 2,
): Interval {
  const random = seededRandom(seed);
  const ratios: number[] = [];
  for (let i = 0; i < RESAMPLES; i++) ratios.push(stat(resample(b, random)) / stat(resample(a, random)));
  return { low: quantile(ratios, 0.025), high: quantile(ratios, 0.975) };
}
