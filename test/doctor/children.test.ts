// The doctor on programs whose work runs in child processes (real python3, through the real
// binary): the advice points at the code the children run, shares are of the CPU time of all
// processes together, and a parent waiting on busy workers is not diagnosed I/O-bound (HD01).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
const CHILDREN = fileURLToPath(new URL('../fixtures/programs/children/', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hotspy-doctor-children-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hotspyRun(program: string, extra: string[] = []) {
  const result = spawnSync(process.execPath, [BIN, 'run', '--format', 'json', '--out', join(work, `${program}.json`), ...extra, program], {
    cwd: CHILDREN,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  // the program's own output comes first on stdout, then the report
  const start = result.stdout.indexOf('{\n');
  return { code: result.status, report: JSON.parse(result.stdout.slice(start)), stderr: result.stderr };
}

it("puts HS101 first on the issue's Pool program, with most of the run, and no HD01", () => {
  const { code, report } = hotspyRun('pool_tags.py');
  expect(code).toBe(0);
  expect(report.shares).toBe('cpu');
  expect(report.profile.meta.processes.length).toBe(3);
  const first = report.advice[0];
  expect(first.rule).toBe('HS101');
  expect(first.path).toBe('pool_tags.py');
  expect(first.line).toBe(10);
  expect(first.share).toBeGreaterThan(0.5);
  expect(report.diagnoses.map((d: { code: string }) => d.code)).not.toContain('HD01');
}, 300_000);

it('does not call a parent waiting on a busy ProcessPoolExecutor I/O-bound', () => {
  const { code, report } = hotspyRun('executor_burn.py');
  expect(code).toBe(0);
  expect(report.diagnoses.map((d: { code: string }) => d.code)).not.toContain('HD01');
  const top = report.advice[0];
  expect(top.path).toBe('executor_burn.py');
  expect(top.line).toBeGreaterThanOrEqual(6);
  expect(top.line).toBeLessThanOrEqual(8);
  expect(top.share).toBeGreaterThan(0.5);
}, 300_000);

it('says in the text report what the shares are of', () => {
  const result = spawnSync(process.execPath, [BIN, 'run', '--out', join(work, 'fork.json'), 'fork_child.py'], {
    cwd: CHILDREN,
    encoding: 'utf8',
    timeout: 240_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('2 processes (the program and 1 child): shares are of the CPU time of all of them together');
  expect(result.stdout).toMatch(/of the CPU time/);
}, 300_000);

it('--no-children profiles the program alone', () => {
  const out = join(work, 'alone.json');
  const result = spawnSync(process.execPath, [BIN, 'profile', '--no-children', '--out', out, 'fork_child.py'], { cwd: CHILDREN, encoding: 'utf8', timeout: 240_000 });
  expect(result.status).toBe(0);
  expect(result.stdout.startsWith('child status 5\n')).toBe(true);
  const profile = JSON.parse(readFileSync(out, 'utf8'));
  expect(profile.meta.processes).toBeUndefined();
  expect(profile.stacks.every((s: { process?: number }) => s.process === undefined)).toBe(true);
}, 300_000);
