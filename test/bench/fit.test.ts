import { describe, expect, it } from 'vitest';
import { CLASS_NAMES } from '../../src/bench/complexity/classes.js';
import { fitComplexity, type Point } from '../../src/bench/complexity/fit.js';
import { seededRandom } from '../../src/bench/random.js';

const LOG_SIZES = [1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000];
const growth: Record<string, (n: number) => number> = {
  'O(1)': () => 0,
  'O(log n)': (n) => Math.log(n),
  'O(n)': (n) => n,
  'O(n log n)': (n) => n * Math.log(n),
  'O(n^2)': (n) => n * n,
  'O(n^3)': (n) => n * n * n,
  'O(2^n)': (n) => 2 ** n,
};

/** Synthetic timings: overhead + c * g(n), with multiplicative noise. */
function synthetic(name: string, sizes: number[], overhead: number, c: number, noise = 0.02, seed = 1): Point[] {
  const random = seededRandom(seed);
  return sizes.map((n) => ({ n, time: (overhead + c * growth[name]!(n)) * (1 + noise * (random() * 2 - 1)), spread: noise }));
}

describe('fitComplexity on synthetic data', () => {
  const cases: [string, number[], number, number][] = [
    ['O(1)', LOG_SIZES, 1e-7, 0],
    ['O(log n)', LOG_SIZES, 5e-8, 3e-8],
    ['O(n)', LOG_SIZES, 1e-7, 4e-9],
    ['O(n log n)', LOG_SIZES, 1e-7, 3e-9],
    ['O(n^2)', [50, 100, 200, 400, 800, 1600], 1e-7, 1e-8],
    ['O(n^3)', [10, 20, 40, 80, 160], 1e-7, 1e-8],
    ['O(2^n)', [8, 10, 12, 14, 16, 18, 20], 1e-7, 1e-7],
  ];
  for (const [name, sizes, overhead, c] of cases) {
    it(`recovers ${name}`, () => {
      expect(fitComplexity(synthetic(name, sizes, overhead, c)).best).toBe(name);
    });
  }

  it('names every class exactly as the JSON contract spells it', () => {
    expect(CLASS_NAMES).toEqual(['O(1)', 'O(log n)', 'O(n)', 'O(n log n)', 'O(n^2)', 'O(n^3)', 'O(2^n)']);
  });

  it('is scale-independent: the unit of time does not change the answer', () => {
    const points = synthetic('O(n)', LOG_SIZES, 2e-7, 4e-9);
    const scaled = points.map((p) => ({ ...p, time: p.time * 1e6 }));
    expect(fitComplexity(scaled).best).toBe(fitComplexity(points).best);
    expect(fitComplexity(scaled).fits.map((f) => f.bic)).toEqual(fitComplexity(points).fits.map((f) => f.bic).map((b) => expect.closeTo(b, 6)));
  });

  it('does not call sum constant when the call overhead is large (the big_O failure)', () => {
    // sum() over n ints: ~60 ns call overhead, ~4 ns per element; absolute residuals pick O(1) here
    expect(fitComplexity(synthetic('O(n)', [10, 20, 40, 80, 160, 320, 640, 1280], 6e-8, 4e-9)).best).toBe('O(n)');
  });

  it('says inconclusive when a narrow range cannot separate n from n log n', () => {
    const r = fitComplexity(synthetic('O(n)', [1000, 1100, 1200, 1300, 1400], 1e-7, 4e-9, 0.05));
    expect(r.best).toBe('inconclusive');
    expect(r.candidates.length).toBeGreaterThan(1);
  });
});
