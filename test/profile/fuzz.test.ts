// Random mutations of valid .prof and speedscope files (seeded, bounded): the importers may
// accept or reject each one, but only ever with a Profile or a ProfileFormatError.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileFormatError } from '../../src/errors.js';
import { readProfileBytes } from '../../src/profile/import/index.js';
import { FIXTURES, fixture } from './helpers.js';

const CASES = Number(process.env.HOTSPY_FUZZ_CASES ?? 400);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x72, 0x29, 0x28, 0x7b, 0x30, 0x22, 0x5b, 0x5d, 0x2c, 0x3a, 0x2d];

function mutate(input: Uint8Array, random: () => number): Uint8Array {
  const bytes = [...input];
  const edits = 1 + Math.floor(random() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * bytes.length);
    const pick = random();
    const value = random() < 0.5 ? INTERESTING[Math.floor(random() * INTERESTING.length)]! : Math.floor(random() * 256);
    if (pick < 0.5) bytes[at] = value;
    else if (pick < 0.7) bytes.splice(at, 1 + Math.floor(random() * 8));
    else if (pick < 0.85) bytes.splice(at, 0, value);
    else bytes.length = at;
  }
  return Uint8Array.from(bytes);
}

function check(bytes: Uint8Array, name: string): 'ok' | 'rejected' {
  try {
    readProfileBytes(bytes, name);
    return 'ok';
  } catch (error) {
    if (!(error instanceof ProfileFormatError)) throw new Error(`${name}: ${String(error)} (mutated bytes: ${Buffer.from(bytes).toString('base64').slice(0, 200)})`);
    expect(error.message).not.toContain('\n');
    return 'rejected';
  }
}

const dir = mkdtempSync(join(tmpdir(), 'hotspy-fuzz-'));
let prof: Uint8Array;
beforeAll(() => {
  const path = join(dir, 'calls.prof');
  execFileSync('python3', ['-m', 'cProfile', '-o', path, join(FIXTURES, 'programs/calls.py')], { stdio: 'ignore' });
  prof = readFileSync(path);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fuzzing', () => {
  it(`mutated .prof files (${CASES} cases)`, () => {
    const random = mulberry32(0x5eed);
    const outcomes = { ok: 0, rejected: 0 };
    for (let i = 0; i < CASES; i++) outcomes[check(mutate(prof, random), `fuzz-${i}.prof`)]++;
    expect(outcomes.ok + outcomes.rejected).toBe(CASES);
    expect(outcomes.rejected).toBeGreaterThan(0);
  });

  it(`mutated speedscope files (${CASES} cases each)`, () => {
    const random = mulberry32(0xc0ffee);
    for (const source of ['speedscope/sampled.json', 'speedscope/evented.speedscope.json']) {
      const bytes = fixture(source);
      for (let i = 0; i < CASES; i++) check(mutate(bytes, random), `fuzz-${i}.speedscope.json`);
    }
  });

  it(`mutated files under an unknown name go through detection (${CASES} cases)`, () => {
    const random = mulberry32(7);
    const sources = [prof, fixture('speedscope/sampled.json'), fixture('hotspy/sample.json'), fixture('collapsed/py-spy.txt')];
    for (let i = 0; i < CASES; i++) check(mutate(sources[i % sources.length]!, random), `fuzz-${i}`);
  });
});
