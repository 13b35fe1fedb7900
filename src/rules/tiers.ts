// The performance hierarchy every rule belongs to (RULES.md): what family of cause a tier is,
// and what fixing it typically gives. Rule docs print it; the doctor ranks advice with it.

export interface Tier {
  family: string;
  /** The gain the guides report, as printed in the docs. */
  gain: string;
  /** The same range as speed-up factors of the code the fix applies to. */
  low: number;
  high: number;
  /** The conservative factor the ranking assumes: it promises no more than the guides measured. */
  factor: number;
  /** Short form of the range for advice ("10x-1000x"). */
  label: string;
}

export const TIERS: Record<number, Tier> = {
  1: { family: 'algorithmic complexity', gain: '10x - 1000x (complexity class changes)', low: 10, high: 1000, factor: 10, label: '10x-1000x' },
  2: { family: 'caching and memoization', gain: '10x and more for repeated pure work', low: 10, high: 100, factor: 10, label: '10x and more for repeated work' },
  3: { family: 'built-ins and idioms', gain: '1.1x - 10x (work moves into C)', low: 1.1, high: 10, factor: 1.5, label: '1.1x-10x' },
  4: { family: 'memory and I/O patterns', gain: 'memory 40-60 %, fewer round trips', low: 1.2, high: 2, factor: 1.5, label: 'memory 40-60 %, fewer round trips' },
  5: { family: 'interpreter overhead, vectorization, native code', gain: '1.3x (locals) to 100x+ (NumPy)', low: 1.3, high: 100, factor: 1.3, label: '1.3x (locals) to 100x (NumPy)' },
  6: { family: 'concurrency model', gain: 'from "slower with threads" to N cores', low: 1.5, high: 8, factor: 2, label: 'up to one core more per worker' },
};
