// HD07 memoization-candidate: the census (hotspy_census.py) counted the calls of the run's hot
// functions and their distinct argument tuples; for a function that is pure by the static fact
// (src/python/purity.ts), that says what an `lru_cache` would answer from memory and what it
// would save: the repeated calls times the function's measured mean time. Measured, not guessed:
// no census, an impure or unknown function, a method, unhashable arguments or under 20 % repeats
// give no caching advice.
import type { Finding } from '../check/finding.js';
import type { CensusFunction, CensusStats, Profile } from '../profile/model.js';
import { forEachStack } from '../profile/query.js';
import type { PurityRecord } from '../python/purity.js';
import { percent } from './advise.js';
import { frameFilePath, profileTotals, shareOf } from './measure.js';
import type { Advice } from './types.js';

/** RULES.md / issue 11: fewer repeats than this and a cache is not worth its cost. */
export const MIN_REPEAT_RATIO = 0.2;
/** Fewer hashed calls than this say nothing about the argument space. */
const MIN_CALLS = 50;
/** Calls with arguments a cache cannot key on (unhashable, or a custom `__hash__` not called): above this, no advice. */
const MAX_UNKEYED = 0.05;
/** Seconds an `lru_cache` hit costs (a C lookup of the argument tuple), taken off each saved call. */
const HIT_COST = 3e-7;
/** A function decorated within this many lines above its `def` (the code object starts at its first decorator). */
const MAX_DECORATOR_LINES = 30;

export interface CacheVerdict {
  fn: CensusFunction;
  purity: PurityRecord;
  /** The share of all the function's calls an unbounded (or large enough) lru_cache would answer. */
  hitRatio: number;
  /** The census saw every distinct argument tuple early: the working set is complete. */
  saturated: boolean;
  /** Calls of the whole run, estimated from the census's coverage (its counts are a sample when it paced itself). */
  estimatedCalls: number;
  /** Distinct argument tuples of the whole run, estimated from the census's sample (Chao1). */
  estimatedDistinct: number;
  maxsize: number;
  /** Seconds of the run inside the function (inclusive, recursion counted once). */
  time: number;
  /** Seconds a cache would save. */
  saving: number;
}

export interface MemoizationInput {
  profile: Profile;
  /** Purity of the functions of each user file (absolute path). */
  purity: ReadonlyMap<string, readonly PurityRecord[]>;
  sources: ReadonlyMap<string, string>;
  displayPath: (file: string) => string;
  /** Static findings (absolute paths): a function a caching or algorithmic rule already explains gets no second advice. */
  findings?: readonly Finding[];
}

/** The purity record of a census function: same name, `def` at or a few decorator lines below its first line. */
export function purityFor(fn: CensusFunction, records: readonly PurityRecord[] | undefined): PurityRecord | undefined {
  const name = fn.name.split('.').pop();
  let best: PurityRecord | undefined;
  for (const r of records ?? []) {
    if (r.name !== name || r.line < fn.line || r.line - fn.line > MAX_DECORATOR_LINES) continue;
    // on 3.11+ the census name is the qualname and must match; before, only the name is known
    if (fn.name.includes('.') && r.qualname !== fn.name.replace(/\.<locals>/g, '')) continue;
    if (!best || r.line < best.line) best = r;
  }
  return best;
}

/**
 * The estimated hit ratio over the run's calls, and whether the working set looks complete.
 *
 * While it paces itself the census sees a sample of the calls (its `coverage` of the program's CPU
 * time), so the run's calls are estimated as the calls seen over the coverage (low: a hook slows
 * the calls it sees), and its distinct argument tuples with Chao1 (seen + once^2 / (2 twice)), the
 * usual estimate of the kinds a sample missed. The hit ratio is then 1 - distinct / calls, never
 * below what the census saw itself: an under-promise rather than a guess.
 */
export function hitRatioOf(fn: CensusFunction): { hitRatio: number; saturated: boolean; estimatedCalls: number; estimatedDistinct: number } {
  const observed = fn.hashedCalls > 0 ? fn.repeats / fn.hashedCalls : 0;
  const coverage = fn.coverage > 0 && fn.coverage < 1 ? fn.coverage : 1;
  const estimatedCalls = Math.max(fn.hashedCalls, Math.round(fn.hashedCalls / coverage));
  const unseen = fn.keysFull ? Infinity : fn.seenTwice > 0 ? (fn.seenOnce * fn.seenOnce) / (2 * fn.seenTwice) : (fn.seenOnce * (fn.seenOnce - 1)) / 2;
  const estimatedDistinct = Math.min(estimatedCalls, fn.distinct + unseen);
  const saturated = !fn.keysFull && fn.hashedCalls >= MIN_CALLS && fn.lastNewAt <= fn.hashedCalls / 2;
  const keyed = fn.calls > 0 ? fn.hashedCalls / fn.calls : 0;
  const ratio = Math.max(observed, 1 - estimatedDistinct / estimatedCalls);
  return { hitRatio: ratio * keyed, saturated, estimatedCalls, estimatedDistinct: Math.round(estimatedDistinct) };
}

/**
 * A method: a cache on it keys on `self` and keeps every instance alive (HS202), not this advice.
 * 3.11+ names nested functions `outer.<locals>.inner`; before, the `def` line says (`self`, `cls`).
 */
function isMethod(fn: CensusFunction, purity: PurityRecord, defLine: string | undefined): boolean {
  if (!purity.qualname.includes('.')) return false;
  if (fn.name.includes('.')) return !fn.name.includes('<locals>') || !/<locals>\.[^.]+$/.test(fn.name);
  return defLine === undefined || /\bdef\s+\w+\s*\(\s*(self|cls)\b/.test(defLine);
}

export function judgeCensusFunction(
  fn: CensusFunction,
  census: CensusStats,
  purity: PurityRecord | undefined,
  time: number,
  defLine?: string,
): CacheVerdict | undefined {
  if (!purity || purity.verdict !== 'pure') return undefined;
  if (isMethod(fn, purity, defLine)) return undefined;
  if (fn.hashedCalls < MIN_CALLS) return undefined;
  if ((fn.unhashableCalls + fn.customHashCalls) / Math.max(1, fn.calls) > MAX_UNKEYED) return undefined;
  const { hitRatio, saturated, estimatedCalls, estimatedDistinct } = hitRatioOf(fn);
  if (hitRatio < MIN_REPEAT_RATIO) return undefined;
  const mean = time / estimatedCalls;
  const saving = Math.max(0, hitRatio * time * (mean > 0 ? Math.max(0, 1 - HIT_COST / mean) : 0));
  if (saving <= 0) return undefined;
  return { fn, purity, hitRatio, saturated, estimatedCalls, estimatedDistinct, maxsize: powerOfTwoAtLeast(Math.max(1, estimatedDistinct)), time, saving };
}

export interface MeasuredAdvice {
  advice: Advice;
  /** The function's file (absolute) and first line as the profile's frames have them. */
  file: string;
  functionLine: number;
}

export function memoizationAdvice(input: MemoizationInput): MeasuredAdvice[] {
  const { profile } = input;
  const census = profile.census;
  if (!census || census.functions.length === 0) return [];
  const totals = profileTotals(profile);
  if (totals.wall <= 0) return [];
  const explained = new Set((input.findings ?? []).filter((f) => f.tier <= 2 && f.function).map((f) => `${f.path}:${f.function!.line}`));
  const advice: MeasuredAdvice[] = [];
  for (const fn of census.functions) {
    const time = inclusiveTime(profile, fn);
    const purity = purityFor(fn, input.purity.get(fn.file));
    if (purity && explained.has(`${fn.file}:${purity.line}`)) continue;
    const defLine = purity ? input.sources.get(fn.file)?.split('\n')[purity.line - 1] : undefined;
    const verdict = judgeCensusFunction(fn, census, purity, time.wall, defLine);
    if (!verdict) continue;
    advice.push({ advice: adviceOf(verdict, time, census, input, shareOf(profile, totals, time), totals), file: fn.file, functionLine: fn.line });
  }
  return advice;
}

function adviceOf(
  v: CacheVerdict,
  time: { wall: number; cpu: number; samples: number },
  census: CensusStats,
  input: MemoizationInput,
  share: number,
  totals: { wall: number; cpu: number },
): Advice {
  const { fn, purity } = v;
  const saved = totals.wall > 0 ? Math.min(0.99, v.saving / totals.wall) : 0;
  const text = input.sources.get(fn.file);
  const defLine = purity.line;
  const decorator = `@functools.lru_cache(maxsize=${v.maxsize})`;
  const needsImport = text !== undefined && !/^\s*(import functools\b|from functools import\b)/m.test(text);
  const sampled = fn.coverage > 0 && fn.coverage < 0.999;
  const calls = grouped(fn.calls);
  const seen = sampled
    ? `the census saw ${calls} of its calls (it watched ${percent(fn.coverage)} of the run to stay cheap, about ${grouped(v.estimatedCalls)} calls in all)`
    : `it was called ${calls} times while the census watched`;
  const message =
    `\`${purity.name}\` is pure, and ${seen} with ${grouped(fn.distinct)} distinct argument tuples: ` +
    `an \`lru_cache\` would answer ${percent(v.hitRatio)} of its calls from memory and save ${seconds(v.saving)} of its ${seconds(v.time)}`;
  const cpuShare = time.cpu > 0 && totals.cpu > 0 ? time.cpu / totals.cpu : null;
  const content = text?.split('\n')[defLine - 1];
  return {
    rank: 0,
    kind: 'finding',
    rule: 'HD07',
    name: 'memoization-candidate',
    tier: 2,
    severity: 'warning',
    path: input.displayPath(fn.file),
    line: defLine,
    endLine: defLine,
    function: { name: purity.name, line: defLine },
    message,
    why: 'The function computes its result from its arguments alone, and the run called it again and again with the same ones: each repeat redoes the whole work. A cache answers a repeat with one dictionary lookup.',
    fix: `Add \`${decorator}\` on the line above \`def ${purity.name}\` (line ${defLine})${needsImport ? ' and `import functools`' : ''}; maxsize ${v.maxsize} holds ${v.estimatedDistinct === fn.distinct ? 'the' : 'about'} ${grouped(v.estimatedDistinct)} argument tuples the run used${v.saturated ? '' : ' (the census still saw new ones late: check `cache_info()`)'}`,
    gain: `${multiplier(1 / Math.max(1e-3, 1 - v.hitRatio))} fewer calls (measured: ${percent(v.hitRatio)} of them repeat)`,
    expectedSaving: saved,
    speedup: { low: 1 / (1 - saved * 0.75), high: 1 / (1 - saved) },
    share,
    cpuShare,
    measured: { share, cpuShare, totalTime: time.wall, selfTime: time.wall, samples: time.samples, scope: 'function' },
    weighed: `the function's whole time, ${percent(share)} of the run, times the share of its calls a cache would answer`,
    ...(content !== undefined ? { source: content.replace(/\s+$/, '') } : {}),
  };
}

/** Inclusive time of the census function's frames: each sample counted once, however deep it recurses. */
export function inclusiveTime(profile: Profile, fn: CensusFunction): { wall: number; cpu: number; samples: number } {
  const frames = new Set<number>();
  profile.frames.forEach((frame, index) => {
    if (frame.line === fn.line && frameFilePath(profile, frame.file) === fn.file) frames.add(index);
  });
  const total = { wall: 0, cpu: 0, samples: 0 };
  if (frames.size === 0) return total;
  forEachStack(profile, ({ frames: stack, node }) => {
    if (!stack.some((f) => frames.has(f))) return;
    total.wall += node.selfWall;
    total.cpu += node.selfCpu;
    total.samples += node.selfSamples;
  });
  return total;
}

/** 12,345: Number#toLocaleString loads ICU data on first use, a quarter second on a cold start. */
function grouped(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function multiplier(x: number): string {
  return x >= 10 ? `${x.toFixed(0)}x` : `${x.toFixed(1)}x`;
}

function powerOfTwoAtLeast(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

function seconds(s: number): string {
  return s >= 10 ? `${s.toFixed(0)} s` : s >= 0.1 ? `${s.toFixed(2)} s` : `${(s * 1000).toFixed(0)} ms`;
}
