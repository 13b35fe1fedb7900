// pprof: hotspy reads back what it exports (and what other tools write: gzipped profile.proto),
// detected by content under any name; broken files and overflowing weights are one-line errors.
import { gzipSync } from 'node:zlib';
import { Profile as PprofProfile, StringTable } from 'pprof-format';
import { describe, expect, it } from 'vitest';
import { ProfileFormatError } from '../../src/errors.js';
import { exportProfile } from '../../src/profile/export/index.js';
import { readProfileBytes } from '../../src/profile/import/index.js';
import type { Profile } from '../../src/profile/model.js';
import { dumpProfile, fixture } from './helpers.js';

const sources: [string, () => Profile][] = [
  ['hotspy sample (wall + CPU)', () => readProfileBytes(fixture('hotspy/sample.json'), 'a.json')],
  ['speedscope sampled', () => readProfileBytes(fixture('speedscope/sampled.json'), 'c.json')],
  ['collapsed (unitless)', () => readProfileBytes(fixture('collapsed/py-spy.txt'), 'd.txt')],
];

/** Functions' totals to the nanosecond pprof keeps; lines are compared apart (pprof has no "unknown line"). */
function functionsOf(profile: Profile) {
  return (dumpProfile(profile, profile.unit === 'seconds' ? 6 : 9) as { unit: string; hasCpu: boolean; functions: string[] });
}

describe.each(sources)('%s', (_name, load) => {
  it('survives the pprof round trip under an unknown name', () => {
    const profile = load();
    const again = readProfileBytes(exportProfile(profile, 'pprof') as Uint8Array, 'unknown-name');
    expect(again.format).toBe('pprof');
    const a = functionsOf(again);
    const b = functionsOf(profile);
    expect({ unit: a.unit, hasCpu: a.hasCpu, functions: a.functions }).toEqual({ unit: b.unit, hasCpu: b.hasCpu, functions: b.functions });
    const hotLines = (p: Profile) => p.lines.filter((l) => l.line > 0 && l.selfWall > 0).map((l) => `${l.file}:${l.line}`).sort();
    expect(hotLines(again)).toEqual(hotLines(profile));
  });
});

/** A pprof profile built by hand: `samples` are [leaf-first function names, values]. */
function pprof(options: { types: [string, string][]; samples: [string[], (number | bigint)[]][]; gzip?: boolean; functionIdOffset?: number }): Uint8Array {
  const strings = new StringTable();
  const names = [...new Set(options.samples.flatMap(([stack]) => stack))];
  const functions = names.map((name, i) => ({ id: i + 1 + (options.functionIdOffset ?? 0), name: strings.dedup(name), filename: strings.dedup('app.py'), startLine: 10 * (i + 1) }));
  const location = names.map((_, i) => ({ id: i + 1, line: [{ functionId: i + 1, line: 10 * (i + 1) + 2 }] }));
  const profile = new PprofProfile({
    sampleType: options.types.map(([type, unit]) => ({ type: strings.dedup(type), unit: strings.dedup(unit) })),
    sample: options.samples.map(([stack, value]) => ({ locationId: stack.map((n) => names.indexOf(n) + 1), value })),
    location,
    function: functions,
    stringTable: strings,
  });
  const raw = profile.encode();
  return options.gzip === false ? raw : gzipSync(raw);
}

function formatError(bytes: Uint8Array, name = 'p.pb.gz'): string {
  try {
    readProfileBytes(bytes, name);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileFormatError);
    expect((error as Error).message).not.toMatch(/\n/);
    return (error as Error).message;
  }
  throw new Error('expected a ProfileFormatError');
}

describe('pprof from other tools', () => {
  it('reads cpu time in microseconds, leaf-first stacks and line numbers', () => {
    const bytes = pprof({ types: [['samples', 'count'], ['cpu', 'microseconds']], samples: [[['leaf', 'main'], [3, 3000]], [['main'], [1, 1000]]] });
    const profile = readProfileBytes(bytes, 'cpu.prof.bin');
    expect(profile.unit).toBe('seconds');
    expect(profile.root.totalWall).toBeCloseTo(0.004, 9);
    expect(profile.meta.samples).toBe(4);
    const leaf = profile.functions.find((f) => profile.frames[f.frame]!.name === 'leaf')!;
    expect(leaf.selfWall).toBeCloseTo(0.003, 9);
    // function i (in order of first appearance) starts at line 10*i and its samples are at 10*i + 2
    expect(profile.lines.find((l) => l.line === 12)?.selfWall).toBeCloseTo(0.003, 9);
    expect(profile.lines.find((l) => l.line === 22)?.selfWall).toBeCloseTo(0.001, 9);
    expect(profile.frames[leaf.frame]!.line).toBe(10);
  });

  it('reads an uncompressed profile.proto by its file name', () => {
    const bytes = pprof({ types: [['alloc_space', 'bytes']], samples: [[['f'], [4096]]], gzip: false });
    const profile = readProfileBytes(bytes, 'heap.pprof');
    expect(profile.unit).toBe('bytes');
    expect(profile.root.totalWall).toBe(4096);
  });
});

describe('broken pprof files', () => {
  it('truncated gzip', () => {
    const bytes = pprof({ types: [['samples', 'count']], samples: [[['f'], [1]]] });
    expect(formatError(bytes.subarray(0, bytes.length - 9))).toMatch(/^p\.pb\.gz: not valid gzip data/);
  });

  it('gzip of something that is not a profile.proto', () => {
    expect(formatError(gzipSync(Buffer.from('\xff\xff\xff\xff garbage', 'latin1')))).toMatch(/^p\.pb\.gz: (not a valid pprof|.*out of range|string_table)/);
  });

  it('a location that names a missing function', () => {
    const bytes = pprof({ types: [['samples', 'count']], samples: [[['f'], [1]]], functionIdOffset: 7 });
    expect(formatError(bytes)).toMatch(/location\[0\]\.line\[0\]: function id 1 is not in the function table/);
  });

  it('a negative value', () => {
    const bytes = pprof({ types: [['samples', 'count']], samples: [[['f'], [-5]]] });
    expect(formatError(bytes)).toMatch(/bad pprof .*-5 is not a finite non-negative number/);
  });
});

describe('weights that overflow', () => {
  it('collapsed counts whose sum is Infinity are rejected, not shown as "Infinity"', () => {
    const big = '9'.repeat(308);
    const text = `main;a ${big}\nmain;b ${big}\n`;
    expect(formatError(Buffer.from(text), 'x.folded')).toBe('x.folded: bad collapsed stacks: the weights add up to more than 1.80e+308, beyond what a number holds');
  });

  it('speedscope weights whose sum is Infinity are rejected', () => {
    const doc = {
      $schema: 'https://www.speedscope.app/file-format-schema.json',
      shared: { frames: [{ name: 'a' }] },
      profiles: [{ type: 'sampled', name: 'p', unit: 'none', startValue: 0, endValue: 1, samples: [[0], [0]], weights: [1e308, 1e308] }],
    };
    expect(formatError(Buffer.from(JSON.stringify(doc)), 'y.json')).toMatch(/^y\.json: bad speedscope JSON: the weights add up to more than 1\.80e\+308/);
  });
});
