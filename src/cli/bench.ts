// `hotspy bench`: flags -> bench engine -> reporter -> exit status.
import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { useColor } from './color.js';
import { progressLine, str, timingSettings, withTimingOptions } from './timing-options.js';

export function benchCommand(setExit: (code: number) => void): Command {
  return withTimingOptions(new Command('bench'))
    .description('Compare statements, or run a bench_*.py suite, with interleaved processes and proper statistics')
    .argument('<targets...>', 'a bench_*.py file, or two or more Python statements to compare')
    .option('--setup <code>', 'Python run before the statements, outside the timing', 'pass')
    .option('--compare', 'suites: compare every benchmark with the first one (in file order)')
    .action(async (targets: string[], opts: Record<string, string | boolean | undefined>) => {
      const { benchCommandRun, assertSomethingRan } = await import('../bench/index.js');
      if (targets.length < 2 && !targets[0]?.endsWith('.py')) {
        throw new UsageError('give a bench_*.py file or at least two statements to compare');
      }
      const line = progressLine('bench');
      const run = await benchCommandRun({
        args: targets,
        setup: str(opts.setup),
        compare: opts.compare === true,
        ...timingSettings(opts),
        progress: line.progress,
      });
      line.clear();
      const format = str(opts.format) ?? 'text';
      if (format === 'json') process.stdout.write((await import('../report/bench-json.js')).renderBenchJson(run));
      else if (format === 'markdown') process.stdout.write((await import('../report/bench-markdown.js')).renderBenchMarkdown(run));
      else process.stdout.write((await import('../report/bench-text.js')).renderBenchText(run, { color: useColor() }));
      assertSomethingRan(run);
      setExit(run.benchmarks.some((b) => b.status !== 'ok') ? 1 : 0);
    });
}
