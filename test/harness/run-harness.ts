// Runs the harness on a fixture program with the real python3 and parses the profile it writes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HARNESS_PATH } from '../../src/profile/runner.js';

export const PROGRAMS = fileURLToPath(new URL('../fixtures/programs/', import.meta.url));
export const PYTHON = process.env.HOTSPY_TEST_PYTHON ?? 'python3';

export interface HarnessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  profile: HotspyProfile;
  profilePath: string;
}

/** The parts of docs/profile-format.md the tests read. */
export interface HotspyProfile {
  version: number;
  meta: Record<string, any> & { exitCode: number; partial: boolean; reason: string | null; wallTime: number; cpuTime: number };
  frames: { file: string; name: string; line: number }[];
  stacks: { stack: number[]; lines: number[]; thread: string; count: number; wall: number; cpu: number }[];
  calls: { frame: number; calls: number; primitiveCalls: number; selfTime: number; totalTime: number; callers: unknown[] }[];
  functions: { file: string; line: number; name: string; selfTime: number; totalTime: number; selfCpuTime: number | null; totalCpuTime: number | null; calls: number | null; primitiveCalls: number | null }[];
  lines: { file: string; line: number; selfTime: number; cpuTime: number; totalTime: number }[];
  memory?: {
    mode: 'resident' | 'exact';
    peakTraced: number | null;
    processingTime: number;
    top: { file: string; line: number; size: number; count: number }[];
    snapshots: { time: number; current: number }[];
  };
}

export interface HarnessOptions {
  /** The interpreter; default PYTHON. */
  python?: string;
  harnessArgs?: string[];
  cwd?: string;
  stdin?: string;
  /** Called once the program printed its first line: to signal it mid-run. */
  onStarted?: (pid: number) => void;
}

export function outDir(): string {
  return mkdtempSync(join(tmpdir(), 'hotspy-harness-'));
}

export async function runHarness(program: string[], options: HarnessOptions = {}): Promise<HarnessRun> {
  const profilePath = join(outDir(), 'profile.json');
  const child = spawn(options.python ?? PYTHON, [HARNESS_PATH, '--out', profilePath, ...(options.harnessArgs ?? []), '--', ...program], {
    cwd: options.cwd ?? PROGRAMS,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let started = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!started && options.onStarted && stdout.includes('\n')) {
      started = true;
      options.onStarted(child.pid!);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as HotspyProfile;
  return { code, signal, stdout, stderr, profile, profilePath };
}

/** The same program under plain python3, for comparison. */
export function runPlain(program: string[], options: { cwd?: string; stdin?: string } = {}) {
  const result = spawnSync(PYTHON, program, { cwd: options.cwd ?? PROGRAMS, input: options.stdin ?? '', encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Inclusive CPU time of the named functions of one file, as shares (0..1) of their sum. */
export function cpuShares(profile: HotspyProfile, file: string, names: string[]): Record<string, number> {
  const times = names.map((n) => profile.functions.filter((f) => f.name === n && f.file.endsWith(file)).reduce((s, f) => s + (f.totalCpuTime ?? 0), 0));
  const sum = times.reduce((a, b) => a + b, 0);
  return Object.fromEntries(names.map((n, i) => [n, times[i]! / sum]));
}
