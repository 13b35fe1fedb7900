import { describe, expect, it } from 'vitest';
import { bootstrapInterval, bootstrapRatio } from '../../src/bench/bootstrap.js';
import { aaNoiseFloor, compareSamples } from '../../src/bench/compare.js';
import { mannWhitneyU, normalCdf } from '../../src/bench/mann-whitney.js';
import { coefficientOfVariation, median, quantile, robustStdev, stdev } from '../../src/bench/stats.js';
import { summarize, instabilityWarning } from '../../src/bench/summarize.js';

describe('descriptive statistics', () => {
  it('computes median, quantiles and spread', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(stdev([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(coefficientOfVariation([10, 10, 10])).toBe(0);
    expect(robustStdev([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 3);
  });

  it('summarizes raw values per process and warns above 10 % variation', () => {
    const s = summarize([[1, 1.1], [0.9, 1], [1, 1.05]]);
    expect(s.n).toBe(6);
    expect(s.min).toBe(0.9);
    expect(s.ci95.low).toBeLessThanOrEqual(s.median);
    expect(instabilityWarning(s)).toBeUndefined();
    expect(instabilityWarning(summarize([[1, 2], [1, 3]]))).toMatch(/unstable/);
  });
});

describe('Mann-Whitney U', () => {
  it('matches exact two-sided p-values (scipy.stats.mannwhitneyu, method="exact")', () => {
    expect(mannWhitneyU([1, 2, 3], [4, 5, 6]).pValue).toBeCloseTo(0.1, 10);
    expect(mannWhitneyU([1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]).pValue).toBeCloseTo(2 / 924, 10);
    expect(mannWhitneyU([1, 3, 5, 7], [2, 4, 6, 8]).pValue).toBeCloseTo(0.6857142857, 8);
  });

  it('falls back to the normal approximation with ties', () => {
    const r = mannWhitneyU([1, 1, 2, 2, 3], [2, 3, 3, 4, 4]);
    expect(r.exact).toBe(false);
    expect(r.pValue).toBeGreaterThan(0.05);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
  });
});

describe('bootstrap', () => {
  it('is deterministic and brackets the estimate', () => {
    const xs = [1, 1.2, 0.9, 1.1, 1.05, 0.95];
    expect(bootstrapInterval(xs, median)).toEqual(bootstrapInterval(xs, median));
    const r = bootstrapRatio(xs, xs.map((x) => x * 2), median);
    expect(r.low).toBeLessThan(2.05);
    expect(r.high).toBeGreaterThan(1.95);
  });
});

describe('comparison', () => {
  it('measures the A/A noise floor from splits of one sample', () => {
    expect(aaNoiseFloor([1, 1, 1, 1, 1, 1])).toBe(0);
    expect(aaNoiseFloor([1, 1.1, 1, 1.1, 1, 1.1])).toBeGreaterThan(0.05);
  });

  it('calls a clean 2x difference significant and identical samples not', () => {
    const a = [1, 1.02, 0.99, 1.01, 1.0, 0.98];
    const faster = compareSamples('a', a, 'b', a.map((x) => x / 2), 'time');
    expect(faster.significant).toBe(true);
    expect(faster.ratio).toBeCloseTo(0.5, 2);
    const same = compareSamples('a', a, 'a2', [...a].reverse(), 'time');
    expect(same.significant).toBe(false);
  });

  it('does not call a shift inside the A/A noise significant, even with separated ranks', () => {
    const a = [1.0, 1.08, 1.01, 1.09, 1.02, 1.1];
    const b = a.map((x) => x * 1.03 + 0.001);
    const c = compareSamples('a', a, 'b', b, 'time');
    expect(c.significant).toBe(false);
  });

  it('treats instruction counts as exact', () => {
    expect(compareSamples('a', [1000], 'b', [1005], 'instructions').significant).toBe(false);
    expect(compareSamples('a', [1000], 'b', [1200], 'instructions').significant).toBe(true);
  });
});
