// What fixing each tier's cause typically gives (src/rules/tiers.ts), and the Amdahl arithmetic
// the ranking does with it.
import { TIERS, type Tier } from '../rules/tiers.js';

export type TierGain = Pick<Tier, 'factor' | 'low' | 'high' | 'label' | 'family'>;

export const TIER_GAINS: Record<number, TierGain> = TIERS;

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
