// Number and phrase formatting shared by the bench, complexity and gate reporters.
import type { Interval } from '../bench/bootstrap.js';
import type { Comparison } from '../bench/types.js';

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return String(s);
  const abs = Math.abs(s);
  if (abs >= 1) return `${sig(s)} s`;
  if (abs >= 1e-3) return `${sig(s * 1e3)} ms`;
  if (abs >= 1e-6) return `${sig(s * 1e6)} us`;
  return `${sig(s * 1e9)} ns`;
}

export function formatCount(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e9) return `${sig(n / 1e9)} G`;
  if (abs >= 1e6) return `${sig(n / 1e6)} M`;
  if (abs >= 1e3) return `${sig(n / 1e3)} k`;
  return sig(n);
}

export function formatValue(v: number, unit: 's' | 'instructions'): string {
  return unit === 's' ? formatSeconds(v) : `${formatCount(v)} instr`;
}

/** Three significant digits, without exponent notation. */
export function sig(x: number): string {
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(digits, 6));
}

export function formatPercent(fraction: number): string {
  return `${sig(fraction * 100)} %`;
}

export function formatInterval(i: Interval, unit: 's' | 'instructions'): string {
  return `${formatValue(i.low, unit)} .. ${formatValue(i.high, unit)}`;
}

/** "640x +- 12x faster", "12 % +- 3 % slower": how much faster or slower the candidate is. */
export function speedPhrase(ratio: number, ci: Interval): string {
  const faster = ratio < 1;
  const factor = faster ? 1 / ratio : ratio;
  const low = faster ? 1 / ci.high : ci.low;
  const high = faster ? 1 / ci.low : ci.high;
  const word = faster ? 'faster' : 'slower';
  if (factor >= 2) return `${sig(factor)}x +- ${sig((high - low) / 2)}x ${word}`;
  return `${formatPercent(factor - 1)} +- ${formatPercent((high - low) / 2)} ${word}`;
}

export function comparisonSentence(c: Comparison): string {
  if (c.significant) return `\`${c.candidate}\` is ${speedPhrase(c.ratio, c.ci95)} than \`${c.baseline}\``;
  return (
    `\`${c.candidate}\` vs \`${c.baseline}\`: no significant difference ` +
    `(ratio ${c.ratio.toFixed(3)}, 95 % CI ${c.ci95.low.toFixed(3)} .. ${c.ci95.high.toFixed(3)}; ${c.reason})`
  );
}
