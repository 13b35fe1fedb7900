// Trace mode against the ground truth: python3 -m cProfile -o, read back with pstats.
import { spawnSync } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outDir, PROGRAMS, PYTHON, runHarness } from './run-harness.js';

// cProfile's own `disable` call is an artefact of each tool, not of the program.
const PROFILER_ENTRY = /_lsprof\.Profiler/;

function cprofileCounts(script: string): Map<string, [number, number]> {
  const prof = join(outDir(), 'ref.prof');
  const run = spawnSync(PYTHON, ['-m', 'cProfile', '-o', prof, script], { cwd: PROGRAMS, encoding: 'utf8' });
  expect(run.status).toBe(0);
  const dump = spawnSync(
    PYTHON,
    ['-c', 'import json, os, pstats, sys; s = pstats.Stats(sys.argv[1]).stats; print(json.dumps([[os.path.abspath(f) if f.endswith(".py") else f, l, n, v[1], v[0]] for (f, l, n), v in s.items()]))', prof],
    { cwd: PROGRAMS, encoding: 'utf8' },
  );
  const rows = JSON.parse(dump.stdout) as [string, number, string, number, number][];
  return new Map(rows.filter((r) => !PROFILER_ENTRY.test(r[2])).map(([f, l, n, nc, cc]) => [`${f}:${l}:${n}`, [nc, cc]]));
}

describe('trace mode', () => {
  it('agrees with cProfile on the set of functions and every call count', async () => {
    const expected = cprofileCounts('calls.py');
    const run = await runHarness(['calls.py'], { harnessArgs: ['--mode', 'trace'] });
    const actual = new Map(
      run.profile.functions
        .filter((f) => !PROFILER_ENTRY.test(f.name))
        // Python 3.8 names the script as given on the command line, as cProfile does.
        .map((f) => [`${isAbsolute(f.file) || !f.file.endsWith('.py') ? f.file : join(PROGRAMS, f.file)}:${f.line}:${f.name}`, [f.calls, f.primitiveCalls]]),
    );
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, counts] of expected) expect(actual.get(key), key).toEqual(counts);
    expect(actual.get(`${join(PROGRAMS, 'calls.py')}:3:fib`)).toEqual([1973, 1]);
    expect(run.profile.meta).toMatchObject({ mode: 'trace', samples: null, partial: false });
  });

  it('writes callers with pstats semantics', async () => {
    const run = await runHarness(['calls.py'], { harnessArgs: ['--mode', 'trace'] });
    const { frames, calls } = run.profile;
    const fib = calls.find((c) => frames[c.frame]!.name === 'fib')!;
    const callers = (fib.callers as { frame: number; calls: number }[]).map((c) => [frames[c.frame]!.name, c.calls]).sort();
    expect(callers).toEqual([['fib', 1972], ['main', 1]]);
  });

  it('covers threads started with threading', async () => {
    const run = await runHarness(['workers.py'], { harnessArgs: ['--mode', 'trace'] });
    const names = run.profile.functions.map((f) => f.name);
    expect(names).toContain('crunch_numbers');
    expect(names).toContain('wait_for_io');
    expect(run.profile.meta.threads).toBe(3);
  });
});
