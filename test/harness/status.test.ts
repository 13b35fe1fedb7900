// The progress channel: the harness reports "<elapsed> <samples>" lines on --status-fd,
// separately from the program's own output.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { expect, it } from 'vitest';
import { HARNESS_PATH } from '../../src/profile/runner.js';
import { outDir, PROGRAMS, PYTHON } from './run-harness.js';

it('writes status lines on the status fd while the program runs', async () => {
  const out = join(outDir(), 'p.json');
  const child = spawn(PYTHON, [HARNESS_PATH, '--out', out, '--status-fd', '3', '--timeout', '0.8', '--', 'faults.py', 'spin'], {
    cwd: PROGRAMS,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let status = '';
  let stdout = '';
  (child.stdio[3] as Readable).setEncoding('utf8').on('data', (c: string) => (status += c));
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code).toBe(124);
  expect(stdout).toBe('started\n');
  const lines = status.trim().split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(2);
  for (const line of lines) expect(line).toMatch(/^\d+\.\d\d \d+$/);
  const samples = lines.map((l) => Number(l.split(' ')[1]));
  expect(samples.at(-1)!).toBeGreaterThan(samples[0]!);
});
