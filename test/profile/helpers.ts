// Small lookups shared by the profile tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionStats, LineStats, Profile } from '../../src/profile/model.js';

export const FIXTURES = join(import.meta.dirname, '../fixtures/profiles');

export function fixture(path: string): Uint8Array {
  return readFileSync(join(FIXTURES, path));
}

export function fn(profile: Profile, name: string): FunctionStats {
  const matches = profile.functions.filter((f) => profile.frames[f.frame]!.name === name);
  if (matches.length !== 1) throw new Error(`${matches.length} functions named ${name}`);
  return matches[0]!;
}

export function line(profile: Profile, file: string, n: number): LineStats {
  const found = profile.lines.find((l) => l.file === file && l.line === n);
  if (!found) throw new Error(`no line ${file}:${n}`);
  return found;
}

/** A stable, order-independent summary of a profile's functions and lines, for round-trip checks. */
export function dumpProfile(profile: Profile, digits = 9): unknown {
  const r = (x: number) => Number(x.toFixed(digits));
  const functions = profile.functions
    .filter((f) => f.totalWall > 0 || f.selfWall > 0 || f.calls !== null)
    .map((f) => {
      const fr = profile.frames[f.frame]!;
      return `${fr.name} ${fr.file} self=${r(f.selfWall)}/${r(f.selfCpu)} total=${r(f.totalWall)}/${r(f.totalCpu)} calls=${f.calls}/${f.primitiveCalls}`;
    })
    .sort();
  const lines = profile.lines
    .filter((l) => l.totalWall > 0 || l.selfWall > 0)
    .map((l) => `${l.file}:${l.line} self=${r(l.selfWall)}/${r(l.selfCpu)} total=${r(l.totalWall)}/${r(l.totalCpu)}`)
    .sort();
  return { unit: profile.unit, hasCpu: profile.hasCpu, functions, lines };
}
