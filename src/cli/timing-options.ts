// The options `hotspy bench` and `hotspy gate` share, and the progress line of every timing
// command: defined once so their help, parsing and terminal behaviour cannot drift apart.
import { Command, Option } from 'commander';

type Flags = Record<string, string | boolean | undefined>;

export function withTimingOptions(command: Command): Command {
  return command
    .option('-k, --filter <regex>', 'only the suite benchmarks whose name matches')
    .option('--processes <n>', 'fresh processes per benchmark (default 6; 1 with --measure instructions)')
    .option('--values <n>', 'timed values per process (default 3)')
    .option('--warmups <n>', 'untimed values per process before the timed ones (default 1)')
    .option('--min-time <seconds>', 'calibrate the loop count so one value lasts at least this (default 0.2)')
    .option('--timeout <seconds>', 'kill a benchmark process that runs longer (default 60)')
    .addOption(new Option('--measure <what>', 'time, or instructions counted by valgrind (deterministic)').choices(['time', 'instructions']).default('time'))
    .addOption(new Option('--clock <clock>', 'cpu (process time, blind to other programs) or wall (includes waiting)').choices(['cpu', 'wall']).default('cpu'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'));
}

/** A flag's value when it was given as a string. */
export function str(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The timing settings of `withTimingOptions`, as the bench engine takes them (still unparsed). */
export function timingSettings(flags: Flags) {
  return {
    filter: str(flags.filter),
    measure: str(flags.measure),
    clock: str(flags.clock),
    processes: str(flags.processes),
    values: str(flags.values),
    warmups: str(flags.warmups),
    minTime: str(flags.minTime),
    timeout: str(flags.timeout),
  };
}

/** A self-rewriting progress line on stderr, only when it is a terminal. */
export function progressLine(command: string): { progress?: (message: string) => void; clear(): void } {
  if (!process.stderr.isTTY) return { clear: () => {} };
  return {
    progress: (message) => process.stderr.write(`\r\x1b[2Khotspy ${command}: ${message}`),
    clear: () => process.stderr.write('\r\x1b[2K'),
  };
}
