// Runs one bench_runner.py process: spec in a file, result in a file. The program's own
// stdout is drained and counted but never parsed, so a benchmark that prints cannot corrupt
// the result channel.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePython, runnerPath } from './python.js';

export type FailureStage = 'import' | 'setup' | 'input' | 'statement' | 'run' | 'timeout' | 'crash';

export interface WorkerFailure {
  stage: FailureStage;
  type: string;
  message: string;
  traceback?: string;
}

export type WorkerOutcome<T> =
  | { ok: true; result: T; stdoutBytes: number; stderrTail: string }
  | { ok: false; failure: WorkerFailure; stdoutBytes: number; stderrTail: string };

export interface WorkerOptions {
  timeoutMs?: number;
  /** A command to run python under (valgrind and its flags). */
  wrapper?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const STDERR_TAIL = 4000;

export async function runWorker<T>(spec: object, options: WorkerOptions = {}): Promise<WorkerOutcome<T>> {
  const dir = mkdtempSync(join(tmpdir(), 'hotspy-bench-'));
  try {
    const specPath = join(dir, 'spec.json');
    const resultPath = join(dir, 'result.json');
    writeFileSync(specPath, JSON.stringify(spec));
    const python = resolvePython().executable;
    const argv = [...(options.wrapper ?? []), python, runnerPath(), specPath, resultPath];
    const run = await spawnBounded(argv, options);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(resultPath, 'utf8'));
    } catch {
      const failure: WorkerFailure = run.timedOut
        ? { stage: 'timeout', type: 'Timeout', message: `did not finish within ${(options.timeoutMs ?? 0) / 1000} s` }
        : {
            stage: 'crash',
            type: 'Crash',
            message: `the Python worker exited with ${run.signal ?? `code ${run.code}`} before writing a result`,
            traceback: run.stderrTail,
          };
      return { ok: false, failure, stdoutBytes: run.stdoutBytes, stderrTail: run.stderrTail };
    }
    const record = parsed as { ok: boolean } & Record<string, unknown>;
    if (!record.ok) {
      const failure = parsed as WorkerFailure;
      return { ok: false, failure, stdoutBytes: run.stdoutBytes, stderrTail: run.stderrTail };
    }
    return { ok: true, result: parsed as T, stdoutBytes: run.stdoutBytes, stderrTail: run.stderrTail };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface SpawnResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdoutBytes: number;
  stderrTail: string;
}

function spawnBounded(argv: string[], options: WorkerOptions): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    // its own process group, so a timeout also kills what the benchmark started
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: options.env ?? process.env,
      cwd: options.cwd,
    });
    let stdoutBytes = 0;
    let stderrTail = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            try {
              process.kill(-child.pid!, 'SIGKILL');
            } catch {
              child.kill('SIGKILL');
            }
          }, options.timeoutMs);
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, timedOut, stdoutBytes, stderrTail });
    });
  });
}
