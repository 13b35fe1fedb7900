// `hotspy ... | head -1`: the reader of stdout goes away after the first chunk. hotspy must exit
// quietly (no EPIPE stack trace), with 0 for its own commands and the program's status for `run`,
// and the profiled program must still finish (its profile written) as it would without hotspy.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hotspy-pipe-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs hotspy and closes its stdout after the first chunk, as `| head -1` does. */
function hotspyIntoHead(args: string[]): Promise<{ code: number | null; first: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
    let first = '';
    let stderr = '';
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString('utf8').split('\n')[0];
      child.stdout.destroy();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => done({ code, first, stderr }));
  });
}

describe('a reader that goes away', () => {
  it('report --format collapsed of a big profile exits 0 without a trace', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) lines.push(`main;work${i % 100};leaf${i} ${1 + (i % 7)}`);
    writeFileSync(join(work, 'big.folded'), lines.join('\n') + '\n');
    const run = await hotspyIntoHead(['report', 'big.folded', '--format', 'collapsed']);
    expect(run.first).toMatch(/^main;work\d+;leaf\d+ \d+$/);
    expect(run.stderr).not.toMatch(/EPIPE|internal error|\n\s+at /);
    expect(run.code).toBe(0);
  });

  it('run keeps the program status, and the program finishes and writes its profile', async () => {
    writeFileSync(
      join(work, 'prog.py'),
      'import sys, time\nsys.stdout.write("first\\n")\nsys.stdout.flush()\ntime.sleep(0.5)\nopen("finished.txt", "w").write("yes")\nsys.exit(5)\n',
    );
    const run = await hotspyIntoHead(['run', '-o', 'prog-profile.json', 'prog.py']);
    expect(run.first).toBe('first');
    expect(run.stderr).not.toMatch(/EPIPE|internal error|\n\s+at /);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 5, stderr: "" });
    expect(existsSync(join(work, 'finished.txt'))).toBe(true);
    expect(existsSync(join(work, 'prog-profile.json'))).toBe(true);
  });
});
