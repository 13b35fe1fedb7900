// The options `hotspy profile` and `hotspy run` share, defined once so their help and
// parsing cannot drift apart.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { MemoryMode } from '../profile/model.js';

export interface ProfileFlags {
  mode: 'sample' | 'trace';
  rate?: number;
  memory?: boolean;
  memoryMode?: MemoryMode;
  /** false with --no-children */
  children: boolean;
  /** true with --census, false with --no-census, else undefined (automatic) */
  census?: boolean;
  timeout?: number;
  python?: string;
  out: string;
  module?: string;
  top?: number;
}

/** Adds the profiling options and makes everything after the script reach the program untouched. */
export function withProfileOptions(command: Command): Command {
  return command
    .usage('[options] (script.py | -m module) [args...]')
    .argument('[script]', 'the Python script to run')
    .argument('[args...]', "the program's own arguments, passed through untouched")
    .addOption(new Option('--mode <mode>', 'sample: low overhead, wall and CPU time per line; trace: cProfile, exact call counts').choices(['sample', 'trace']).default('sample'))
    .option('--rate <hz>', `samples per second in sample mode, ${MIN_RATE} to ${MAX_RATE} (default 1000)`, sampleRate)
    .option('--memory', 'also record memory per line: resident-memory growth charged to the line running at each sample (low overhead)')
    .addOption(new Option('--memory-mode <mode>', 'implies --memory; exact: tracemalloc, exact allocation sites (slows allocation-heavy programs down)').choices(['resident', 'exact']))
    .option('--census', 'force the census of hot functions on (calls and repeated arguments, operand types), also for short runs')
    .option('--no-census', 'no census: nothing is instrumented beyond the sampler')
    .option('--no-children', "profile the program's own process only, not the processes it starts (forks, multiprocessing, Python subprocesses)")
    .option('--timeout <seconds>', 'stop the program after this long, keep the partial profile, exit 124', positiveNumber)
    .option('--python <path>', 'the Python interpreter to run (default $HOTSPY_PYTHON, else python3)')
    .option('-o, --out <file>', 'where to write the profile', 'hotspy-profile.json')
    .option('-m, --module <module>', 'run a library module as a script, like python -m')
    .passThroughOptions()
    .allowUnknownOption()
    .allowExcessArguments();
}

// Below 1 Hz a short program gets no sample at all; above 100 kHz the sampler's own cost swamps
// the program (one sample costs tens of microseconds).
const MIN_RATE = 1;
const MAX_RATE = 100_000;

export function sampleRate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < MIN_RATE || n > MAX_RATE) {
    throw new InvalidArgumentError(`expected a sampling rate from ${MIN_RATE} to ${MAX_RATE.toLocaleString('en-US')} Hz`);
  }
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
}

/** --census / --no-census / neither, as the runner takes it. */
export function censusFlag(census: boolean | undefined): 'on' | 'off' | undefined {
  return census === undefined ? undefined : census ? 'on' : 'off';
}
