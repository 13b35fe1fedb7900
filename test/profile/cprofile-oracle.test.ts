// .prof import against the oracle: files written by each available Python's cProfile must give
// exactly the numbers pstats reads from them - every function, nc, cc, tt, ct, and every caller.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importCprofile } from '../../src/profile/import/cprofile.js';
import { profileInput } from '../../src/profile/import/input.js';
import type { Profile } from '../../src/profile/model.js';
import { findPythons } from './pythons.js';

const PROGRAMS = join(import.meta.dirname, '../fixtures/profiles/programs');
const ORACLE = `
import json, pstats, sys
st = pstats.Stats(sys.argv[1])
out = []
for (file, line, name), (cc, nc, tt, ct, callers) in st.stats.items():
    out.append([file, line, name, nc, cc, tt, ct,
                sorted([cf, cl, cn] + list(v) for (cf, cl, cn), v in callers.items())])
print(json.dumps(sorted(out)))
`;

type Row = [string, number, string, number, number, number, number, unknown[][]];

function rowsOf(profile: Profile): Row[] {
  const callersOf = new Map<number, unknown[][]>();
  for (const e of profile.edges) {
    const c = profile.frames[e.caller]!;
    const list = callersOf.get(e.callee) ?? [];
    list.push([c.file, c.line, c.name, e.calls, e.primitiveCalls, e.selfTime, e.totalTime]);
    callersOf.set(e.callee, list);
  }
  const rows = profile.functions
    .filter((f) => f.calls !== null)
    .map((f): Row => {
      const fr = profile.frames[f.frame]!;
      return [fr.file, fr.line, fr.name, f.calls!, f.primitiveCalls!, f.selfWall, f.totalWall, sortRows(callersOf.get(f.frame) ?? [])];
    });
  return sortRows(rows) as Row[];
}

// Same order as Python's sorted() on these lists: strings by code point, then numbers.
function sortRows<T extends unknown[]>(rows: T[]): T[] {
  const cmp = (a: unknown, b: unknown): number => {
    if (typeof a === 'string' && typeof b === 'string') {
      const ca = [...a].map((c) => c.codePointAt(0)!);
      const cb = [...b].map((c) => c.codePointAt(0)!);
      for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
      return ca.length - cb.length;
    }
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const c = cmp(a[i], b[i]);
        if (c !== 0) return c;
      }
      return a.length - b.length;
    }
    return 0;
  };
  return [...rows].sort(cmp);
}

const dir = mkdtempSync(join(tmpdir(), 'hotspy-oracle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pythons = findPythons();

describe.each(pythons.map((p) => [p.version, p.path]))('cProfile .prof written by Python %s', (version, python) => {
  it.each(['calls.py', 'threads.py', 'unicode_names.py'])('%s imports exactly as pstats reads it', (program) => {
    const prof = join(dir, `${version}-${program}.prof`);
    execFileSync(python, ['-m', 'cProfile', '-o', prof, join(PROGRAMS, program)], { stdio: 'ignore' });
    const expected = JSON.parse(execFileSync(python, ['-c', ORACLE, prof], { encoding: 'utf8' })) as Row[];
    const profile = importCprofile(profileInput(prof, readFileSync(prof)));
    const actual = rowsOf(profile);
    expect(actual.length).toBe(expected.length);
    expect(actual).toEqual(expected);
    expect(profile.meta.mode).toBe('trace');
  });
});

it('finds at least one Python to test against', () => {
  expect(pythons.length).toBeGreaterThan(0);
});
