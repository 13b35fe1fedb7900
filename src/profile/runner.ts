// Runs a Python program under the harness (src/harness/hotspy_harness.py) and waits for the
// profile file it writes. The program keeps the terminal: stdio is inherited, and progress comes
// from the harness over a separate pipe (fd 3), never from the program's own output.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants, tmpdir } from 'node:os';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { harnessFile } from '../assets.js';
import { HarnessError } from '../errors.js';
import type { MemoryMode } from './model.js';
import { forwardSignals } from './interrupts.js';
import { ProcessTree } from './process-tree.js';
import { nounFor } from '../plural.js';

/** The harness, from src/ under vitest, dist/ and the published bundle alike. */
export const HARNESS_PATH = harnessFile('hotspy_harness.py');
const CHILDREN_PATH = harnessFile('hotspy_children.py');

/**
 * How long hotspy waits, once the program's process has exited, for the children it left running
 * to end and write their profiles (the program itself is not held up: its exit is its own).
 */
export const CHILDREN_GRACE_SECONDS = 5;

/**
 * The interpreter to profile when --python is not given: $HOTSPY_PYTHON (the Python wheel's
 * launcher sets it to the interpreter it chose), else `python3` on the PATH.
 */
export function defaultPython(): string {
  return process.env.HOTSPY_PYTHON || 'python3';
}

/** Exit status for --timeout, as timeout(1) uses; the harness exits with the same. */
export const TIMEOUT_EXIT_CODE = 124;

// How long past --timeout the harness may take to stop before it is killed: the harness stops
// the program from a helper thread, which cannot run while the program holds the GIL in C code.
const TIMEOUT_GRACE_MS = 5000;

export type ProfileTarget = { script: string } | { module: string };

export interface ProfileRunOptions {
  target: ProfileTarget;
  /** The program's own arguments, passed through untouched. */
  args?: string[];
  mode?: 'sample' | 'trace';
  /** Samples per second (sample mode). */
  rate?: number;
  memory?: boolean;
  /** Implies `memory`; default resident. */
  memoryMode?: MemoryMode;
  /** Seconds. */
  timeout?: number;
  /** The interpreter; default `python3`. */
  python?: string;
  /** Where the profile is written; default `hotspy-profile.json`. */
  out?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Show a progress line on stderr; default: only when stderr is a terminal. */
  progress?: boolean;
  /** Profile the program's child processes too (forks, multiprocessing, Python subprocesses); default true. */
  children?: boolean;
  /**
   * The census of hot functions in sample mode (hotspy_census.py): `auto` (default) after a warm-up
   * of 200 samples, `on` after 20 (short programs too), `off` never.
   */
  census?: 'auto' | 'on' | 'off';
  /** A JSON file of candidate lines whose operand type the census records ([{file, line, expression, operation, rule}]). */
  censusSites?: string;
}

export interface ProfileRunResult {
  /** The program's exit status (128 + signal number when it died of a signal). */
  exitCode: number;
  signal: NodeJS.Signals | null;
  profilePath: string;
  /** Wall time of the whole run as seen from here, in seconds. */
  elapsed: number;
  /** Samples taken, as last reported by the harness (0 without progress or in trace mode). */
  samples: number;
  timedOut: boolean;
}

// The harness's wakeup fd: it reports the signals it gets (src/profile/interrupts.ts).
const SIGNAL_FD = 4;

export function harnessArguments(
  options: ProfileRunOptions,
  profilePath: string,
  statusFd?: number,
  signalFd?: number,
  childrenDir?: string,
): string[] {
  const args = [HARNESS_PATH, '--out', profilePath, '--mode', options.mode ?? 'sample'];
  if (childrenDir !== undefined) args.push('--children-dir', childrenDir);
  if (options.rate !== undefined) args.push('--rate', String(options.rate));
  if (options.memory || options.memoryMode) args.push('--memory');
  if (options.memoryMode) args.push('--memory-mode', options.memoryMode);
  if (options.timeout !== undefined) args.push('--timeout', String(options.timeout));
  if (options.census !== undefined) args.push('--census', options.census);
  if (options.censusSites !== undefined) args.push('--census-sites', options.censusSites);
  if (statusFd !== undefined) args.push('--status-fd', String(statusFd));
  if (signalFd !== undefined) args.push('--signal-fd', String(signalFd));
  args.push('--');
  if ('module' in options.target) args.push('-m', options.target.module);
  else args.push(options.target.script);
  args.push(...(options.args ?? []));
  return args;
}

export async function runProfiler(options: ProfileRunOptions): Promise<ProfileRunResult> {
  const cwd = options.cwd ?? process.cwd();
  const profilePath = resolve(cwd, options.out ?? 'hotspy-profile.json');
  const python = options.python ?? defaultPython();
  const progress = options.progress ?? process.stderr.isTTY === true;
  // A stale file from an earlier run must not pass for this run's profile.
  await rm(profilePath, { force: true });

  // Each profiled child process writes its own profile here; the harness merges them into its own.
  const childrenDir = options.children === false ? undefined : await mkdtemp(join(tmpdir(), 'hotspy-children-'));
  try {
    return await runHarness(options, { cwd, profilePath, python, progress, childrenDir });
  } finally {
    // A child still running may write here meanwhile: retried, and a leftover temporary
    // directory is not worth failing the run for.
    if (childrenDir) await rm(childrenDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}

/**
 * The harness leaves its own profile unmerged in the children's directory when children were
 * still running as the program ended: merge them once they ended too (or the grace is over).
 */
async function mergeLateChildren(python: string, childrenDir: string, profilePath: string, cwd: string): Promise<void> {
  if (!(await isFile(join(childrenDir, 'root.json')))) return;
  await new Promise<void>((resolvePromise) => {
    const merger = spawn(python, [CHILDREN_PATH, 'merge', childrenDir, profilePath, String(CHILDREN_GRACE_SECONDS)], {
      cwd,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    merger.once('error', () => resolvePromise());
    merger.once('exit', () => resolvePromise());
  });
}

async function runHarness(
  options: ProfileRunOptions,
  run: { cwd: string; profilePath: string; python: string; progress: boolean; childrenDir: string | undefined },
): Promise<ProfileRunResult> {
  const { cwd, profilePath, python, progress, childrenDir } = run;
  const started = Date.now();
  const child = spawn(python, harnessArguments(options, profilePath, progress ? 3 : undefined, SIGNAL_FD, childrenDir), {
    cwd,
    env: options.env ?? process.env,
    stdio: ['inherit', 'inherit', 'inherit', progress ? 'pipe' : 'ignore', 'pipe'],
  });
  // Everything the program starts, to end it all on --timeout or Ctrl-C.
  const tree = child.pid !== undefined ? new ProcessTree(child.pid) : undefined;
  tree?.watch();
  const status = { samples: 0 };
  const line = progress ? new ProgressLine(options.mode === 'trace') : undefined;
  if (line) watchStatus(child.stdio[3] as Readable | null, status, line);
  const forwarding = forwardSignals(child, child.stdio[SIGNAL_FD] as Readable | null);
  let timedOut = false;
  const killer =
    options.timeout === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeout * 1000 + TIMEOUT_GRACE_MS);

  let exit: { code: number | null; signal: NodeJS.Signals | null };
  try {
    exit = await waitForExit(child, python);
  } finally {
    forwarding.stop();
    tree?.stop();
    if (killer) clearTimeout(killer);
    line?.clear();
  }
  const exitCode = exit.code ?? 128 + (exit.signal ? (osConstants.signals[exit.signal] ?? 0) : 0);
  // Without hotspy a program that ends normally may leave children running on purpose; after
  // --timeout or a Ctrl-C nothing it started may stay (a leftover worker holding stdout open
  // kept `hotspy profile ... | cat` from ever returning).
  const stoppedEarly = timedOut || forwarding.interrupted || (options.timeout !== undefined && exitCode === TIMEOUT_EXIT_CODE);
  if (tree && stoppedEarly) await tree.terminate();
  else if (childrenDir) await mergeLateChildren(python, childrenDir, profilePath, cwd);
  if (!(await isFile(profilePath))) {
    if (timedOut) {
      throw new HarnessError(`the program did not stop at --timeout ${options.timeout} and was killed; no profile was written`, {
        hint: 'the program was probably inside a long call into C code; try a longer --timeout',
      });
    }
    throw new HarnessError(`the harness did not write a profile to ${profilePath} (the program exited with status ${exitCode})`, {
      hint: `check that ${python} is Python 3.8 or newer and that the output directory is writable`,
    });
  }
  return {
    exitCode: timedOut ? TIMEOUT_EXIT_CODE : exitCode,
    signal: exit.signal,
    profilePath,
    elapsed: (Date.now() - started) / 1000,
    samples: status.samples,
    timedOut,
  };
}

function waitForExit(child: ChildProcess, python: string): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolvePromise, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(new HarnessError(`cannot run Python: \`${python}\` was not found`, { hint: 'install Python 3.8 or newer, or pass --python PATH', cause: error }));
      } else {
        reject(new HarnessError(`cannot run Python (\`${python}\`): ${error.message}`, { cause: error }));
      }
    });
    // 'exit', not 'close': a forked grandchild may keep the status pipe open long after.
    child.once('exit', (code, signal) => resolvePromise({ code, signal }));
  });
}

// The harness writes "<elapsed seconds> <samples>\n" a few times a second.
function watchStatus(pipe: Readable | null, status: { samples: number }, line: ProgressLine): void {
  if (!pipe) return;
  let pending = '';
  pipe.setEncoding('utf8');
  pipe.on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    const last = lines.at(-1);
    if (last === undefined) return;
    const [elapsed, samples] = last.split(' ').map(Number);
    if (Number.isFinite(samples)) status.samples = samples!;
    if (Number.isFinite(elapsed)) line.show(elapsed!, status.samples);
  });
  pipe.on('error', () => undefined);
}

class ProgressLine {
  private shown = false;
  constructor(private readonly traceMode: boolean) {}

  show(elapsed: number, samples: number): void {
    const what = this.traceMode ? '' : `, ${samples.toLocaleString('en-US')} ${nounFor(samples, 'sample')}`;
    process.stderr.write(`\r\x1b[Khotspy: profiling ${elapsed.toFixed(1)} s${what}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
