// `--measure instructions`: count CPU instructions under callgrind instead of reading a clock.
// With PYTHONHASHSEED=0 the count of a run repeats to about 0.0004 % (0.6 % with random hash
// seeds), so a CI machine's neighbours cannot move it. The body's share is isolated by
// difference: a run with 2L loops minus a run with L loops leaves exactly L iterations,
// so interpreter start-up, imports and setup cancel out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchError } from '../errors.js';
import { runWorker, type WorkerFailure } from './worker.js';

export const VALGRIND_HINT =
  'install valgrind (Debian/Ubuntu: `sudo apt-get install valgrind`; Fedora: `sudo dnf install valgrind`; ' +
  'macOS has no supported valgrind: run the gate on Linux CI), or measure time instead';

export function findValgrind(): string {
  const command = process.env.HOTSPY_VALGRIND || 'valgrind';
  try {
    execFileSync(command, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    return command;
  } catch (error) {
    throw new BenchError('--measure instructions needs valgrind, which was not found', { cause: error, hint: VALGRIND_HINT });
  }
}

export type CountOutcome = { ok: true; instructions: number } | { ok: false; failure: WorkerFailure };

async function countRun(valgrind: string, spec: object, timeoutSec: number): Promise<CountOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'hotspy-callgrind-'));
  try {
    const log = join(dir, 'callgrind.log');
    const wrapper = [valgrind, '--tool=callgrind', '--callgrind-out-file=/dev/null', `--log-file=${log}`];
    const outcome = await runWorker(spec, {
      wrapper,
      timeoutMs: timeoutSec * 1000,
      env: { ...process.env, PYTHONHASHSEED: '0' },
    });
    if (!outcome.ok) return outcome;
    const match = /Collected\s*:\s*(\d+)/.exec(readFileSync(log, 'utf8'));
    if (!match) {
      return { ok: false, failure: { stage: 'crash', type: 'Callgrind', message: 'callgrind reported no instruction count' } };
    }
    return { ok: true, instructions: Number(match[1]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Instructions per call of one target, from a pair of callgrind runs with L and 2L loops. */
export async function countPerCall(
  valgrind: string,
  spec: Record<string, unknown>,
  loops: number,
  timeoutSec: number,
): Promise<CountOutcome> {
  const once = await countRun(valgrind, { ...spec, mode: 'loops', loops }, timeoutSec);
  if (!once.ok) return once;
  const twice = await countRun(valgrind, { ...spec, mode: 'loops', loops: 2 * loops }, timeoutSec);
  if (!twice.ok) return twice;
  return { ok: true, instructions: (twice.instructions - once.instructions) / loops };
}
