import type { Profile } from '../../profile/model.js';
import type { Totals } from '../measure.js';
import type { Diagnosis } from '../types.js';
import type { UserTime } from '../user-time.js';

export interface ImportTime {
  module: string;
  /** Seconds, self included. */
  cumulative: number;
  self: number;
}

export interface DiagnosisContext {
  profile: Profile;
  totals: Totals;
  isUser: (file: string) => boolean;
  userTime: UserTime[];
  /** `python3 -X importtime` of the entry point's imports, when it was run. */
  importTimes?: ImportTime[];
  displayPath: (file: string) => string;
}

export interface DiagnosisCheck {
  code: string;
  name: string;
  check(ctx: DiagnosisContext): Diagnosis | undefined;
}

export function seconds(value: number): string {
  if (value >= 100) return `${value.toFixed(0)} s`;
  if (value >= 1) return `${value.toFixed(2)} s`;
  return `${(value * 1000).toFixed(value >= 0.01 ? 0 : 1)} ms`;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
