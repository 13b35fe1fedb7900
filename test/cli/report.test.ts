// `hotspy report` through the real binary: it reads back its own pprof output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../fixtures/profiles/hotspy/sample.json', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hotspy-report-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hotspy(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('reads the pprof file it wrote, with the same top functions', () => {
  const written = hotspy(['report', SAMPLE, '--format', 'pprof', '-o', 'profile.out']);
  expect(written.code).toBe(0);
  const original = hotspy(['report', SAMPLE, '--format', 'json']);
  const again = hotspy(['report', 'profile.out', '--format', 'json', '--verbose']);
  expect(again.stderr).toBe('hotspy: Importing as pprof (gzipped profile.proto)\n');
  expect(again.code).toBe(0);
  const top = (stdout: string) =>
    (JSON.parse(stdout) as { functions: { name: string; selfTime: number; totalCpuTime: number }[] }).functions
      .map((f) => `${f.name} ${f.selfTime.toFixed(6)} ${f.totalCpuTime.toFixed(6)}`)
      .sort();
  expect(top(again.stdout)).toEqual(top(original.stdout));
});
