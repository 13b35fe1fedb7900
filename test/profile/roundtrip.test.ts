// Export then re-import under an unknown file name: proves the exporters write what the importers
// (and so the tools we target) read, and that detection works by content alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Profile as PprofProfile } from 'pprof-format';
import { afterAll, describe, expect, it } from 'vitest';
import { exportProfile } from '../../src/profile/export/index.js';
import { readProfileBytes } from '../../src/profile/import/index.js';
import type { Profile } from '../../src/profile/model.js';
import { dumpProfile, FIXTURES, fixture, fn } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hotspy-roundtrip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function reimport(profile: Profile, format: 'json' | 'speedscope' | 'collapsed'): Profile {
  const out = exportProfile(profile, format);
  expect(typeof out).toBe('string');
  return readProfileBytes(Buffer.from(out as string), 'unknown-name');
}

const sources: [string, () => Profile][] = [
  ['hotspy sample', () => readProfileBytes(fixture('hotspy/sample.json'), 'a.json')],
  ['speedscope evented', () => readProfileBytes(fixture('speedscope/evented.speedscope.json'), 'b.speedscope.json')],
  ['speedscope sampled', () => readProfileBytes(fixture('speedscope/sampled.json'), 'c.json')],
  ['collapsed', () => readProfileBytes(fixture('collapsed/py-spy.txt'), 'd.txt')],
];

describe.each(sources)('%s', (_name, load) => {
  it('survives the hotspy JSON round trip exactly', () => {
    const profile = load();
    const again = reimport(profile, 'json');
    expect(again.format).toBe('hotspy');
    expect(dumpProfile(again)).toEqual(dumpProfile(profile));
  });

  it('survives the speedscope round trip (functions, lines, CPU)', () => {
    const profile = load();
    const again = reimport(profile, 'speedscope');
    expect(again.format).toBe('speedscope');
    const strip = (d: unknown) => d;
    expect(strip(dumpProfile(again))).toEqual(dumpProfile(profile));
  });

  it('survives the collapsed round trip in proportion', () => {
    const profile = load();
    const again = reimport(profile, 'collapsed');
    expect(again.format).toBe('collapsed');
    const names = (p: Profile) => p.functions.filter((f) => f.totalWall > 0).map((f) => p.frames[f.frame]!.name).sort();
    expect(names(again)).toEqual(names(profile));
    const share = (p: Profile, name: string) => fn(p, name).totalWall / p.root.totalWall;
    for (const name of names(profile)) expect(share(again, name)).toBeCloseTo(share(profile, name), 4);
  });

  it('exports a pprof profile that decodes with wall time and line numbers', () => {
    const profile = load();
    const bytes = exportProfile(profile, 'pprof') as Uint8Array;
    expect(bytes[0]).toBe(0x1f);
    const decoded = PprofProfile.decode(gunzipSync(bytes));
    const strings = decoded.stringTable.strings;
    const types = decoded.sampleType.map((t) => `${strings[Number(t.type)]}/${strings[Number(t.unit)]}`);
    if (profile.unit === 'seconds') expect(types).toContain('wall/nanoseconds');
    const valueIndex = profile.unit === 'seconds' ? types.indexOf('wall/nanoseconds') : 0;
    const total = decoded.sample.reduce((sum, s) => sum + Number(s.value[valueIndex]), 0);
    const expected = profile.unit === 'seconds' ? profile.root.totalWall * 1e9 : profile.root.totalWall;
    expect(Math.abs(total - expected)).toBeLessThanOrEqual(decoded.sample.length);
    expect(decoded.location.every((l) => l.line.length === 1)).toBe(true);
    if (profile.lines.length > 0) expect(decoded.location.some((l) => Number(l.line[0]!.line) > 0)).toBe(true);
  });
});

it('exports call-graph profiles (cProfile) as stacks synthesised from the call graph', () => {
  const prof = join(dir, 'calls.prof');
  execFileSync('python3', ['-m', 'cProfile', '-o', prof, join(FIXTURES, 'programs/calls.py')], { stdio: 'ignore' });
  const profile = readProfileBytes(readFileSync(prof), prof);
  const json = readProfileBytes(Buffer.from(exportProfile(profile, 'json') as string), 'x');
  expect(dumpProfile(json)).toEqual(dumpProfile(profile));
  expect(json.edges.length).toBe(profile.edges.length);
  const collapsed = exportProfile(profile, 'collapsed') as string;
  expect(collapsed).toMatch(/;main \(.*calls\.py:31\);fib \(.*calls\.py:6\) \d+$/m);
  // The stacks are a reconstruction (recursion cut, shares estimated per edge): near, not equal.
  const speedscope = readProfileBytes(Buffer.from(exportProfile(profile, 'speedscope') as string), 'y');
  const selfSum = profile.functions.reduce((s, f) => s + f.selfWall, 0);
  expect(speedscope.root.totalWall).toBeLessThan(selfSum * 1.5);
  expect(speedscope.root.totalWall).toBeGreaterThan(selfSum * 0.5);
});
