// The program: global flags, command registration, the one catch-all, exit codes.
import { Command, CommanderError } from 'commander';
import { isHotspyError } from '../errors.js';
import { HOTSPY_VERSION } from '../version.js';
import { isClosedPipe, stdoutWasClosed, tolerateClosedPipes } from './closed-pipe.js';
import { commandFactories } from './commands.js';

/** Set by a command's action: the process exit status. */
export interface CommandResult {
  exitCode: number;
}

export async function runCli(argv: string[]): Promise<number> {
  let exitCode = 0;
  let programExit: number | undefined;
  tolerateClosedPipes();
  const program = new Command('hotspy')
    .description('Tells you why your Python program is slow and what to fix first')
    .version(HOTSPY_VERSION, '-V, --version')
    .showHelpAfterError('(run `hotspy --help` for usage)')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  for (const factory of commandFactories) {
    const command = factory((code, origin) => {
      exitCode = code;
      if (origin === 'program') programExit = code;
    });
    program.addCommand(command.exitOverride());
  }

  try {
    await program.parseAsync(rewriteShorthand(argv, program), { from: 'user' });
  } catch (error) {
    if (!isClosedPipe(error)) return reportError(error);
    return programExit ?? 0;
  }
  // The reader of stdout went away: exit quietly with 0 (ruff), except that `run` and `profile`
  // keep the profiled program's own status, which the unread output does not change.
  return stdoutWasClosed() ? programExit ?? 0 : exitCode;
}

/** `hotspy script.py [args]` is short for `hotspy run script.py [args]`. */
function rewriteShorthand(argv: string[], program: Command): string[] {
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) return argv;
  const known = program.commands.some((c) => c.name() === first || c.aliases().includes(first));
  if (!known && first.endsWith('.py') && program.commands.some((c) => c.name() === 'run')) {
    return ['run', ...argv];
  }
  return argv;
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // help and version exit 0; usage errors were already printed by commander
    return error.exitCode === 0 ? 0 : 2;
  }
  if (isHotspyError(error)) {
    process.stderr.write(`hotspy: error: ${error.message}\n`);
    let cause = error.cause;
    while (cause) {
      process.stderr.write(`  cause: ${cause instanceof Error ? cause.message : String(cause)}\n`);
      cause = cause instanceof Error ? cause.cause : undefined;
    }
    if (error.hint) process.stderr.write(`  hint: ${error.hint}\n`);
    return error.exitCode;
  }
  process.stderr.write('hotspy: internal error\n');
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.stderr.write('This is a bug in hotspy: please report it with the command you ran.\n');
  return 3;
}
