// The bench engine: calibrate each benchmark once, then take values in fresh processes,
// interleaved round by round (A B, B A, A B, ...) so that whatever the machine does over
// time (thermal state, a neighbour's build) lands on every candidate alike.
import { currentEnvironment } from './machine.js';
import { compareSamples, processMedians } from './compare.js';
import { countPerCall, findValgrind } from './instructions.js';
import { instabilityWarning, stdoutWarning, summarize, waitingWarning } from './summarize.js';
import { workerTarget } from './targets.js';
import { runWorker, type WorkerFailure } from './worker.js';
import type { BenchmarkResult, BenchRun, BenchSettings, BenchTarget, Comparison } from './types.js';

interface TimeResult {
  loops: number;
  warmups: number[];
  values: number[];
  wallValues: number[];
  /** With a reference workload in the spec: its values, one before each of `values`. */
  referenceValues?: number[];
}

/** What happened to the reference workload, when one was asked for. */
export interface ReferenceOutcome {
  loops?: number;
  failure?: WorkerFailure;
}

export type Progress = (message: string) => void;

/**
 * Native calibration target for callgrind runs. Counts do not need long runs to be exact,
 * and callgrind is ~50x slower, so a few milliseconds of loops is plenty.
 */
const INSTRUCTION_CALIBRATION_SEC = 0.002;

export interface PreparedTarget {
  target: BenchTarget;
  result: BenchmarkResult;
  stdoutBytes: number;
  /** Best CPU / wall ratio seen: far below 1 in every value means the code waits. */
  cpuShare: number;
}

export function prepare(targets: readonly BenchTarget[], settings: BenchSettings): PreparedTarget[] {
  return targets.map((target) => ({
    target,
    stdoutBytes: 0,
    cpuShare: 0,
    result: {
      name: target.name,
      status: 'ok',
      unit: settings.measure === 'time' ? 's' : 'instructions',
      loops: 0,
      values: [],
      warnings: [],
    },
  }));
}

export function failedResult(name: string, settings: BenchSettings, failure: WorkerFailure): BenchmarkResult {
  return { name, status: 'failed', failure, unit: settings.measure === 'time' ? 's' : 'instructions', loops: 0, values: [], warnings: [] };
}

function fail(entry: PreparedTarget, failure: WorkerFailure): void {
  entry.result.status = 'failed';
  entry.result.failure = failure;
}

/** Rotate the order each round, so no candidate always runs first. */
function roundOrder<T>(items: readonly T[], round: number): T[] {
  if (items.length === 0) return [];
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * Measure every target: fills in values, summaries and warnings in place. With a `reference`
 * (time only), every process also times it, one reference value just before each value.
 * An entry whose `result.loops` is already set (the gate reuses its baseline's loop counts,
 * so both runs time the same loops) is not calibrated again; nor is a reference with `loops`.
 */
export async function measureTargets(
  entries: PreparedTarget[],
  settings: BenchSettings,
  progress?: Progress,
  reference?: { target: BenchTarget; loops?: number },
): Promise<ReferenceOutcome> {
  const live = () => entries.filter((e) => e.result.status === 'ok');
  const timeoutMs = settings.timeout * 1000;
  const valgrind = settings.measure === 'instructions' ? findValgrind() : undefined;
  const calibrationTime = valgrind ? Math.min(settings.minTime, INSTRUCTION_CALIBRATION_SEC) : settings.minTime;

  const referenceOutcome: ReferenceOutcome = { loops: reference?.loops };
  if (reference && !reference.loops && !valgrind) {
    progress?.('calibrating the reference workload');
    const outcome = await runWorker<TimeResult>(
      { mode: 'time', target: workerTarget(reference.target), clock: settings.clock, minTime: calibrationTime, values: 1, warmups: 0 },
      { timeoutMs },
    );
    if (outcome.ok) referenceOutcome.loops = outcome.result.loops;
    else referenceOutcome.failure = outcome.failure;
  }
  const referenceSpec =
    reference && referenceOutcome.loops && !valgrind ? { target: workerTarget(reference.target), loops: referenceOutcome.loops } : undefined;
  if (referenceSpec) for (const entry of entries) entry.result.reference = { loops: referenceSpec.loops, values: [] };

  for (const entry of live().filter((e) => e.result.loops === 0)) {
    progress?.(`calibrating ${entry.result.name}`);
    const outcome = await runWorker<TimeResult>(
      { mode: 'time', target: workerTarget(entry.target), clock: settings.clock, minTime: calibrationTime, values: 1, warmups: 0 },
      { timeoutMs },
    );
    entry.stdoutBytes += outcome.stdoutBytes;
    if (outcome.ok) entry.result.loops = outcome.result.loops;
    else fail(entry, outcome.failure);
  }

  for (let round = 0; round < settings.processes; round++) {
    for (const entry of roundOrder(live(), round)) {
      progress?.(`${entry.result.name}: process ${round + 1}/${settings.processes}`);
      const spec = { target: workerTarget(entry.target), clock: settings.clock, loops: entry.result.loops };
      if (valgrind) {
        const counted = await countPerCall(valgrind, spec, entry.result.loops, settings.timeout);
        if (counted.ok) entry.result.values.push([counted.instructions]);
        else fail(entry, counted.failure);
        continue;
      }
      const outcome = await runWorker<TimeResult>(
        { mode: 'time', ...spec, values: settings.values, warmups: settings.warmups, ...(referenceSpec ? { reference: referenceSpec } : {}) },
        { timeoutMs },
      );
      entry.stdoutBytes += outcome.stdoutBytes;
      if (outcome.ok) {
        entry.result.values.push(outcome.result.values);
        if (entry.result.reference && outcome.result.referenceValues) entry.result.reference.values.push(outcome.result.referenceValues);
        outcome.result.values.forEach((v, i) => {
          const wall = outcome.result.wallValues[i];
          if (wall) entry.cpuShare = Math.max(entry.cpuShare, v / wall);
        });
      } else fail(entry, outcome.failure);
    }
  }

  for (const entry of entries) {
    const r = entry.result;
    if (r.status === 'ok' && r.values.length > 0) {
      r.summary = summarize(r.values);
      const unstable = settings.measure === 'time' ? instabilityWarning(r.summary) : undefined;
      if (unstable) r.warnings.push(unstable);
    }
    const waiting = settings.measure === 'time' && settings.clock === 'cpu' && r.status === 'ok' ? waitingWarning(entry.cpuShare) : undefined;
    if (waiting) r.warnings.push(waiting);
    const printed = stdoutWarning(entry.stdoutBytes);
    if (printed) r.warnings.push(printed);
  }
  return referenceOutcome;
}

/** Every later benchmark against the first one, as `hotspy bench A B C` reads. */
export function compareToFirst(results: readonly BenchmarkResult[], settings: BenchSettings): Comparison[] {
  const [first, ...rest] = results;
  if (!first || first.status !== 'ok') return [];
  return rest
    .filter((r) => r.status === 'ok')
    .map((r) => compareSamples(first.name, processMedians(first.values), r.name, processMedians(r.values), settings.measure));
}

export async function runBench(
  targets: readonly BenchTarget[],
  settings: BenchSettings,
  options: { invalid?: { name: string; message: string }[]; progress?: Progress; compare?: boolean } = {},
): Promise<BenchRun> {
  const environment = currentEnvironment();
  const entries = prepare(targets, settings);
  await measureTargets(entries, settings, options.progress);
  const invalid = (options.invalid ?? []).map((i) =>
    failedResult(i.name, settings, { stage: 'import', type: 'InvalidBenchmark', message: i.message }),
  );
  const benchmarks = [...entries.map((e) => e.result), ...invalid];
  return {
    kind: 'bench',
    measure: settings.measure,
    settings,
    environment,
    benchmarks,
    comparisons: options.compare === false ? [] : compareToFirst(benchmarks, settings),
  };
}
