// The baseline file: what was measured, on what, with which tools. Read strictly: a corrupt
// or foreign file is an error that names the file and the problem, never a crash.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { BenchError } from '../../errors.js';
import type { BenchmarkResult, BenchSettings, Environment } from '../types.js';
import { CALIBRATION_WORKLOAD, referenceMedian } from './calibration.js';

const EnvironmentSchema = z.object({
  machine: z.object({
    platform: z.string(),
    arch: z.string(),
    cpuModel: z.string(),
    cpus: z.number(),
    memoryGb: z.number(),
  }),
  python: z.object({ version: z.string(), implementation: z.string(), executable: z.string() }),
  hotspy: z.string(),
});

const SeriesSchema = z.object({
  unit: z.enum(['s', 'instructions']),
  loops: z.number().int().nonnegative(),
  median: z.number().positive(),
  /** Raw values, one array per process. */
  values: z.array(z.array(z.number().nonnegative()).min(1)).min(1),
  /** The reference workload's values, taken in the same processes (see calibration.ts). */
  reference: z.object({ loops: z.number().int().positive(), values: z.array(z.array(z.number().positive()).min(1)).min(1) }).optional(),
});

const BaselineSchema = z.object({
  format: z.literal('hotspy-baseline'),
  version: z.literal(1),
  createdAt: z.string(),
  suite: z.string(),
  measure: z.enum(['time', 'instructions']),
  clock: z.enum(['cpu', 'wall']),
  /** The --min-time the loop counts were calibrated to; later runs with the same reuse them. */
  minTime: z.number().positive().optional(),
  processes: z.number().int().positive().optional(),
  environment: EnvironmentSchema,
  benchmarks: z.record(z.string(), SeriesSchema),
  /**
   * The built-in reference workload (src/harness/hotspy_calibration.py), timed beside every
   * benchmark (each benchmark's `reference`): its change later says how much the machine
   * itself drifted. `median` is over all benchmarks' processes. Absent in baselines written
   * with --no-calibrate or --measure instructions.
   */
  calibration: z.object({ workload: z.string(), loops: z.number().int().positive(), median: z.number().positive() }).optional(),
});

export type BaselineSeries = z.infer<typeof SeriesSchema>;

export type Baseline = z.infer<typeof BaselineSchema>;

const HINT = 'fix or delete the file, or write a new one with `hotspy gate SUITE --update`';

export function readBaseline(path: string): Baseline | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new BenchError(`${path}: cannot read the baseline`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BenchError(`${path}: the baseline is not valid JSON (${(error as Error).message})`, { hint: HINT });
  }
  if (!data || typeof data !== 'object' || (data as { format?: unknown }).format !== 'hotspy-baseline') {
    throw new BenchError(`${path}: not a hotspy baseline (no "format": "hotspy-baseline")`, { hint: HINT });
  }
  const parsed = BaselineSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new BenchError(`${path}: corrupt baseline at ${where}: ${issue.message}`, { hint: HINT });
  }
  return parsed.data;
}

export function makeBaseline(
  suite: string,
  settings: BenchSettings,
  environment: Environment,
  results: readonly BenchmarkResult[],
): Baseline {
  const benchmarks: Baseline['benchmarks'] = {};
  const references: number[][][] = [];
  let referenceLoops = 0;
  for (const r of results) {
    if (r.status !== 'ok' || !r.summary) continue;
    const reference = r.reference && r.reference.values.length === r.values.length ? r.reference : undefined;
    benchmarks[r.name] = { unit: r.unit, loops: r.loops, median: r.summary.median, values: r.values, ...(reference ? { reference } : {}) };
    if (reference) {
      references.push(reference.values);
      referenceLoops = reference.loops;
    }
  }
  return {
    format: 'hotspy-baseline',
    version: 1,
    createdAt: new Date().toISOString(),
    suite,
    measure: settings.measure,
    clock: settings.clock,
    minTime: settings.minTime,
    processes: settings.processes,
    environment,
    benchmarks,
    ...(references.length > 0
      ? { calibration: { workload: CALIBRATION_WORKLOAD, loops: referenceLoops, median: referenceMedian(references) } }
      : {}),
  };
}

export function writeBaseline(path: string, baseline: Baseline): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(baseline, null, 2) + '\n');
}

/** What differs between the baseline's world and this one: each makes timings incomparable. */
export function environmentDifferences(then: Environment, now: Environment): string[] {
  const out: string[] = [];
  const check = (what: string, a: string | number, b: string | number) => {
    if (a !== b) out.push(`${what} differs: baseline ${a}, now ${b}`);
  };
  check('CPU', then.machine.cpuModel, now.machine.cpuModel);
  check('CPU count', then.machine.cpus, now.machine.cpus);
  check('platform', `${then.machine.platform}-${then.machine.arch}`, `${now.machine.platform}-${now.machine.arch}`);
  check('Python', `${then.python.implementation} ${then.python.version}`, `${now.python.implementation} ${now.python.version}`);
  check('hotspy', then.hotspy, now.hotspy);
  return out;
}
