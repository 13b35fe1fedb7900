// Numbers as the HTML report prints them. Weights follow the profile's unit: seconds of wall/CPU
// time, plain sample counts, or bytes.
import type { WeightUnit } from '../../profile/model.js';
import { nounFor } from '../../plural.js';

/** Three significant digits, without exponent notation. */
function sig(x: number): string {
  if (x === 0) return '0';
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return x.toFixed(Math.min(digits, 6));
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '-';
  const abs = Math.abs(s);
  if (abs >= 1 || abs === 0) return `${sig(s)} s`;
  if (abs >= 1e-3) return `${sig(s * 1e3)} ms`;
  return `${sig(s * 1e6)} µs`;
}

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '-';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? String(Math.round(v)) : sig(v)} ${units[i]}`;
}

export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '-';
  return Math.round(n).toLocaleString('en-US');
}

export function formatWeight(w: number, unit: WeightUnit): string {
  if (unit === 'seconds') return formatSeconds(w);
  if (unit === 'bytes') return formatBytes(w);
  return `${formatCount(w)} ${nounFor(w, 'sample')}`;
}

/** A share (0..1) as a percentage; tiny non-zero shares stay visible as "<0.1%". */
export function formatShare(fraction: number): string {
  if (!Number.isFinite(fraction)) return '-';
  if (fraction > 0 && fraction < 0.001) return '<0.1%';
  return `${(fraction * 100).toFixed(fraction >= 0.1 ? 0 : 1)}%`;
}

export function shareOf(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
