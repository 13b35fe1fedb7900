// Runs one torture program bare and under hotspy, and finds what it left behind.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROGRAMS = fileURLToPath(new URL('./programs/', import.meta.url));
export const PYTHON = process.env.HOTSPY_TEST_PYTHON ?? 'python3';
// Another checkout's CLI (to check that a test fails on the code before a fix).
const ROOT = process.env.HOTSPY_TORTURE_ROOT ?? fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'bin', 'hotspy.js');

export type Mode = 'bare' | 'run' | 'sample' | 'trace' | 'memory';
export const HOTSPY_MODES: Mode[] = ['run', 'sample', 'trace', 'memory'];

export interface TortureCase {
  name: string;
  /** Arguments after the interpreter or hotspy's options: ['x.py', ...] or ['-m', 'pkg.mod', ...]. */
  program: string[];
  stdin?: string;
  /**
   * Send SIGINT once stdout shows "ready": to the process group, as a terminal's Ctrl-C does, or
   * to the started process alone (hotspy must pass it on).
   */
  ctrlC?: 'group' | 'pid';
  /** hotspy options for every mode, e.g. ['--timeout', '1']. */
  hotspyArgs?: string[];
  /** Exit status expected under hotspy when the bare run is no reference (--timeout). */
  expectCode?: number;
  /** Compare stderr (default true; false where worker processes print in any order). */
  compareStderr?: boolean;
  /** Only these modes (default all). */
  modes?: Mode[];
  /** How long a run may take before it counts as hung (ms). */
  limitMs?: number;
  /** Environment changes for every run of the case (undefined removes a variable). */
  env?: Record<string, string | undefined>;
}

export interface CaseRun {
  code: number;
  stdout: string;
  /** Byte length and hash of stdout, for the 50 MB case. */
  stdoutSize: number;
  stdoutHash: string;
  stderr: string;
  hung: boolean;
  /** Processes of this run still alive after it ended (killed by the test afterwards). */
  leftovers: string[];
  profile?: { meta: Record<string, any> };
  elapsedMs: number;
}

let serial = 0;

export async function runCase(c: TortureCase, mode: Mode): Promise<CaseRun> {
  const dir = mkdtempSync(join(tmpdir(), 'hotspy-torture-'));
  const profilePath = join(dir, 'profile.json');
  const tag = `${c.name}-${mode}-${process.pid}-${++serial}`;
  let command: string;
  let args: string[];
  if (mode === 'bare') {
    command = PYTHON;
    args = c.program;
  } else {
    command = process.execPath;
    const modeArgs = { run: ['run', '--output', join(dir, 'report.txt')], sample: ['profile', '--mode', 'sample'], trace: ['profile', '--mode', 'trace'], memory: ['profile', '--memory'] }[mode];
    args = [CLI, ...modeArgs, '--python', PYTHON, '-o', profilePath, ...(c.hotspyArgs ?? []), ...c.program];
  }
  const started = Date.now();
  // Its own process group, so that a Ctrl-C can be sent to the group as a terminal would.
  const env: NodeJS.ProcessEnv = { ...process.env, HOTSPY_TORTURE_TAG: tag };
  for (const [name, value] of Object.entries(c.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const child = spawn(command, args, { cwd: PROGRAMS, detached: true, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let stderr = '';
  let sentCtrlC = false;
  let seen = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out.push(chunk);
    if (c.ctrlC && !sentCtrlC) {
      seen += chunk.toString('utf8');
      if (seen.includes('ready\n')) {
        sentCtrlC = true;
        setTimeout(() => (c.ctrlC === 'group' ? signalGroup(child.pid!, 'SIGINT') : signalPid(child.pid!, 'SIGINT')), 150);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.on('error', () => undefined);
  child.stdin.end(c.stdin ?? '');

  // generous: in CI this file runs five cases at once beside other test files on two cores, where a
  // pool of four workers that takes 3 s alone was seen to take 20 s; a real hang never ends at all
  const limit = c.limitMs ?? 45_000;
  let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
  child.on('exit', (code, signal) => (exit = { code, signal }));
  // 'close': every holder of the output pipes is gone, the leftover workers included.
  const hung = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(true), limit);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (hung) signalGroup(child.pid!, 'SIGKILL');
  const leftovers = await leftoversOf(tag);

  const stdout = Buffer.concat(out);
  let profile: CaseRun['profile'];
  if (mode !== 'bare' && existsSync(profilePath)) {
    try {
      profile = JSON.parse(readFileSync(profilePath, 'utf8'));
    } catch {
      profile = undefined;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    code: exit.code ?? 128 + (exit.signal ? (osConstants.signals[exit.signal] ?? 0) : 0),
    stdout: stdout.length > 1_000_000 ? '' : stdout.toString('utf8'),
    stdoutSize: stdout.length,
    stdoutHash: createHash('sha1').update(stdout).digest('hex'),
    stderr,
    hung,
    leftovers,
    profile,
    elapsedMs: Date.now() - started,
  };
}

/** hotspy's own lines on stderr, which the bare run does not have. */
export function programStderr(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith('hotspy: ') && !line.startsWith('  hint: '))
    .join('\n');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  signalPid(-pid, signal);
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone
  }
}

/**
 * Processes that still carry the run's tag in their environment, a moment after the run ended
 * (a process may still be on its way out). They are killed so that one failure does not leave
 * processes for the next; the list is what the test checks.
 */
async function leftoversOf(tag: string): Promise<string[]> {
  let found: { pid: number; what: string }[] = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    found = tagged(tag);
    if (found.length === 0) return [];
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const p of found) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  return found.map((p) => `${p.pid} ${p.what}`);
}

function tagged(tag: string): { pid: number; what: string }[] {
  const needle = Buffer.from(`HOTSPY_TORTURE_TAG=${tag}\0`);
  const found: { pid: number; what: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (!readFileSync(`/proc/${name}/environ`).includes(needle)) continue;
      found.push({ pid: Number(name), what: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}
