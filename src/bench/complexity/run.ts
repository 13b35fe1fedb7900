// `hotspy complexity`: build inputs with the user's generator (outside the clock), time the
// function at growing sizes in fresh processes, and fit the classes.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BenchError, UsageError } from '../../errors.js';
import { currentEnvironment } from '../machine.js';
import { median, robustStdev } from '../stats.js';
import type { Clock, Environment } from '../types.js';
import { runWorker } from '../worker.js';
import { fitComplexity, type FitResult } from './fit.js';
import { planNextSize } from './sizes.js';
import { plural } from '../../plural.js';

export interface FunctionRef {
  file: string;
  name: string;
}

export interface SizePoint {
  n: number;
  /** Median seconds per call. */
  time: number;
  /** Seconds per call, one per repeat. */
  values: number[];
  loops: number;
  /** len() of the generated input (or its pickled size), when Python could tell. */
  inputSize: number | null;
}

export interface ComplexityRun extends FitResult {
  kind: 'complexity';
  func: string;
  gen: string;
  points: SizePoint[];
  warnings: string[];
  environment: Environment;
}

export interface ComplexityRequest {
  func: string;
  gen: string;
  sizes?: number[];
  maxTime: number;
  repeats: number;
  minTime: number;
  timeout: number;
  clock: Clock;
  progress?: (message: string) => void;
}

export const MIN_SIZES = 4;

export function parseFunctionRef(flag: string, raw: string): FunctionRef {
  const at = raw.lastIndexOf(':');
  if (at <= 0 || at === raw.length - 1) throw new UsageError(`${flag}: expected FILE.py:FUNCTION, got "${raw}"`);
  const file = resolve(raw.slice(0, at));
  if (!existsSync(file)) throw new UsageError(`${flag}: ${raw.slice(0, at)}: no such file`);
  return { file, name: raw.slice(at + 1) };
}

export function parseSizes(raw: string): number[] {
  const sizes = raw.split(',').map((s) => Number(s.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new UsageError(`--sizes: expected positive integers separated by commas, got "${raw}"`);
  const distinct = [...new Set(sizes)].sort((a, b) => a - b);
  if (distinct.length < MIN_SIZES) {
    throw new UsageError(`--sizes: a class needs at least ${MIN_SIZES} distinct sizes to be fitted, got ${distinct.length}`, {
      hint: 'give sizes spread over a wide range, e.g. --sizes 1000,4000,16000,64000,256000',
    });
  }
  return distinct;
}

interface ComplexityWorkerResult {
  loops: number;
  values: number[];
  inputSize: number | null;
}

async function measureSize(func: FunctionRef, gen: FunctionRef, n: number, request: ComplexityRequest, timeout: number) {
  return runWorker<ComplexityWorkerResult>(
    { mode: 'complexity', func, gen, size: n, clock: request.clock, repeats: request.repeats, minTime: request.minTime },
    { timeoutMs: timeout * 1000 },
  );
}

export async function runComplexity(request: ComplexityRequest): Promise<ComplexityRun> {
  const func = parseFunctionRef('FUNC', request.func);
  const gen = parseFunctionRef('--gen', request.gen);
  const environment = currentEnvironment();
  const points: SizePoint[] = [];
  const warnings: string[] = [];
  const started = Date.now();
  const budgetSec = request.maxTime;
  let n: number | undefined = request.sizes ? request.sizes[0] : 8;
  let index = 0;
  while (n !== undefined) {
    const elapsed = (Date.now() - started) / 1000;
    const timeout = request.sizes ? request.timeout : Math.min(request.timeout, Math.max(5, budgetSec - elapsed));
    request.progress?.(`n = ${n}`);
    const outcome = await measureSize(func, gen, n, request, timeout);
    if (!outcome.ok) {
      const f = outcome.failure;
      if (f.stage === 'timeout' && points.length >= MIN_SIZES) {
        warnings.push(`n = ${n} did not finish within ${timeout} s; fitted the ${points.length} smaller sizes`);
        break;
      }
      if (f.stage === 'input') {
        throw new BenchError(`${request.gen}(${n}) ${f.message}`, { hint: `return a list or another container that can be iterated again, e.g. list(...)` });
      }
      const what = f.stage === 'setup' ? `${request.gen}(${n}) raised` : f.stage === 'run' ? `${request.func} raised at n = ${n}` : `n = ${n}`;
      throw new BenchError(`${what}: ${f.type}: ${f.message}`, {
        hint: f.stage === 'timeout' ? 'use smaller --sizes or raise --timeout' : undefined,
      });
    }
    const r = outcome.result;
    const time = median(r.values);
    points.push({ n, time, values: r.values, loops: r.loops, inputSize: r.inputSize });
    if (outcome.stdoutBytes > 0 && index === 0) warnings.push(`the function or generator wrote to stdout; hotspy discarded it, but it is timed`);
    index++;
    if (request.sizes) n = request.sizes[index];
    else {
      const spent = (Date.now() - started) / 1000;
      n = planNextSize(points, budgetSec - spent, budgetSec);
    }
  }
  if (points.length < MIN_SIZES) {
    throw new BenchError(`only ${plural(points.length, 'size')} could be measured within --max-time ${budgetSec} s; ${MIN_SIZES} are needed`, {
      hint: 'raise --max-time, or pass --sizes',
    });
  }
  checkInputsGrow(points, request.gen);
  const fit = fitComplexity(
    points.map((p) => ({ n: p.n, time: p.time, spread: p.time > 0 ? robustStdev(p.values) / p.time : 0 })),
  );
  if (fit.best === 'inconclusive') {
    warnings.push(
      fit.candidates.length > 0
        ? `the data cannot tell ${fit.candidates.join(' from ')} apart; measure over a wider range of sizes`
        : 'no class fits the data; the timings may be dominated by noise',
    );
  }
  return { kind: 'complexity', func: request.func, gen: request.gen, points, warnings, environment, ...fit };
}

/** A generator that ignores n makes every size the same experiment: refuse to fit it. */
function checkInputsGrow(points: readonly SizePoint[], gen: string): void {
  const sizes = points.map((p) => p.inputSize);
  if (sizes.some((s) => s === null)) return;
  if (new Set(sizes).size === 1) {
    throw new BenchError(`${gen} returned an input of the same size (${sizes[0]}) for every n (${points[0]!.n} .. ${points[points.length - 1]!.n})`, {
      hint: 'make_input(n) must build an input whose size grows with n',
    });
  }
}
