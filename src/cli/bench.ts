// `hotspy bench`: flags -> bench engine -> reporter -> exit status.
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { useColor } from './color.js';

export function benchCommand(setExit: (code: number) => void): Command {
  return new Command('bench')
    .description('Compare statements, or run a bench_*.py suite, with interleaved processes and proper statistics')
    .argument('<targets...>', 'a bench_*.py file, or two or more Python statements to compare')
    .option('--setup <code>', 'Python run before the statements, outside the timing', 'pass')
    .option('-k, --filter <regex>', 'only the suite benchmarks whose name matches')
    .option('--compare', 'suites: compare every benchmark with the first one (in file order)')
    .option('--processes <n>', 'fresh processes per benchmark (default 6; 1 with --measure instructions)')
    .option('--values <n>', 'timed values per process (default 3)')
    .option('--warmups <n>', 'untimed values per process before the timed ones (default 1)')
    .option('--min-time <seconds>', 'calibrate the loop count so one value lasts at least this (default 0.2)')
    .option('--timeout <seconds>', 'kill a benchmark process that runs longer (default 60)')
    .addOption(new Option('--measure <what>', 'time, or instructions counted by valgrind (deterministic)').choices(['time', 'instructions']).default('time'))
    .addOption(new Option('--clock <clock>', 'cpu (process time, blind to other programs) or wall (includes waiting)').choices(['cpu', 'wall']).default('cpu'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .action(async (targets: string[], opts: Record<string, string | boolean | undefined>) => {
      const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);
      const { benchCommandRun, assertSomethingRan } = await import('../bench/index.js');
      if (targets.length < 2 && !targets[0]?.endsWith('.py')) {
        throw new UsageError('give a bench_*.py file or at least two statements to compare');
      }
      const run = await benchCommandRun({
        args: targets,
        setup: str(opts.setup),
        filter: str(opts.filter),
        compare: opts.compare === true,
        measure: str(opts.measure),
        clock: str(opts.clock),
        processes: str(opts.processes),
        values: str(opts.values),
        warmups: str(opts.warmups),
        minTime: str(opts.minTime),
        timeout: str(opts.timeout),
        progress: process.stderr.isTTY ? (m) => process.stderr.write(`\r\x1b[2Khotspy bench: ${m}`) : undefined,
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
      const format = str(opts.format) ?? 'text';
      if (format === 'json') process.stdout.write((await import('../report/bench-json.js')).renderBenchJson(run));
      else if (format === 'markdown') process.stdout.write((await import('../report/bench-markdown.js')).renderBenchMarkdown(run));
      else process.stdout.write((await import('../report/bench-text.js')).renderBenchText(run, { color: useColor() }));
      assertSomethingRan(run);
      setExit(run.benchmarks.some((b) => b.status !== 'ok') ? 1 : 0);
    });
}
