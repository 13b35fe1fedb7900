// Choose a complexity class for (n, time) points.
//
// Each class is fitted as t = a + b g(n) with a, b >= 0 (a is the call overhead every
// real timing has) by least squares on *relative* residuals, (t - fit) / t. Absolute
// residuals let the largest size decide everything, which is how big_O calls `sum`
// constant; relative ones weigh every size alike, so the choice does not depend on the
// unit or on how slow the machine is. Classes are then ranked by BIC, which charges the
// extra parameter of a growth term, after two checks: the growth term must explain more
// than noise over the measured range (else the class is O(1) in disguise), and the fitted
// curve's log-log slope must match the data's. When the best two remaining classes are
// closer than the evidence threshold, the answer is "inconclusive" and both are named.
import { median } from '../stats.js';
import { CLASSES, normalizedGrowth, type ClassModel, type ComplexityClass } from './classes.js';

export interface Point {
  n: number;
  /** Median seconds per call at this size. */
  time: number;
  /** Relative spread of the repeats at this size (robust CV). */
  spread: number;
}

export interface ClassFit {
  class: ComplexityClass;
  /** Seconds: the constant part (call overhead). */
  intercept: number;
  /** Seconds per unit of g(n); null when g(nMax) overflows a double (2^n at large n). */
  coefficient: number | null;
  /** b in t = a + b g(n) / g(nMax): with `nMax`, enough to redraw the curve at any n. */
  normalizedCoefficient: number;
  nMax: number;
  /** Root mean square of relative residuals. */
  rmse: number;
  /** Weighted R^2 of the fit. */
  r2: number;
  bic: number;
  /** The fitted curve's log-log slope over the measured range. */
  slope: number;
  rejected?: string;
  /** Fitted seconds at each measured n (for charts). */
  fitted: number[];
}

export interface FitResult {
  best: ComplexityClass | 'inconclusive';
  /** The classes the data cannot tell apart (when inconclusive), else [best]. */
  candidates: ComplexityClass[];
  runnerUp: ComplexityClass | null;
  /** BIC difference between runner-up and best: above 2 counts as evidence. */
  evidence: number | null;
  /** log-log slope of the measured times between the smallest and largest size. */
  dataSlope: number;
  /** The noise level residuals are compared against. */
  noise: number;
  fits: ClassFit[];
}

/** BIC difference that counts as evidence ("positive" on the Kass-Raftery scale). */
export const EVIDENCE_THRESHOLD = 2;
const MIN_NOISE = 0.02;

function fitClass(model: ClassModel, points: readonly Point[], noise: number): ClassFit {
  const nMax = Math.max(...points.map((p) => p.n));
  const g = points.map((p) => normalizedGrowth(model, p.n, nMax));
  const t = points.map((p) => p.time);
  const w = t.map((ti) => 1 / (ti * ti));
  const ssr = (a: number, b: number) => t.reduce((s, ti, i) => s + w[i]! * (ti - a - b * g[i]!) ** 2, 0);

  const candidates: [number, number][] = [];
  const sw = sum(w);
  const onlyA: [number, number] = [sum(w.map((wi, i) => wi * t[i]!)) / sw, 0];
  candidates.push(onlyA);
  if (model.logGrowth) {
    const swg = sum(w.map((wi, i) => wi * g[i]!));
    const swgg = sum(w.map((wi, i) => wi * g[i]! * g[i]!));
    const swt = sum(w.map((wi, i) => wi * t[i]!));
    const swgt = sum(w.map((wi, i) => wi * g[i]! * t[i]!));
    if (swgg > 0) candidates.push([0, swgt / swgg]);
    const det = sw * swgg - swg * swg;
    if (det > 1e-12 * sw * swgg) {
      const a = (swt * swgg - swg * swgt) / det;
      const b = (sw * swgt - swg * swt) / det;
      if (a >= 0 && b >= 0) candidates.push([a, b]);
    }
  }
  let [a, b] = candidates[0]!;
  let best = ssr(a, b);
  for (const [ca, cb] of candidates) {
    const s = ssr(ca, cb);
    if (s < best) [a, b, best] = [ca, cb, s];
  }
  const m = points.length;
  const params = model.logGrowth ? 2 : 1;
  const fitted = g.map((gi) => a + b * gi);
  const meanW = sum(w.map((wi, i) => wi * t[i]!)) / sw;
  const sst = sum(w.map((wi, i) => wi * (t[i]! - meanW) ** 2));
  // residuals smaller than the measurement noise carry no information: floor them there
  const effective = Math.max(best, m * noise * noise);
  const gMaxLog = model.logGrowth?.(nMax);
  const scale = gMaxLog === undefined ? undefined : Math.exp(gMaxLog);
  const first = points[0]!;
  const last = points[m - 1]!;
  const fit: ClassFit = {
    class: model.name,
    intercept: a,
    coefficient: scale === undefined ? null : Number.isFinite(scale) ? b / scale : null,
    normalizedCoefficient: b,
    nMax,
    rmse: Math.sqrt(best / m),
    r2: sst > 0 ? 1 - best / sst : 1,
    bic: m * Math.log(effective / m) + params * Math.log(m),
    slope: Math.log(fitted[m - 1]! / fitted[0]!) / Math.log(last.n / first.n),
    fitted,
  };
  if (model.logGrowth) {
    // Does the growth term change the curve by more than the noise between the ends of the
    // range? Noise is the larger of the repeats' spread and this fit's own scatter: sizes run
    // in separate processes, which adds scatter the repeats inside one process cannot show.
    const growth = (b * (g[m - 1]! - g[0]!)) / fitted[m - 1]!;
    const scatter = Math.max(noise, fit.rmse);
    if (!(growth > 2 * scatter)) fit.rejected = `its growth term explains less than the noise (${(growth * 100).toFixed(1)} %)`;
  }
  return fit;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0);
}

export function fitComplexity(points: readonly Point[]): FitResult {
  const sorted = [...points].sort((p, q) => p.n - q.n);
  const noise = Math.max(MIN_NOISE, median(sorted.map((p) => p.spread)));
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const dataSlope = Math.log(last.time / first.time) / Math.log(last.n / first.n);
  const fits = CLASSES.map((model) => fitClass(model, sorted, noise));
  for (const fit of fits) {
    if (fit.rejected) continue;
    const tolerance = 0.15 + 0.15 * Math.abs(dataSlope);
    if (Math.abs(fit.slope - dataSlope) > tolerance) {
      fit.rejected = `its log-log slope ${fit.slope.toFixed(2)} does not match the data's ${dataSlope.toFixed(2)}`;
    }
  }
  const ranked = fits.filter((f) => !f.rejected).sort((x, y) => x.bic - y.bic);
  if (ranked.length === 0) {
    return { best: 'inconclusive', candidates: [], runnerUp: null, evidence: null, dataSlope, noise, fits };
  }
  const [top, second] = ranked;
  const evidence = second ? second.bic - top!.bic : null;
  // With few sizes, one extra parameter that buys no better fit costs only ln(m) < 2; that
  // must still count against it, or O(1) could never beat its own growing look-alikes.
  const threshold = Math.min(EVIDENCE_THRESHOLD, 0.9 * Math.log(sorted.length));
  if (second && evidence! < threshold) {
    const close = ranked.filter((f) => f.bic - top!.bic < threshold).map((f) => f.class);
    return { best: 'inconclusive', candidates: close, runnerUp: second.class, evidence, dataSlope, noise, fits };
  }
  return { best: top!.class, candidates: [top!.class], runnerUp: second?.class ?? null, evidence, dataSlope, noise, fits };
}
