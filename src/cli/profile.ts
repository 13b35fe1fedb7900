// `hotspy profile`: flags -> runner -> loader -> renderer; exits with the program's own status.
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { censusFlag, positiveInteger, withProfileOptions, type ProfileFlags } from './profile-options.js';
import { useColor } from './color.js';
import type { SetExit } from './commands.js';

const FORMATS = ['text', 'json', 'speedscope', 'collapsed', 'pprof'] as const;
type Format = (typeof FORMATS)[number];

interface ProfileCommandFlags extends ProfileFlags {
  format: Format;
}

export function profileCommand(setExit: SetExit): Command {
  return (
    withProfileOptions(new Command('profile'))
      .description('Run a Python program under the profiler and print where its time goes')
      .addOption(new Option('--format <format>', 'what to print: a text summary, or the profile converted').choices(FORMATS).default('text'))
      .option('--top <n>', 'rows per table in the text summary', positiveInteger)
      .action(async (script: string | undefined, args: string[], flags: ProfileCommandFlags) => {
        const { target, programArgs } = targetOf(script, args, flags.module);
        if (flags.format === 'pprof' && process.stdout.isTTY) {
          throw new UsageError('pprof output is binary', { hint: 'redirect it to a file: hotspy profile --format pprof script.py > profile.pb.gz' });
        }
        const { runProfiler } = await import('../profile/runner.js');
        const run = await runProfiler({
          target,
          args: programArgs,
          mode: flags.mode,
          rate: flags.rate,
          memory: flags.memory,
          memoryMode: flags.memoryMode,
          children: flags.children,
          census: censusFlag(flags.census),
          timeout: flags.timeout,
          python: flags.python,
          out: flags.out,
        });
        setExit(run.exitCode, 'program');
        const { readProfileFile } = await import('../profile/import/index.js');
        const profile = await readProfileFile(run.profilePath);
        if (flags.format === 'text') {
          const { renderProfileText } = await import('../report/profile-text.js');
          process.stdout.write(renderProfileText(profile, { color: useColor(), top: flags.top }));
        } else {
          const { exportProfile } = await import('../profile/export/index.js');
          const output = exportProfile(profile, flags.format);
          process.stdout.write(output);
          if (typeof output === 'string' && !output.endsWith('\n')) process.stdout.write('\n');
        }
        process.stderr.write(`hotspy: profile written to ${run.profilePath}\n`);
      })
  );
}

/** `script args...`, or with -m the module and every operand as the program's arguments. */
export function targetOf(
  script: string | undefined,
  args: string[],
  module: string | undefined,
): { target: { script: string } | { module: string }; programArgs: string[] } {
  if (module !== undefined) {
    return { target: { module }, programArgs: script === undefined ? args : [script, ...args] };
  }
  if (script === undefined) throw new UsageError('give a script to profile, or -m module', { hint: 'hotspy profile script.py [args...]' });
  // Unknown options are allowed only so they can reach the program; before the script they are ours.
  if (script.startsWith('-')) throw new UsageError(`unknown option '${script}'`, { hint: 'run `hotspy profile --help` for the options' });
  return { target: { script }, programArgs: args };
}
