// HD10 cache-health on real python3 runs: the harness reads the user's lru_caches at exit
// (never a standard-library or site-packages one) and the doctor flags the unhealthy ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/index.js';
import { readProfileFile } from '../../src/profile/import/index.js';
import { PROGRAMS, runHarness, runPlain } from './run-harness.js';

const PROGRAM = join(PROGRAMS, 'cache_health.py');

/** The line of the function's decorator: what co_firstlineno and the profile's frames call its line. */
function defLine(name: string): number {
  const lines = readFileSync(PROGRAM, 'utf8').split('\n');
  const def = lines.findIndex((l) => l.startsWith(`def ${name}(`));
  expect(lines[def - 1]).toMatch(/^@functools\.lru_cache/);
  return def;
}

async function cacheRun(cas: string, harnessArgs: string[] = []) {
  const run = await runHarness(['cache_health.py', cas], { harnessArgs });
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(runPlain(['cache_health.py', cas]).stdout);
  const profile = await readProfileFile(run.profilePath);
  const report = diagnose({ profile, findings: [], sources: new Map(), files: [PROGRAM], cwd: PROGRAMS });
  return { profile, hd10: report.diagnoses.find((d) => d.code === 'HD10') };
}

describe('HD10 cache-health', () => {
  it('flags a cache that hits 10 % of its calls, naming the function, its line and the figures', async () => {
    const { profile, hd10 } = await cacheRun('low');
    const price = profile.meta.caches!.find((c) => c.name === 'price')!;
    expect(price).toMatchObject({ file: PROGRAM, line: defLine('price'), hits: 199, misses: 1801, maxsize: null });
    expect(hd10?.message).toContain(`price (cache_health.py:${defLine('price')}): 199 hits, 1801 misses, hit ratio 10`);
    expect(hd10?.message).toContain('drop the cache');
    expect(hd10?.figures).toMatchObject({ caches: 1, function: 'price', hitRatio: 0.1 });
    // the healthy class-level cache is read but not flagged
    expect(profile.meta.caches!.find((c) => c.name === 'Catalog.label')).toMatchObject({ hits: 1995, misses: 5 });
    expect(hd10?.message).not.toContain('Catalog.label');
  });

  it('stays silent on a cache that hits 95 % of its calls', async () => {
    const { profile, hd10 } = await cacheRun('healthy');
    expect(profile.meta.caches!.find((c) => c.name === 'price')).toMatchObject({ hits: 1900, misses: 100 });
    expect(hd10).toBeUndefined();
  });

  it('flags a full bounded cache that evicts what it needs next, naming maxsize (trace mode too)', async () => {
    for (const args of [[], ['--mode', 'trace']]) {
      const { hd10 } = await cacheRun('thrash', args);
      expect(hd10?.message).toContain(`shipping (cache_health.py:${defLine('shipping')}): 0 hits, 2000 misses`);
      expect(hd10?.message).toContain('size 32/maxsize=32, full: evicting; raise maxsize above 32');
      expect(hd10?.figures).toMatchObject({ function: 'shipping', maxsize: 32, currsize: 32 });
    }
  });

  it('never reports a standard-library or site-packages cache, however poor', async () => {
    const { profile } = await cacheRun('low');
    const files = new Set(profile.meta.caches!.map((c) => c.file));
    expect([...files]).toEqual([PROGRAM]);
  });
});
