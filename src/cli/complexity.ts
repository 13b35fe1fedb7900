// `hotspy complexity FILE.py:FUNC --gen FILE.py:MAKE`: flags -> fit -> reporter -> exit status.
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { useColor } from './color.js';
import { progressLine } from './timing-options.js';

export function complexityCommand(setExit: (code: number) => void): Command {
  return new Command('complexity')
    .description('Time a function at growing input sizes and fit its complexity class')
    .argument('<func>', 'the function to time, as FILE.py:FUNCTION (called with one argument, the input)')
    .requiredOption('--gen <ref>', 'FILE.py:FUNCTION that builds an input of size n (called outside the timing)')
    .option('--sizes <list>', 'comma-separated sizes, at least 4 (default: doubling from 8 until --max-time)')
    .option('--max-time <seconds>', 'time budget when sizes are chosen automatically', '20')
    .option('--repeats <n>', 'timed repeats per size (their median is used)', '5')
    .option('--min-time <seconds>', 'calibrate the loop count so one repeat lasts at least this', '0.01')
    .option('--timeout <seconds>', 'kill the process of one size that runs longer', '60')
    .addOption(new Option('--clock <clock>', 'cpu (process time) or wall').choices(['cpu', 'wall']).default('cpu'))
    .option('--html <file>', 'also write an HTML page with an SVG chart')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (func: string, opts: Record<string, string | undefined>) => {
      const { runComplexity, parseSizes } = await import('../bench/complexity/run.js');
      const { parseInteger, parsePositive, parseClock } = await import('../bench/settings.js');
      const line = progressLine('complexity');
      const run = await runComplexity({
        func,
        gen: opts.gen!,
        sizes: opts.sizes === undefined ? undefined : parseSizes(opts.sizes),
        maxTime: parsePositive('--max-time', opts.maxTime, 20),
        repeats: parseInteger('--repeats', opts.repeats, 5, 1),
        minTime: parsePositive('--min-time', opts.minTime, 0.01),
        timeout: parsePositive('--timeout', opts.timeout, 60),
        clock: parseClock(opts.clock),
        progress: line.progress,
      });
      line.clear();
      if (opts.format === 'json') process.stdout.write((await import('../report/bench-json.js')).renderBenchJson(run));
      else process.stdout.write((await import('../report/bench-complexity-text.js')).renderComplexityText(run, { color: useColor() }));
      if (opts.html) writeFileSync(opts.html, (await import('../report/bench-complexity-html.js')).renderComplexityHtml(run));
      setExit(0);
    });
}
