// Default sizes: log-spaced (doubling) from 8, stopping when the time budget is spent. The
// next size is predicted from the local log-log slope so that an exponential function
// does not jump from 10 ms straight into hours.
import type { SizePoint } from './run.js';

const MAX_SIZE = 1 << 22;
/** One size may take at most this share of the whole budget. */
const SIZE_SHARE = 0.15;
/** Aim for about this many sizes before the budget becomes the limit. */
const PLANNED_SIZES = 12;

export function planNextSize(points: readonly SizePoint[], remainingSec: number, budgetSec: number): number | undefined {
  const last = points[points.length - 1]!;
  if (points.length >= 2 * PLANNED_SIZES || remainingSec <= 0 || last.n >= MAX_SIZE) return undefined;
  // a call's cost times its calibration and repeats is roughly a worker's wall time
  const perCallCap = (SIZE_SHARE * Math.min(budgetSec, remainingSec)) / 8;
  let exponent = 1;
  if (points.length >= 2) {
    const prev = points[points.length - 2]!;
    exponent = Math.max(0, Math.log(last.time / prev.time) / Math.log(last.n / prev.n));
  }
  const predicted = (n: number) => last.time * (n / last.n) ** exponent;
  let next = last.n * 2;
  if (predicted(next) > perCallCap) {
    if (exponent <= 0) return undefined;
    next = Math.floor(last.n * (perCallCap / last.time) ** (1 / exponent));
  }
  if (next <= last.n) return undefined;
  return Math.min(next, MAX_SIZE);
}
