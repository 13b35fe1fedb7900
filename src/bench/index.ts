// The bench layer's entry points, as the CLI calls them.
import { BenchError } from '../errors.js';
import { runBench, type Progress } from './run-bench.js';
import { parseFilter, resolveSettings, type RawSettings } from './settings.js';
import { discoverSuite, statementTargets } from './targets.js';
import type { BenchRun } from './types.js';

export interface BenchRequest extends RawSettings {
  /** A bench_*.py suite, or statements to compare. */
  args: string[];
  setup?: string;
  filter?: string;
  /** Suites only: compare every benchmark with the first one selected. */
  compare?: boolean;
  progress?: Progress;
}

export function isSuiteArgument(args: readonly string[]): boolean {
  return args.length === 1 && args[0]!.endsWith('.py') && !/\s/.test(args[0]!);
}

export async function benchCommandRun(request: BenchRequest): Promise<BenchRun> {
  const settings = resolveSettings(request);
  let run: BenchRun;
  if (isSuiteArgument(request.args)) {
    const filter = parseFilter(request.filter);
    const suite = await discoverSuite(request.args[0]!, settings.timeout, filter);
    // a suite's benchmarks are usually different workloads, not alternatives: ratios on request
    run = await runBench(suite.targets, settings, { invalid: suite.invalid, progress: request.progress, compare: request.compare === true });
  } else {
    run = await runBench(statementTargets(request.args, request.setup ?? 'pass'), settings, { progress: request.progress });
  }
  return run;
}

export function assertSomethingRan(run: BenchRun): void {
  if (run.benchmarks.every((b) => b.status !== 'ok')) {
    throw new BenchError('no benchmark could run', { hint: 'see the errors above; each benchmark is run in its own process' });
  }
}

export type { BenchRun } from './types.js';
