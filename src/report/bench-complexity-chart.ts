// Shared geometry for complexity charts: log-log axes, so each class is a straight line
// whose slope is its exponent and the eye can compare them.
import { evaluateFit } from '../bench/complexity/classes.js';
import type { ComplexityRun } from '../bench/complexity/run.js';
import type { ClassFit } from '../bench/complexity/fit.js';

export interface ChartData {
  points: { n: number; time: number }[];
  curve: { n: number; time: number }[];
  fit: ClassFit | undefined;
  nRange: [number, number];
  tRange: [number, number];
}

/** The fit to draw: the chosen class, or the best-ranked candidate when inconclusive. */
export function chartedFit(run: ComplexityRun): ClassFit | undefined {
  const name = run.best === 'inconclusive' ? run.candidates[0] : run.best;
  return run.fits.find((f) => f.class === name);
}

export function chartData(run: ComplexityRun, samples: number): ChartData {
  const points = run.points.map((p) => ({ n: p.n, time: p.time }));
  const nMin = Math.min(...points.map((p) => p.n));
  const nMax = Math.max(...points.map((p) => p.n));
  const fit = chartedFit(run);
  const curve: { n: number; time: number }[] = [];
  if (fit) {
    for (let i = 0; i < samples; i++) {
      const n = nMin * (nMax / nMin) ** (i / (samples - 1));
      curve.push({ n, time: evaluateFit(fit.class, fit.intercept, fit.normalizedCoefficient, fit.nMax, n) });
    }
  }
  const times = [...points, ...curve].map((p) => p.time).filter((t) => t > 0);
  return { points, curve, fit, nRange: [nMin, nMax], tRange: [Math.min(...times), Math.max(...times)] };
}

/** Position in [0, 1] on a log axis. */
export function logPosition(value: number, [lo, hi]: [number, number]): number {
  if (hi <= lo || value <= 0) return 0.5;
  return (Math.log(value) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
}
