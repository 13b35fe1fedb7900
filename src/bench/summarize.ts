// Per-benchmark statistics and the warnings a reader needs before trusting them.
import { bootstrapInterval } from './bootstrap.js';
import { coefficientOfVariation, max, mean, median, min, stdev } from './stats.js';
import type { Summary } from './types.js';

export const UNSTABLE_CV = 0.1;

export function summarize(values: readonly number[][]): Summary {
  const all = values.flat();
  const perProcess = values.map((v) => median(v));
  return {
    n: all.length,
    mean: mean(all),
    median: median(all),
    stdev: stdev(all),
    min: min(all),
    max: max(all),
    cv: coefficientOfVariation(all),
    ci95: perProcess.length > 1 ? bootstrapInterval(perProcess, median) : { low: perProcess[0]!, high: perProcess[0]! },
  };
}

export function instabilityWarning(summary: Summary): string | undefined {
  if (summary.cv <= UNSTABLE_CV) return undefined;
  const pct = Math.round(summary.cv * 100);
  return (
    `unstable: values vary by ${pct} % (coefficient of variation), so a difference smaller than ` +
    `about ${pct} % cannot be told from noise; close other programs, raise --min-time or --processes, ` +
    'or use --measure instructions'
  );
}

/**
 * CPU time cannot see waiting; say so when even the best value spent most of its wall time off
 * the CPU. The bar is low because a loaded machine alone pushes the share down to ~0.3 (load 7
 * on 2 cores here), while code that sleeps or waits on I/O sits near 0.
 */
export function waitingWarning(cpuShare: number): string | undefined {
  if (cpuShare === 0 || cpuShare >= 0.15) return undefined;
  return (
    `only ${Math.round(cpuShare * 100)} % of the wall time was spent on the CPU (waiting, or other programs ` +
    'using it); if the code waits on I/O, sleep, locks or subprocesses, measure with --clock wall'
  );
}

export function stdoutWarning(bytes: number): string | undefined {
  if (bytes === 0) return undefined;
  return `printed ${bytes} bytes to stdout; hotspy discarded them (printing inside a timed call is timed too)`;
}
