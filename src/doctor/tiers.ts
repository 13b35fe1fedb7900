// What fixing each tier's cause typically gives, from RULES.md's table. The factor is the
// conservative end of the range: ranking promises no more than the guides measured.

export interface TierGain {
  /** Speed-up of the covered code that the ranking assumes. */
  factor: number;
  /** The range the guides report, as speed-up factors of the covered code. */
  low: number;
  high: number;
  /** The range the guides report, for display. */
  label: string;
  family: string;
}

export const TIER_GAINS: Record<number, TierGain> = {
  1: { factor: 10, low: 10, high: 1000, label: '10x-1000x', family: 'algorithmic complexity' },
  2: { factor: 10, low: 10, high: 100, label: '10x and more for repeated work', family: 'caching and memoization' },
  3: { factor: 1.5, low: 1.1, high: 10, label: '1.1x-10x', family: 'built-ins and idioms' },
  4: { factor: 1.5, low: 1.2, high: 2, label: 'memory 40-60 %, fewer round trips', family: 'memory and I/O' },
  5: { factor: 1.3, low: 1.3, high: 100, label: '1.3x (locals) to 100x (NumPy)', family: 'interpreter overhead' },
  6: { factor: 2, low: 1.5, high: 8, label: 'up to one core more per worker', family: 'concurrency model' },
};

/** Hot spots without a finding: the fix is unknown, so assume a modest gain. */
export const HOTSPOT_GAIN: TierGain = { factor: 1.3, low: 1, high: 10, label: 'depends on the cause', family: 'hot spot' };

/** Fraction of the covered time a fix saves: 1 - 1/factor. */
export function savedFraction(gain: TierGain): number {
  return 1 - 1 / gain.factor;
}

/** Below this share of the run, a finding is "not worth it now" (the guides' ~5 % rule). */
export const HOT_SHARE = 0.05;

/** Whole-run speed-up when code holding `share` of the time gets `factor` times faster (Amdahl). */
export function runSpeedup(share: number, factor: number): number {
  const remaining = 1 - share * (1 - 1 / factor);
  return remaining > 0 ? 1 / remaining : Infinity;
}
