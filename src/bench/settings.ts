// Defaults and validation for the measuring flags shared by bench and gate.
//
// Why these defaults:
// - min-time 0.2 s: timeit's autorange target; long enough that timer resolution and
//   a scheduler tick (~4 ms) are under 2 % of a value.
// - 6 processes: each fresh process draws its own memory layout and hash seed, the biggest
//   source of run-to-run difference; 6 a side is the fewest with which the rank test over
//   processes can reach p < 0.01 at all.
// - 3 values after 1 warm-up per process: enough to take a per-process median that ignores
//   one interrupted value, while keeping a two-way comparison near 10 s.
// - clock cpu: on a shared machine wall time counts every moment another program held the
//   CPU (wall-clock values of one statement spread 5x here under load, CPU time 10 %).
// - instructions: 1 callgrind pair per benchmark, since counts repeat to ~0.0004 %.
import { UsageError } from '../errors.js';
import type { BenchSettings, Clock, Measure } from './types.js';

export const DEFAULTS = { processes: 6, values: 3, warmups: 1, minTime: 0.2, timeout: 60 } as const;
export const INSTRUCTION_PROCESSES = 1;

export interface RawSettings {
  measure?: string;
  clock?: string;
  processes?: string;
  values?: string;
  warmups?: string;
  minTime?: string;
  timeout?: string;
}

export function parseMeasure(raw: string | undefined): Measure {
  if (raw === undefined || raw === 'time') return 'time';
  if (raw === 'instructions') return 'instructions';
  throw new UsageError(`--measure: expected "time" or "instructions", got "${raw}"`);
}

export function parseClock(raw: string | undefined): Clock {
  if (raw === undefined || raw === 'cpu') return 'cpu';
  if (raw === 'wall') return 'wall';
  throw new UsageError(`--clock: expected "cpu" or "wall", got "${raw}"`);
}

export function parseInteger(flag: string, raw: string | undefined, fallback: number, minimum: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < minimum) throw new UsageError(`${flag}: expected an integer >= ${minimum}, got "${raw}"`);
  return n;
}

export function parsePositive(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: expected a positive number, got "${raw}"`);
  return n;
}

/** `-k, --filter`: a JavaScript regular expression matched against benchmark names. */
export function parseFilter(raw: string | undefined): RegExp | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    return new RegExp(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new UsageError(`-k/--filter: not a valid regular expression: ${reason}`);
  }
}

export function resolveSettings(raw: RawSettings): BenchSettings {
  const measure = parseMeasure(raw.measure);
  return {
    measure,
    clock: parseClock(raw.clock),
    processes: parseInteger('--processes', raw.processes, measure === 'time' ? DEFAULTS.processes : INSTRUCTION_PROCESSES, 1),
    values: parseInteger('--values', raw.values, DEFAULTS.values, 1),
    warmups: parseInteger('--warmups', raw.warmups, DEFAULTS.warmups, 0),
    minTime: parsePositive('--min-time', raw.minTime, DEFAULTS.minTime),
    timeout: parsePositive('--timeout', raw.timeout, DEFAULTS.timeout),
  };
}
