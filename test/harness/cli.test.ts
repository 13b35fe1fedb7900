// `hotspy profile` end to end through the real binary (needs the build in dist/).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { targetOf } from '../../src/cli/profile.js';
import { outDir, PROGRAMS } from './run-harness.js';

const BIN = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function hotspy(args: string[], onStarted?: (pid: number) => void): Promise<CliRun> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: PROGRAMS, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    if (onStarted && !stdout.includes('\n') && (stdout + c).includes('\n')) onStarted(child.pid!);
    stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('targetOf', () => {
  it('takes the script and passes everything after it to the program', () => {
    expect(targetOf('app.py', ['--foo', '-x'], undefined)).toEqual({ target: { script: 'app.py' }, programArgs: ['--foo', '-x'] });
  });
  it('with -m, every operand belongs to the program', () => {
    expect(targetOf('--foo', ['1'], 'pkg.mod')).toEqual({ target: { module: 'pkg.mod' }, programArgs: ['--foo', '1'] });
  });
  it('refuses an unknown option before the script and a missing script', () => {
    expect(() => targetOf('--mdoe', ['x.py'], undefined)).toThrow(/unknown option '--mdoe'/);
    expect(() => targetOf(undefined, [], undefined)).toThrow(/give a script/);
  });
});

describe.skipIf(!BUILT)('hotspy profile (built CLI)', () => {
  it("passes the program's own options through untouched and prints the summary", async () => {
    const out = join(outDir(), 'p.json');
    const run = await hotspy(['profile', '--out', out, 'fidelity.py', '--foo', '-x', '--out', 'theirs']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.split('\n')[0]!).argv).toEqual(['fidelity.py', '--foo', '-x', '--out', 'theirs']);
    expect(run.stdout).toContain('Top functions by self time');
    expect(run.stderr).toContain(`profile written to ${out}`);
    expect(JSON.parse(readFileSync(out, 'utf8')).meta.command).toEqual(['fidelity.py', '--foo', '-x', '--out', 'theirs']);
  });

  it("exits with the program's exit status and converts with --format", async () => {
    const out = join(outDir(), 'p.json');
    const run = await hotspy(['profile', '--mode', 'trace', '--format', 'collapsed', '--out', out, 'faults.py', 'exit3']);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/<module> \(.*faults\.py:1\).* \d+$/m);
  });

  it('forwards SIGTERM to the program and exits 143 with a partial profile', async () => {
    const out = join(outDir(), 'p.json');
    const run = await hotspy(['profile', '--out', out, 'faults.py', 'spin'], (pid) => setTimeout(() => process.kill(pid, 'SIGTERM'), 300));
    expect(run.code).toBe(143);
    expect(JSON.parse(readFileSync(out, 'utf8')).meta).toMatchObject({ partial: true, reason: 'SIGTERM', exitCode: 143 });
  });

  it('stops the program at --timeout with status 124', async () => {
    const out = join(outDir(), 'p.json');
    const run = await hotspy(['profile', '--timeout', '0.3', '--out', out, 'faults.py', 'spin']);
    expect(run.code).toBe(124);
    expect(run.stdout).toContain('partial');
  });

  it('says clearly when the interpreter cannot be found', async () => {
    const run = await hotspy(['profile', '--python', '/no/such/python3', 'calls.py']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^hotspy: error: cannot run Python: `\/no\/such\/python3` was not found/);
  });
});
