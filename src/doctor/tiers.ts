// What fixing each tier's cause typically gives (src/rules/tiers.ts), and the Amdahl arithmetic
// the ranking does with it.
import { TIERS, type Tier } from '../rules/tiers.js';

export type TierGain = Pick<Tier, 'factor' | 'low' | 'high' | 'label' | 'family'> & {
  /**
   * Seconds the fix adds to every run whatever the loop's size (Numba's import and the load of
   * its cached machine code): the whole run's speed-up counts them, so a short loop is not promised
   * a gain the compiler's start-up eats.
   */
  startup?: number;
};

export const TIER_GAINS: Record<number, TierGain> = TIERS;

/**
 * Rules whose fix is known better than their tier's range: the loop-level speed-ups measured on
 * the numeric examples (docs/measured-claims.md, `benchmarks/examples/numeric_gains.py`):
 * element loop to a NumPy expression 97x-158x, `iterrows` to column arithmetic 486x-722x, a
 * recurrence compiled with Numba 73x-198x. The ranges start lower, for loops over small arrays.
 */
export const RULE_GAINS: Record<string, TierGain> = {
  HS503: { family: 'vectorization', factor: 10, low: 10, high: 100, label: '10x-100x (NumPy on whole arrays)' },
  HS504: { family: 'vectorization', factor: 10, low: 10, high: 100, label: '10x-100x (NumPy on whole arrays)' },
  HS505: { family: 'vectorization', factor: 10, low: 10, high: 1000, label: '10x-1000x (column arithmetic)' },
  HS508: { family: 'compilation', factor: 20, low: 20, high: 200, label: '20x-200x (Numba, after about 0.7 s of import per run)', startup: 0.7 },
};

/** Hot spots without a finding: the fix is unknown, so assume a modest gain. */
export const HOTSPOT_GAIN: TierGain = { factor: 1.3, low: 1, high: 10, label: 'depends on the cause', family: 'hot spot' };

/** Fraction of the covered time a fix saves: 1 - 1/factor. */
export function savedFraction(gain: TierGain): number {
  return 1 - 1 / gain.factor;
}

/** Below this share of the run, a finding is "not worth it now" (the guides' ~5 % rule). */
export const HOT_SHARE = 0.05;

/**
 * Whole-run speed-up when code holding `share` of the time gets `factor` times faster (Amdahl);
 * `startup` (a fraction of the run) is time the fix adds to every run.
 */
export function runSpeedup(share: number, factor: number, startup = 0): number {
  const remaining = 1 - share * (1 - 1 / factor) + startup;
  return remaining > 0 ? 1 / remaining : Infinity;
}
