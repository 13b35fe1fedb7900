// What to benchmark: ad hoc statements, or the bench_* functions of a suite file.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { BenchError, UsageError } from '../errors.js';
import { runWorker } from './worker.js';
import type { BenchTarget } from './types.js';
import { plural } from '../plural.js';

interface Discovered {
  benchmarks: { name: string; line: number; arity: number; setup: string | null }[];
}

/** Statement targets; repeated statements get a #2, #3 suffix so each keeps its own results. */
export function statementTargets(statements: readonly string[], setup: string): BenchTarget[] {
  if (statements.length === 0) throw new UsageError('nothing to benchmark', { hint: 'pass a bench_*.py file or one or more statements' });
  const seen = new Map<string, number>();
  return statements.map((stmt) => {
    const count = (seen.get(stmt) ?? 0) + 1;
    seen.set(stmt, count);
    return { kind: 'statement', name: count === 1 ? stmt : `${stmt} #${count}`, stmt, setup };
  });
}

export interface SuiteTargets {
  targets: BenchTarget[];
  /** Benchmarks that cannot run at all, with why; reported as failures beside the others. */
  invalid: { name: string; message: string }[];
}

export async function discoverSuite(file: string, timeoutSec: number, filter?: RegExp): Promise<SuiteTargets> {
  const path = resolve(file);
  if (!existsSync(path)) throw new UsageError(`${file}: no such file`);
  const outcome = await runWorker<Discovered>({ mode: 'discover', file: path }, { timeoutMs: timeoutSec * 1000 });
  if (!outcome.ok) {
    const f = outcome.failure;
    throw new BenchError(`${file}: cannot import the suite: ${f.type}: ${f.message}`, {
      hint: 'the module must import cleanly with `python3 FILE`; its bench_* functions are then timed one by one',
    });
  }
  const found = outcome.result.benchmarks.filter((b) => !filter || filter.test(b.name));
  if (found.length === 0) {
    throw new BenchError(`${file}: no benchmarks found`, {
      hint: 'define module-level functions named bench_* (optionally with a setup_* companion returning their argument)',
    });
  }
  const targets: BenchTarget[] = [];
  const invalid: SuiteTargets['invalid'] = [];
  for (const b of found) {
    const companion = `setup_${b.name.slice('bench_'.length)}`;
    if (b.arity > 1) invalid.push({ name: b.name, message: `${b.name} takes ${plural(b.arity, 'argument')}; a benchmark takes none, or one from ${companion}()` });
    else if (b.arity === 1 && !b.setup) invalid.push({ name: b.name, message: `${b.name} takes an argument but there is no ${companion}() to provide it` });
    else targets.push({ kind: 'function', name: b.name, file: path, function: b.name, setup: b.arity === 1 ? b.setup : null });
  }
  return { targets, invalid };
}

/** The target as bench_runner.py reads it. */
export function workerTarget(target: BenchTarget): object {
  return target.kind === 'statement'
    ? { kind: 'statement', stmt: target.stmt, setup: target.setup }
    : { kind: 'function', file: target.file, name: target.function, setup: target.setup };
}
