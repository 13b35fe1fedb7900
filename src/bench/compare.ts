// Is one benchmark faster than another? The unit of evidence is the process, not the value:
// values from one process share its memory layout, hash seed and neighbours on the machine,
// so counting them as independent makes noise look significant (pyperf's "1.46x faster"
// for identical code).
import { bootstrapRatio } from './bootstrap.js';
import { mannWhitneyU } from './mann-whitney.js';
import { seededRandom } from './random.js';
import { median } from './stats.js';
import type { Comparison, Measure } from './types.js';

/** p below this is required; 6 processes a side are the fewest that can reach it. */
export const ALPHA = 0.01;
/** Instruction counts repeat to about 0.0004 %; below this a change is not worth a word. */
export const INSTRUCTION_FLOOR = 0.01;
const MAX_SPLITS = 400;

export function processMedians(values: readonly number[][]): number[] {
  return values.map((v) => median(v));
}

/**
 * The largest |ratio - 1| seen when one benchmark's own processes are split in two halves and
 * compared with each other: an A/A comparison made from data already measured on this machine.
 */
export function aaNoiseFloor(samples: readonly number[]): number {
  const n = samples.length;
  if (n < 4) return 0;
  const half = Math.floor(n / 2);
  const splits = enumerateSplits(n, half);
  let worst = 0;
  for (const inFirst of splits) {
    const a: number[] = [];
    const b: number[] = [];
    samples.forEach((x, i) => (inFirst[i] ? a : b).push(x));
    worst = Math.max(worst, Math.abs(median(a) / median(b) - 1), Math.abs(median(b) / median(a) - 1));
  }
  return worst;
}

function enumerateSplits(n: number, k: number): boolean[][] {
  const out: boolean[][] = [];
  const walk = (start: number, chosen: number[]) => {
    if (out.length >= MAX_SPLITS) return;
    if (chosen.length === k) {
      const mask = new Array<boolean>(n).fill(false);
      for (const i of chosen) mask[i] = true;
      out.push(mask);
      return;
    }
    for (let i = start; i < n; i++) walk(i + 1, [...chosen, i]);
  };
  if (binomial(n, k) <= MAX_SPLITS) walk(0, []);
  else {
    const random = seededRandom(3);
    for (let s = 0; s < MAX_SPLITS; s++) {
      const order = [...Array(n).keys()];
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const mask = new Array<boolean>(n).fill(false);
      for (const i of order.slice(0, k)) mask[i] = true;
      out.push(mask);
    }
  }
  return out;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Compare a candidate with a baseline from their per-process statistics. */
export function compareSamples(
  baselineName: string,
  baseline: readonly number[],
  candidateName: string,
  candidate: readonly number[],
  measure: Measure,
): Comparison {
  const ratio = median(candidate) / median(baseline);
  const ci95 =
    baseline.length > 1 && candidate.length > 1
      ? bootstrapRatio(baseline, candidate, median)
      : { low: ratio, high: ratio };
  const base = { baseline: baselineName, candidate: candidateName, ratio, ci95 };
  if (measure === 'instructions') {
    const significant = Math.abs(ratio - 1) >= INSTRUCTION_FLOOR;
    return {
      ...base,
      pValue: null,
      noiseFloor: INSTRUCTION_FLOOR,
      significant,
      reason: significant
        ? 'instruction counts are deterministic and differ by more than 1 %'
        : 'instruction counts differ by less than 1 %',
    };
  }
  const test = baseline.length >= 2 && candidate.length >= 2 ? mannWhitneyU(baseline, candidate) : undefined;
  const noiseFloor = Math.max(aaNoiseFloor(baseline), aaNoiseFloor(candidate));
  const change = Math.abs(ratio - 1);
  const ciExcludesOne = ci95.low > 1 || ci95.high < 1;
  let reason: string;
  if (!test) reason = 'too few processes for a rank test';
  else if (test.pValue >= ALPHA) reason = `rank test p = ${formatP(test.pValue)} (needs < ${ALPHA})`;
  else if (!ciExcludesOne) reason = 'the 95 % interval of the ratio includes 1';
  else if (change <= noiseFloor)
    reason = `the change is within what identical code shows here (A/A up to ${(noiseFloor * 100).toFixed(1)} %)`;
  else reason = `rank test p = ${formatP(test.pValue)}, interval excludes 1, beyond the A/A noise`;
  const significant = !!test && test.pValue < ALPHA && ciExcludesOne && change > noiseFloor;
  return { ...base, pValue: test?.pValue ?? null, noiseFloor, significant, reason };
}

function formatP(p: number): string {
  return p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
