// The complexity classes, named exactly as JSON prints them. Each gives log g(n), so the
// growth term can be normalised by its value at the largest size without overflowing
// (2^n at n = 2000 is far past the largest double).

export const CLASS_NAMES = ['O(1)', 'O(log n)', 'O(n)', 'O(n log n)', 'O(n^2)', 'O(n^3)', 'O(2^n)'] as const;
export type ComplexityClass = (typeof CLASS_NAMES)[number];

export interface ClassModel {
  name: ComplexityClass;
  /** log of the growth term; undefined for O(1), which has none. */
  logGrowth?: (n: number) => number;
}

export const CLASSES: readonly ClassModel[] = [
  { name: 'O(1)' },
  { name: 'O(log n)', logGrowth: (n) => Math.log(Math.log(n)) },
  { name: 'O(n)', logGrowth: (n) => Math.log(n) },
  { name: 'O(n log n)', logGrowth: (n) => Math.log(n) + Math.log(Math.log(n)) },
  { name: 'O(n^2)', logGrowth: (n) => 2 * Math.log(n) },
  { name: 'O(n^3)', logGrowth: (n) => 3 * Math.log(n) },
  { name: 'O(2^n)', logGrowth: (n) => n * Math.LN2 },
];

/** g(n) / g(nMax), in [0, 1] for growing classes; 0 where g vanishes (log 1). */
export function normalizedGrowth(model: ClassModel, n: number, nMax: number): number {
  if (!model.logGrowth) return 0;
  const v = Math.exp(model.logGrowth(n) - model.logGrowth(nMax));
  return Number.isFinite(v) ? v : 0;
}

/** The fitted curve t(n) = a + b g(n) / g(nMax) of a class. */
export function evaluateFit(name: ComplexityClass, a: number, normalizedCoefficient: number, nMax: number, n: number): number {
  const model = CLASSES.find((c) => c.name === name)!;
  return a + normalizedCoefficient * normalizedGrowth(model, n, nMax);
}
