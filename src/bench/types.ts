// The data bench, gate and complexity produce: plain objects that reporters read and
// `--format json` prints as they are, raw values included.
import type { Interval } from './bootstrap.js';
import type { WorkerFailure } from './worker.js';

export type Measure = 'time' | 'instructions';
/** cpu: time.process_time, blind to preemption by other programs; wall: time.perf_counter. */
export type Clock = 'cpu' | 'wall';

export type BenchTarget =
  | { kind: 'statement'; name: string; stmt: string; setup: string }
  | { kind: 'function'; name: string; file: string; function: string; setup: string | null };

export interface BenchSettings {
  measure: Measure;
  clock: Clock;
  /** Fresh worker processes per benchmark (time) or callgrind pairs (instructions). */
  processes: number;
  /** Timed values per process, after the warm-ups. */
  values: number;
  warmups: number;
  /** Seconds one timed value must last at least; the loop count is calibrated to it. */
  minTime: number;
  /** Per worker process, in seconds. */
  timeout: number;
}

export interface Summary {
  /** Number of raw values. */
  n: number;
  mean: number;
  median: number;
  stdev: number;
  min: number;
  max: number;
  /** stdev / mean over all raw values. */
  cv: number;
  /** 95 % bootstrap interval of the median, resampling whole processes. */
  ci95: Interval;
}

export interface BenchmarkResult {
  name: string;
  status: 'ok' | 'failed';
  failure?: WorkerFailure;
  /** Seconds per call, or instructions per call. */
  unit: 's' | 'instructions';
  loops: number;
  /** Raw values, one array per process, in the order they were taken. */
  values: number[][];
  summary?: Summary;
  warnings: string[];
  /**
   * `hotspy gate`: the built-in reference workload, timed in the same processes, one value
   * just before each of this benchmark's (same shape as `values`).
   */
  reference?: { loops: number; values: number[][] };
}

export interface Comparison {
  baseline: string;
  candidate: string;
  /** candidate / baseline: above 1 means the candidate is slower. */
  ratio: number;
  ci95: Interval;
  /** Two-sided Mann-Whitney U over per-process medians; null when it cannot be computed. */
  pValue: number | null;
  /** The largest change an A/A split of these same processes shows: what noise alone does here. */
  noiseFloor: number;
  significant: boolean;
  reason: string;
}

export interface MachineInfo {
  platform: string;
  arch: string;
  cpuModel: string;
  cpus: number;
  memoryGb: number;
}

export interface Environment {
  machine: MachineInfo;
  python: { version: string; implementation: string; executable: string };
  hotspy: string;
}

export interface BenchRun {
  kind: 'bench';
  measure: Measure;
  settings: BenchSettings;
  environment: Environment;
  benchmarks: BenchmarkResult[];
  comparisons: Comparison[];
}
