// `hotspy gate SUITE --baseline FILE`: flags -> gate -> reporter (+ PR summary) -> exit status.
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { useColor } from './color.js';

export function gateCommand(setExit: (code: number) => void): Command {
  return new Command('gate')
    .description('Run a bench_*.py suite and fail (exit 1) on a significant regression against a baseline')
    .argument('<suite>', 'a bench_*.py file')
    .option('--baseline <file>', 'the baseline to compare with; written when missing', '.hotspy/baseline.json')
    .option('--update', 'rewrite the baseline from this run')
    .option('--threshold <percent>', 'fail when slower by more than this, beyond the 95 % interval (default 10)', '10')
    .option('--against <file|rev>', 'compare with another version of the suite (a file, or a git revision) in the same job, interleaved')
    .option('--no-calibrate', 'do not time the built-in reference workload beside the suite, nor divide changes by the machine\'s drift since the baseline')
    .option('--summary <file>', 'write a markdown summary for a pull-request comment')
    .option('-k, --filter <regex>', 'only the benchmarks whose name matches')
    .option('--processes <n>', 'fresh processes per benchmark (default 6; 1 with --measure instructions)')
    .option('--values <n>', 'timed values per process (default 3)')
    .option('--warmups <n>', 'untimed values per process (default 1)')
    .option('--min-time <seconds>', 'calibrate the loop count so one value lasts at least this (default 0.2)')
    .option('--timeout <seconds>', 'kill a benchmark process that runs longer (default 60)')
    .addOption(new Option('--measure <what>', 'time, or instructions counted by valgrind (deterministic)').choices(['time', 'instructions']).default('time'))
    .addOption(new Option('--clock <clock>', 'cpu (process time) or wall').choices(['cpu', 'wall']).default('cpu'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action(async (suite: string, opts: Record<string, string | boolean | undefined>) => {
      const { runGate } = await import('../bench/gate/run-gate.js');
      const { parsePositive } = await import('../bench/settings.js');
      const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);
      const run = await runGate({
        suite,
        baseline: str(opts.baseline)!,
        update: opts.update === true,
        threshold: parsePositive('--threshold', str(opts.threshold), 10) / 100,
        against: str(opts.against),
        filter: str(opts.filter),
        calibrate: opts.calibrate !== false,
        measure: str(opts.measure),
        clock: str(opts.clock),
        processes: str(opts.processes),
        values: str(opts.values),
        warmups: str(opts.warmups),
        minTime: str(opts.minTime),
        timeout: str(opts.timeout),
        progress: process.stderr.isTTY ? (m) => process.stderr.write(`\r\x1b[2Khotspy gate: ${m}`) : undefined,
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
      const { renderGateMarkdown } = await import('../report/bench-gate-markdown.js');
      const format = str(opts.format);
      if (format === 'json') process.stdout.write((await import('../report/bench-json.js')).renderBenchJson(run));
      else if (format === 'markdown') process.stdout.write(renderGateMarkdown(run));
      else process.stdout.write((await import('../report/bench-gate-text.js')).renderGateText(run, { color: useColor() }));
      const summary = str(opts.summary);
      if (summary) writeFileSync(summary, renderGateMarkdown(run));
      setExit(run.exitCode);
    });
}
