// `hotspy gate SUITE --baseline FILE`: flags -> gate -> reporter (+ PR summary) -> exit status.
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import { useColor } from './color.js';
import { progressLine, str, timingSettings, withTimingOptions } from './timing-options.js';

export function gateCommand(setExit: (code: number) => void): Command {
  return withTimingOptions(new Command('gate'))
    .description('Run a bench_*.py suite and fail (exit 1) on a significant regression against a baseline')
    .argument('<suite>', 'a bench_*.py file')
    .option('--baseline <file>', 'the baseline to compare with; written when missing', '.hotspy/baseline.json')
    .option('--update', 'rewrite the baseline from this run')
    .option('--threshold <percent>', 'fail when slower by more than this, beyond the 95 % interval (default 10)', '10')
    .option('--against <file|rev>', 'compare with another version of the suite (a file, or a git revision) in the same job, interleaved')
    .option('--no-calibrate', 'do not time the built-in reference workload beside the suite, nor divide changes by the machine\'s drift since the baseline')
    .option('--summary <file>', 'write a markdown summary for a pull-request comment')
    .action(async (suite: string, opts: Record<string, string | boolean | undefined>) => {
      const { runGate } = await import('../bench/gate/run-gate.js');
      const { parsePositive } = await import('../bench/settings.js');
      const line = progressLine('gate');
      const run = await runGate({
        suite,
        baseline: str(opts.baseline)!,
        update: opts.update === true,
        threshold: parsePositive('--threshold', str(opts.threshold), 10) / 100,
        against: str(opts.against),
        calibrate: opts.calibrate !== false,
        ...timingSettings(opts),
        progress: line.progress,
      });
      line.clear();
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
