// `hotspy gate`: run a suite and hold it to a stored baseline, or to another version of
// the code run in the same job, interleaved (the more reliable comparison).
import { BenchError } from '../../errors.js';
import { currentEnvironment } from '../machine.js';
import { failedResult, measureTargets, prepare, type Progress } from '../run-bench.js';
import { parseFilter, resolveSettings, type RawSettings } from '../settings.js';
import { discoverSuite } from '../targets.js';
import type { BenchmarkResult, BenchSettings, BenchTarget, Environment } from '../types.js';
import { resolveAgainst } from './against.js';
import { environmentDifferences, makeBaseline, readBaseline, writeBaseline, type Baseline } from './baseline.js';
import { decide, decidePaired, DEFAULT_THRESHOLD, type GateRow } from './decide.js';
import { summarize } from '../summarize.js';
import { CALIBRATION_WORKLOAD, calibrationTarget, referenceMedian } from './calibration.js';

/** A baseline is written with this many times --processes (time only). */
export const BASELINE_PROCESS_FACTOR = 2;

export interface GateRequest extends RawSettings {
  suite: string;
  baseline: string;
  update?: boolean;
  threshold?: number;
  against?: string;
  filter?: string;
  /**
   * Measure the built-in reference workload beside the suite and divide each benchmark's
   * change by its change (default true; time only, never with --against).
   */
  calibrate?: boolean;
  progress?: Progress;
}

/** The reference workload's figures for this run and, when comparing, the baseline's. */
export interface GateCalibration {
  /** Seconds per call of the reference workload in this run (median over all processes). */
  currentMedian?: number;
  baselineMedian?: number;
  /** Machine speed now vs the baseline's run, from the reference: 0.87 = 13 % slower now. */
  speed?: number;
  /** Whether the benchmarks' changes were divided by the machine's drift. */
  applied: boolean;
}

export interface GateRun {
  kind: 'gate';
  mode: 'baseline-written' | 'baseline' | 'against';
  suite: string;
  baselinePath: string;
  against?: string;
  threshold: number;
  settings: BenchSettings;
  environment: Environment;
  baselineEnvironment?: Environment;
  rows: GateRow[];
  /** The current run's raw results (and the old code's, with --against). */
  benchmarks: BenchmarkResult[];
  againstBenchmarks?: BenchmarkResult[];
  /** Absent with --no-calibrate, --against and --measure instructions. */
  calibration?: GateCalibration;
  warnings: string[];
  /** 0 pass, 1 regression or failed benchmark. */
  exitCode: number;
}

/** The suite; with `reference`, the reference workload is timed in every benchmark process. */
async function measureSuite(
  suite: string,
  settings: BenchSettings,
  filter: RegExp | undefined,
  progress: Progress | undefined,
  reference: BenchTarget | undefined,
  baseline: Baseline | undefined,
): Promise<{ benchmarks: BenchmarkResult[]; referenceFailure?: string }> {
  const found = await discoverSuite(suite, settings.timeout, filter);
  const entries = prepare(found.targets, settings);
  // the baseline's loop counts, when it was calibrated to the same --min-time: both runs then
  // time the same loops, and no process is spent calibrating again
  const sameLoops = baseline?.minTime === settings.minTime ? baseline : undefined;
  for (const e of entries) e.result.loops = sameLoops?.benchmarks[e.result.name]?.loops ?? 0;
  const referenceLoops = sameLoops?.calibration?.workload === CALIBRATION_WORKLOAD ? sameLoops.calibration.loops : undefined;
  const outcome = await measureTargets(entries, settings, progress, reference ? { target: reference, loops: referenceLoops } : undefined);
  return {
    benchmarks: [
      ...entries.map((e) => e.result),
      ...found.invalid.map((i) => failedResult(i.name, settings, { stage: 'import', type: 'InvalidBenchmark', message: i.message })),
    ],
    referenceFailure: outcome.failure ? `${outcome.failure.type}: ${outcome.failure.message}` : undefined,
  };
}

function exitCodeFor(rows: readonly GateRow[]): number {
  if (rows.length > 0 && rows.every((r) => r.status === 'failed')) {
    throw new BenchError('no benchmark of the suite could run', { hint: 'see the errors above' });
  }
  return rows.some((r) => r.status === 'regressed' || r.status === 'failed') ? 1 : 0;
}

function failureRow(r: BenchmarkResult): GateRow {
  return { name: r.name, status: 'failed', unit: r.unit, message: r.failure ? `${r.failure.type}: ${r.failure.message}` : 'no values' };
}

export async function runGate(request: GateRequest): Promise<GateRun> {
  const settings = resolveSettings(request);
  const threshold = request.threshold ?? DEFAULT_THRESHOLD;
  const filter = parseFilter(request.filter);
  const environment = currentEnvironment();
  const base = { kind: 'gate' as const, suite: request.suite, baselinePath: request.baseline, threshold, settings, environment };

  if (request.against) return runAgainst(request, settings, filter, base);

  const baseline = request.update ? undefined : readBaseline(request.baseline);
  // instruction counts do not drift with the machine's load
  const calibrate = request.calibrate !== false && settings.measure === 'time';
  // A stored baseline is compared with many later runs, so its sampling error is shared by all
  // of them instead of averaging out: it is measured with twice the processes. (With 4, one
  // benchmark's baseline came out 10 % slow here and every later run read 10 % fast.)
  const measured = !baseline && settings.measure === 'time' ? { ...settings, processes: settings.processes * BASELINE_PROCESS_FACTOR } : settings;
  const { benchmarks, referenceFailure } = await measureSuite(
    request.suite,
    measured,
    filter,
    request.progress,
    calibrate ? calibrationTarget() : undefined,
    baseline,
  );
  const referenceWarning = referenceFailure ? [`the reference workload failed (${referenceFailure}); changes are not normalised`] : [];
  const references = benchmarks.filter((r) => r.status === 'ok' && r.reference && r.reference.values.length > 0).map((r) => r.reference!.values);
  const currentReference = references.length > 0 ? referenceMedian(references) : undefined;
  if (!baseline) {
    const written = makeBaseline(request.suite, measured, environment, benchmarks);
    if (Object.keys(written.benchmarks).length === 0) {
      throw new BenchError('no benchmark of the suite could run, so no baseline was written', { hint: 'see the errors above' });
    }
    writeBaseline(request.baseline, written);
    const rows = benchmarks.map((r) => (r.status === 'ok' ? ({ name: r.name, status: 'new', unit: r.unit, currentMedian: r.summary?.median } as GateRow) : failureRow(r)));
    const calibration = calibrate ? { currentMedian: currentReference, applied: false } : undefined;
    return { ...base, settings: measured, mode: 'baseline-written', rows, benchmarks, calibration, warnings: referenceWarning, exitCode: rows.some((r) => r.status === 'failed') ? 1 : 0 };
  }

  const warnings = environmentDifferences(baseline.environment, environment).map((d) => `${d}; timings may not be comparable`);
  if (baseline.measure !== settings.measure || baseline.clock !== settings.clock) {
    throw new BenchError(
      `${request.baseline}: the baseline measured ${baseline.measure} (${baseline.clock} clock), this run ${settings.measure} (${settings.clock} clock)`,
      { hint: 'use the same --measure and --clock, or rewrite the baseline with --update' },
    );
  }
  warnings.push(...referenceWarning);
  let calibration: GateCalibration | undefined;
  let applied = false;
  const then = calibrate ? baseline.calibration : undefined;
  if (calibrate && !then) {
    warnings.push(`${request.baseline} has no reference-workload timings, so machine drift is not corrected; rewrite it with --update`);
  } else if (then && then.workload !== CALIBRATION_WORKLOAD) {
    warnings.push(`${request.baseline} was calibrated with another reference workload (${then.workload}), so machine drift is not corrected; rewrite it with --update`);
  }
  const usable = !!then && then.workload === CALIBRATION_WORKLOAD && currentReference !== undefined;
  const rows: GateRow[] = [];
  for (const r of benchmarks) {
    const old = baseline.benchmarks[r.name];
    if (r.status !== 'ok') rows.push(failureRow(r));
    else if (!old) rows.push({ name: r.name, status: 'new', unit: r.unit, currentMedian: r.summary?.median, message: 'not in the baseline' });
    else {
      const drift = usable && old.reference && r.reference ? { baseline: old.reference.values, current: r.reference.values } : undefined;
      const row = decide(r.name, r.unit, old.values, r.values, threshold, drift);
      applied ||= !!row.normalised;
      rows.push(row);
    }
  }
  if (calibrate) {
    calibration = {
      currentMedian: currentReference,
      baselineMedian: then?.median,
      speed: usable ? then!.median / currentReference! : undefined,
      applied,
    };
  }
  for (const name of Object.keys(baseline.benchmarks)) {
    if (!benchmarks.some((r) => r.name === name) && (!filter || filter.test(name))) {
      rows.push({ name, status: 'missing', unit: baseline.benchmarks[name]!.unit, message: 'in the baseline but no longer in the suite' });
    }
  }
  return { ...base, mode: 'baseline', baselineEnvironment: baseline.environment, rows, benchmarks, calibration, warnings, exitCode: exitCodeFor(rows) };
}

/** Old and new code in one job: every benchmark's two versions alternate process by process. */
async function runAgainst(
  request: GateRequest,
  settings: BenchSettings,
  filter: RegExp | undefined,
  base: Omit<GateRun, 'mode' | 'rows' | 'benchmarks' | 'warnings' | 'exitCode'>,
): Promise<GateRun> {
  const source = resolveAgainst(request.against!, request.suite);
  try {
    const current = await discoverSuite(request.suite, settings.timeout, filter);
    const old = await discoverSuite(source.suite, settings.timeout, filter);
    const oldByName = new Map(old.targets.map((t) => [t.name, t]));
    const results = await measureAgainst(current.targets, oldByName, source.label, settings, request.progress);
    const rows: GateRow[] = [];
    const benchmarks: BenchmarkResult[] = [];
    const againstBenchmarks: BenchmarkResult[] = [];
    for (const t of current.targets) {
      const now = results.get(t.name);
      const then = results.get(`${t.name} @ ${source.label}`);
      if (!now || !then) {
        rows.push({ name: t.name, status: 'new', unit: settings.measure === 'time' ? 's' : 'instructions', message: `not in ${source.label}` });
        continue;
      }
      benchmarks.push(now);
      againstBenchmarks.push(then);
      if (now.status !== 'ok') rows.push(failureRow(now));
      else if (then.status !== 'ok') rows.push({ ...failureRow(then), message: `fails in ${source.label}: ${then.failure?.message ?? ''}` });
      else if (settings.measure === 'time') rows.push(decidePaired(t.name, now.unit, then.values, now.values, threshold(request)));
      else rows.push(decide(t.name, now.unit, then.values, now.values, threshold(request)));
    }
    for (const i of current.invalid) rows.push({ name: i.name, status: 'failed', unit: 's', message: i.message });
    return { ...base, mode: 'against', against: source.label, rows, benchmarks, againstBenchmarks, warnings: [], exitCode: exitCodeFor(rows) };
  } finally {
    source.cleanup();
  }
}

/**
 * Results by name: `name` (new) and `name @ label` (old). Time: each benchmark's old and new
 * versions in the same processes, one old value just before each new one, as the reference
 * workload is timed. Run in separate processes, a 25 % slowdown did not clear the gate's
 * interval about every other run on a loaded machine: the spread between processes (a
 * neighbour's load, the CPU's clock) drowned it; within a process both versions share it.
 * Instructions: each version in its own processes, the pairs alternating round by round.
 */
async function measureAgainst(
  targets: readonly BenchTarget[],
  oldByName: ReadonlyMap<string, BenchTarget>,
  label: string,
  settings: BenchSettings,
  progress?: Progress,
): Promise<Map<string, BenchmarkResult>> {
  if (settings.measure !== 'time') {
    const pairs: BenchTarget[] = [];
    for (const t of targets) {
      const o = oldByName.get(t.name);
      if (o) pairs.push({ ...o, name: `${t.name} @ ${label}` }, t);
    }
    const entries = prepare(pairs, settings);
    await measureTargets(entries, settings, progress);
    return new Map(entries.map((e) => [e.result.name, e.result]));
  }
  const results = new Map<string, BenchmarkResult>();
  for (const t of targets) {
    const o = oldByName.get(t.name);
    if (!o) continue;
    const [entry] = prepare([t], settings);
    const oldName = `${t.name} @ ${label}`;
    const outcome = await measureTargets([entry!], settings, progress, { target: { ...o, name: oldName } });
    const now = entry!.result;
    const then = now.reference;
    delete now.reference;
    results.set(t.name, now);
    if (outcome.failure) results.set(oldName, failedResult(oldName, settings, outcome.failure));
    else if (then && then.values.length > 0) {
      results.set(oldName, { name: oldName, status: 'ok', unit: now.unit, loops: then.loops, values: then.values, summary: summarize(then.values), warnings: [] });
    } else results.set(oldName, failedResult(oldName, settings, { stage: 'crash', type: 'NoValues', message: 'no values' }));
  }
  return results;
}

function threshold(request: GateRequest): number {
  return request.threshold ?? DEFAULT_THRESHOLD;
}
