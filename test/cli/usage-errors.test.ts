// Flags the CLI rejects before anything runs: one line on stderr, exit 2, never "internal error".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hotspy-usage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, 'bench_x.py'), 'def bench_a():\n    sum(range(10))\n');
writeFileSync(join(work, 'prog.py'), 'open("ran.txt", "w").write("ran")\n');

function hotspy(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLineUsageError(run: ReturnType<typeof hotspy>, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
}

describe('-k with a bad regular expression', () => {
  it.each([
    ['bench', ['bench', 'bench_x.py', '-k', '(']],
    ['gate', ['gate', 'bench_x.py', '-k', '[a-', '--baseline', 'b.json']],
  ])('%s: usage error', (_name, args) => {
    expectOneLineUsageError(hotspy(args), /^hotspy: error: -k\/--filter: not a valid regular expression: .*(Unterminated|Invalid)/);
  });
});

describe('--rate outside 1 to 100,000 Hz', () => {
  it.each([['0'], ['0.5'], ['200000'], ['abc'], ['-5'], ['']])('run --rate %j is refused before the program runs', (rate) => {
    const run = hotspy(['run', '--rate', rate, 'prog.py']);
    expectOneLineUsageError(run, /--rate.*expected a sampling rate from 1 to 100,000 Hz/);
    expect(existsSync(join(work, 'ran.txt'))).toBe(false);
  });

  it('profile --rate 100001 is refused', () => {
    expectOneLineUsageError(hotspy(['profile', '--rate', '100001', 'prog.py']), /1 to 100,000 Hz/);
  });
});

describe('complexity with a generator that returns a one-shot iterator', () => {
  it('is refused with the reason and the fix, not fitted', () => {
    writeFileSync(join(work, 'lazy.py'), 'def make(n):\n    return (i for i in range(n))\n\n\ndef total(xs):\n    return sum(xs)\n');
    const run = hotspy(['complexity', 'lazy.py:total', '--gen', 'lazy.py:make', '--sizes', '1000,4000,16000,64000']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'hotspy: error: lazy.py:make(1000) returned a generator, an iterator that only the first call can consume; every later call would time an empty input\n' +
        '  hint: return a list or another container that can be iterated again, e.g. list(...)\n',
    );
  });
});
