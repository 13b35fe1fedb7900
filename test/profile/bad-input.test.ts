// Hostile and broken files: each must fail with one clear line naming the file and the problem
// (with the byte offset for binary formats), never a crash, a hang or unbounded memory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileFormatError } from '../../src/errors.js';
import { readProfileBytes, readProfileFile } from '../../src/profile/import/index.js';
import { ProfileBuilder, ProfileDataError } from '../../src/profile/model.js';
import { FIXTURES, fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hotspy-bad-'));
let prof: Uint8Array;
beforeAll(() => {
  const path = join(dir, 'calls.prof');
  execFileSync('python3', ['-m', 'cProfile', '-o', path, join(FIXTURES, 'programs/calls.py')], { stdio: 'ignore' });
  prof = readFileSync(path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(bytes: Uint8Array | string, name: string): ProfileFormatError {
  try {
    readProfileBytes(typeof bytes === 'string' ? Buffer.from(bytes) : bytes, name);
  } catch (error) {
    expect(error).toBeInstanceOf(ProfileFormatError);
    const e = error as ProfileFormatError;
    expect(e.message).not.toContain('\n');
    expect(e.message.startsWith(`${name}: `)).toBe(true);
    return e;
  }
  throw new Error(`${name} was accepted`);
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return [...b];
};

describe('cProfile .prof', () => {
  it('truncated: names the byte where the data ran out', () => {
    const e = errorOf(prof.subarray(0, Math.floor(prof.length / 2)), 'cut.prof');
    expect(e.message).toMatch(/file ends in the middle of an object .*\(at byte \d+\)$/);
    expect(e.offset).toBeGreaterThan(0);
  });

  it('empty', () => {
    expect(errorOf(new Uint8Array(), 'empty.prof').message).toBe('empty.prof: empty file');
  });

  it('wrong format under a .prof name', () => {
    expect(errorOf('{"version": 1}', 'x.prof').message).toMatch(/not a cProfile file.*\(at byte 0\)$/);
    expect(errorOf(Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'png.prof').message).toMatch(/first bytes 0x89 0x50\) \(at byte 0\)$/);
  });

  it('a reference to an object not yet read', () => {
    const e = errorOf(Buffer.from([0xfb, 0x72, ...u32(5)]), 'ref.prof');
    expect(e.message).toBe('ref.prof: bad marshal data: reference to object #5, but only 1 objects have been read (at byte 1)');
  });

  it('a reference to the container still being read', () => {
    const e = errorOf(Buffer.from([0xfb, 0x72, ...u32(0), 0x4e]), 'self.prof');
    expect(e.message).toMatch(/reference to object #0 while it is still being read \(at byte 1\)$/);
  });

  it('a string claiming 4 GB is refused before allocating', () => {
    const e = errorOf(Buffer.from([0x7b, 0x29, 0x03, 0x75, ...u32(0xffffffff), 0x41]), 'huge.prof');
    expect(e.message).toBe('huge.prof: bad marshal data: a string of 4294967295 bytes is claimed, but only 1 bytes are left (at byte 4)');
  });

  it('a tuple claiming 2 billion items is refused before allocating', () => {
    expect(errorOf(Buffer.from([0x7b, 0x28, ...u32(0x7fffffff)]), 'tuple.prof').message).toMatch(/a tuple of 2147483647 items is claimed/);
  });

  it('nesting deep enough to overflow a recursive decoder', () => {
    const bytes = Buffer.concat([Buffer.from([0x7b]), Buffer.alloc(100_000, 0x29).map((_, i) => (i % 2 === 0 ? 0x29 : 0x01))]);
    expect(errorOf(bytes, 'deep.prof').message).toMatch(/nested deeper than 200 levels/);
  });

  it('a dict of the wrong shape', () => {
    // {(1,): 2}: the key is not a (file, line, function) tuple
    const bytes = Buffer.from([0x7b, 0x29, 0x01, 0x69, ...u32(1), 0x69, ...u32(2), 0x30]);
    expect(errorOf(bytes, 'shape.prof').message).toMatch(/entry 1: expected a \(file, line, function\) tuple/);
  });

  it('an unknown type byte', () => {
    expect(errorOf(Buffer.from([0x7b, 0x29, 0x01, 0x01]), 'type.prof').message).toMatch(/unknown marshal type byte 0x01 \(at byte 3\)$/);
  });
});

describe('text and JSON formats', () => {
  it('random bytes', () => {
    let seed = 42;
    const bytes = Buffer.alloc(4096).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    bytes[0] = 0x00;
    expect(errorOf(bytes, 'noise.bin').message).toMatch(/unrecognized profile format: binary data that is none of cProfile .prof .*, speedscope JSON, hotspy profile JSON, collapsed stacks, pprof \(gzipped profile.proto\)$/);
  });

  it('a collapsed line without a count', () => {
    expect(errorOf('a;b 3\nmain;work\n', 'x.folded').message).toBe('x.folded: line 2: no sample count at the end of the line (expected "frame;frame;... COUNT", got "main;work")');
  });

  it('a speedscope file with out-of-range frame indexes', () => {
    const doc = JSON.parse(readFileSync(join(FIXTURES, 'speedscope/sampled.json'), 'utf8'));
    doc.profiles[0].samples[2] = [0, 7];
    expect(errorOf(JSON.stringify(doc), 's.json').message).toBe('s.json: profiles[0].samples[2][1]: frame index 7 out of range (4 frames)');
    doc.profiles[0].samples[2] = [0, -1];
    expect(errorOf(JSON.stringify(doc), 's.json').message).toMatch(/frame index -1 out of range/);
  });

  it('a speedscope evented profile closing the wrong frame', () => {
    const doc = JSON.parse(readFileSync(join(FIXTURES, 'speedscope/evented.speedscope.json'), 'utf8'));
    doc.profiles[0].events[3].frame = 1;
    expect(errorOf(JSON.stringify(doc), 'e.speedscope.json').message).toMatch(/frame 1 closed while frame 2 is the innermost open frame/);
  });

  it('broken JSON says what is wrong, and where when the parser knows', () => {
    const e = errorOf('{"$schema": "https://www.speedscope.app/file-format-schema.json", "shared": {"frames": [}', 'b.speedscope.json');
    expect(e.message).toBe("b.speedscope.json: not valid speedscope JSON: unexpected token '}'");
    const cut = errorOf('{"version": 1, "meta": {"command": ["a"] "x"', 'c.json');
    expect(cut.message).toBe("c.json: not valid hotspy profile JSON: expected ',' or '}' after property value (at byte 41)");
  });

  it('a hotspy profile from a future version', () => {
    expect(errorOf('{"version": 2, "meta": {}}', 'future.json').message).toBe('future.json: hotspy profile version 2 is not supported (this hotspy reads version 1)');
  });

  it('a hotspy profile with a bad meta field names the field', () => {
    expect(errorOf('{"version": 1, "meta": {"mode": "fast"}}', 'm.json').message).toMatch(/^m\.json: meta\.mode: /);
  });

  it('a missing file', async () => {
    await expect(readProfileFile(join(dir, 'nope.prof'))).rejects.toThrow(/nope\.prof: cannot read: no such file$/);
  });
});

describe('size limits', () => {
  it('loads a profile with a million frames in bounded time and memory', () => {
    const parts: string[] = [];
    for (let i = 0; i < 1_000_000; i++) parts.push(`main (app.py:1);f${i} (mod${i % 100}.py:${(i % 500) + 1}) 1\n`);
    const bytes = Buffer.from(parts.join(''));
    parts.length = 0;
    const before = process.memoryUsage().heapUsed;
    const started = performance.now();
    const profile = readProfileBytes(bytes, 'million.folded');
    const seconds = (performance.now() - started) / 1000;
    const grew = process.memoryUsage().heapUsed - before;
    expect(profile.frames.length).toBe(1_000_001);
    expect(profile.root.totalWall).toBe(1_000_000);
    // Generous: CI machines are shared; a quadratic step would take hours, not seconds.
    expect(seconds).toBeLessThan(120);
    expect(grew).toBeLessThan(1.5 * 1024 ** 3);
  });

  it('refuses more frames than the builder allows, as a data error', () => {
    const builder = new ProfileBuilder({ limits: { frames: 3 } });
    for (let i = 0; i < 3; i++) builder.frame(`f${i}`, 'a.py');
    expect(() => builder.frame('f3', 'a.py')).toThrow(ProfileDataError);
    expect(() => builder.frame('f3', 'a.py')).toThrow('more than 3 distinct frames');
  });

  it('refuses absurdly deep stacks', () => {
    const builder = new ProfileBuilder({ limits: { stackDepth: 10 } });
    const f = builder.frame('f', 'a.py');
    expect(() => builder.appendSample(new Array(11).fill(f), { wall: 1 })).toThrow('a stack 11 frames deep (limit 10)');
  });
});

it('keeps fixture files readable', () => {
  expect(fixture('collapsed/py-spy.txt').length).toBeGreaterThan(0);
});
