// Turns findings and hot spots into advice ranked by expected saving: measured share of the run
// times what fixing that kind of cause typically gives (Amdahl: a 10x fix on 80 % beats a 100x
// fix on 2 %). Findings in code under the hot threshold are set apart as "not worth it now".
import type { Finding } from '../check/finding.js';
import type { Profile } from '../profile/model.js';
import { ruleById } from '../rules/index.js';
import { cpuAvailability, measureSpans, nativeShareOf, profileTotals, shareOf, type Span } from './measure.js';
import { HOT_SHARE, HOTSPOT_GAIN, RULE_GAINS, runSpeedup, savedFraction, TIER_GAINS } from './tiers.js';
import type { Advice, Measured } from './types.js';
import type { UserTime } from './user-time.js';

export interface AdviceInput {
  profile: Profile;
  /** Findings with absolute paths. */
  findings: Finding[];
  /** Source text by absolute path, for excerpts. */
  sources: Map<string, string>;
  /** Time charged to user functions (see user-time.ts). */
  userTime: UserTime[];
  /** How paths are shown (relative to the working directory). */
  displayPath: (file: string) => string;
  /** Which absolute paths are the user's code (for own-time weighing); default: every file. */
  isUser?: (file: string) => boolean;
  /** Advice the run measured itself (HD07 from the census), with the function each covers (absolute path). */
  measuredAdvice?: { advice: Advice; file: string; functionLine: number }[];
}

export interface AdviceResult {
  advice: Advice[];
  cold: Advice[];
  joined: (Finding & { measured: Measured | null })[];
}

/** Hot spots considered: the guides' "look at the few top functions". */
const HOTSPOT_COUNT = 5;

export function buildAdvice(input: AdviceInput): AdviceResult {
  const { profile, findings, sources, displayPath } = input;
  const claimed = algorithmicLines(findings);
  const spans: Span[] = findings.map((f) => costSpan(f, claimed.get(f.path)));
  const measured = measureSpans(profile, spans, input.isUser);
  // run-only rules (HS508) speak only where the profile shows the code is hot
  const joined = findings
    .map((f, i) => ({ ...f, measured: measured[i] ?? null }))
    .filter((f) => !ruleById(f.rule)?.runOnly || (f.measured !== null && f.measured.share >= HOT_SHARE));

  const hot: Advice[] = [];
  const cold: Advice[] = [];
  const compiled = numbaLoops(joined);
  // a fix's fixed start-up cost (Numba's import) is weighed against the run as an idle machine
  // would have run it: on a loaded one the wall time is mostly waiting for a core
  const unloadedWall = profileTotals(profile).wall * cpuAvailability(profile);
  for (const finding of joined) {
    if (finding.rule === 'HS000') continue;
    if (alreadyNative(finding)) continue;
    if (finding.rule === 'HS503' && compiled.some((c) => c.path === finding.path && finding.line >= c.line && finding.line <= c.endLine)) continue;
    const advice = findingAdvice(finding, finding.measured, sources, displayPath, unloadedWall);
    if (finding.measured && finding.measured.share >= HOT_SHARE) hot.push(advice);
    // measured time outranks any static guess: a hot finding stays whatever its confidence, a
    // cold one the code shows to run over a handful of items is left out, as `hotspy check` does
    else if (finding.confidence !== 'low') cold.push(advice);
  }

  hot.push(...(input.measuredAdvice ?? []).map((m) => m.advice));
  hot.push(...hotspotAdvice(input, joined));
  hot.sort(byExpectedSaving);
  cold.sort((a, b) => b.share - a.share || a.path.localeCompare(b.path) || a.line - b.line);
  hot.forEach((a, i) => (a.rank = i + 1));
  cold.forEach((a, i) => (a.rank = hot.length + i + 1));
  return { advice: hot, cold, joined };
}

/** Rules whose fix is to move a loop's work into native code (vectorize, compile). */
const VECTORIZATION_RULES = new Set(['HS503', 'HS504', 'HS505', 'HS507', 'HS508']);

/**
 * A vectorization finding whose measured time is mostly inside native calls already: the loop's
 * work runs in C, so vectorizing it is no advice (its remaining time is the work itself).
 */
function alreadyNative(finding: Finding & { measured: Measured | null }): boolean {
  const native = finding.measured?.nativeShare;
  return VECTORIZATION_RULES.has(finding.rule) && native !== undefined && native >= NATIVE_DOMINANT;
}

/**
 * The loops HS508 advises to compile (hot ones only reach here): an element-wise finding (HS503)
 * inside one is the same loop, whose recurrence has no NumPy expression, so Numba's advice stands.
 */
function numbaLoops(findings: readonly (Finding & { measured: Measured | null })[]): { path: string; line: number; endLine: number }[] {
  return findings
    .filter((f) => f.rule === 'HS508' && !alreadyNative(f))
    .map((f) => ({ path: f.path, line: f.cost?.line ?? f.line, endLine: f.cost?.endLine ?? f.endLine }));
}

/** Tiers whose fixes change the amount of work (algorithm, caching): they own their flagged lines' time. */
const ALGORITHMIC_TIERS = new Set([1, 2]);
/** Idiom rewrites: they remove interpreter overhead on their own lines, not the work of what those lines call. */
const IDIOM_TIER = 3;

/**
 * By file, the lines whose time algorithmic findings claim: an idiom finding on the same loop
 * cannot take it. That is the flagged operation and, when it sits in a loop, the rest of the
 * loop after it and the loop's header: a sampler sees C work such as a list scan (no bytecode
 * boundary inside) on the next line that checks for signals, the following call or the loop's
 * jump back, so the operation's time shows up on the lines after it.
 */
function algorithmicLines(findings: readonly Finding[]): Map<string, Set<number>> {
  const byFile = new Map<string, Set<number>>();
  for (const f of findings) {
    if (!ALGORITHMIC_TIERS.has(f.tier)) continue;
    const lines = byFile.get(f.path) ?? new Set<number>();
    const end = f.loop && f.loop.endLine > f.endLine ? f.loop.endLine : f.endLine;
    for (let line = f.line; line <= end; line++) lines.add(line);
    if (f.loop) lines.add(f.loop.line);
    byFile.set(f.path, lines);
  }
  return byFile;
}

/**
 * The lines a finding's fix would speed up: its declared cost span, else its loop, else itself.
 * An algorithmic finding weighs the whole loop it multiplies; an idiom finding only the loop's own
 * time, less the lines algorithmic findings claim.
 */
function costSpan(f: Finding, claimed: ReadonlySet<number> | undefined): Span {
  if (f.cost) return { file: f.path, line: f.cost.line, endLine: f.cost.endLine, scope: 'function', functionLine: f.cost.line };
  const own = f.tier === IDIOM_TIER ? { own: { exclude: claimed ?? new Set<number>() } } : {};
  if (f.loop) return { file: f.path, line: f.loop.line, endLine: f.loop.endLine, scope: 'loop', functionLine: f.function?.line, ...own };
  return { file: f.path, line: f.line, endLine: f.endLine, scope: 'line', functionLine: f.function?.line, ...own };
}

/** Which time an advice weighed, in words, so a share is never read as more than the fix can remove. */
export function weighedText(measured: Measured | null): string {
  if (!measured) return 'not measured: no sample fell on these lines';
  const share = percent(measured.share);
  const where = measured.scope === 'loop' ? 'loop' : measured.scope === 'line' ? 'line' : 'function';
  if (!measured.own) {
    if (measured.scope === 'function') return `the whole function's time, ${share} of the run`;
    return `the whole ${where}'s time with everything it calls, ${share} of the run`;
  }
  const notes: string[] = [];
  const whole = measured.wholeShare ?? measured.share;
  const callee = measured.topCallee;
  if (callee && callee.share > measured.share && callee.share >= whole / 3) notes.push(`most of the ${where} is in \`${callee.name}()\``);
  else if (callee && whole - measured.share >= 0.01) notes.push(`${percent(whole - measured.share - (measured.excludedShare ?? 0))} more is in the functions it calls`);
  if ((measured.excludedShare ?? 0) >= 0.01) notes.push(`${percent(measured.excludedShare!)} on lines an algorithmic finding claims is left to that finding`);
  return `the ${where}'s own time, ${share} of the run${notes.length > 0 ? `: ${notes.join('; ')}` : ''}`;
}

function byExpectedSaving(a: Advice, b: Advice): number {
  return (
    b.expectedSaving - a.expectedSaving ||
    (a.tier ?? 9) - (b.tier ?? 9) ||
    a.path.localeCompare(b.path) ||
    a.line - b.line
  );
}

function findingAdvice(
  finding: Finding,
  measured: Measured | null,
  sources: Map<string, string>,
  displayPath: (file: string) => string,
  wall: number,
): Advice {
  const rule = ruleById(finding.rule);
  const gain = RULE_GAINS[finding.rule] ?? TIER_GAINS[finding.tier] ?? HOTSPOT_GAIN;
  // an `info` finding is a portability note: little to gain on this interpreter
  const weight = finding.severity === 'info' ? 0.1 : 1;
  const share = measured?.share ?? 0;
  const startup = gain.startup && wall > 0 ? gain.startup / wall : 0;
  return {
    rank: 0,
    kind: 'finding',
    rule: finding.rule,
    name: finding.name,
    tier: finding.tier,
    severity: finding.severity,
    path: displayPath(finding.path),
    line: finding.line,
    endLine: finding.endLine,
    ...(finding.function ? { function: finding.function } : {}),
    message: finding.message,
    why: rule ? firstSentences(rule.docs.why, 2) : '',
    fix: finding.fix?.description ?? rule?.docs.fix ?? '',
    gain: gain.label,
    expectedSaving: share * savedFraction(gain) * weight - startup,
    speedup: { low: runSpeedup(share * weight, gain.low, startup), high: runSpeedup(share * weight, gain.high, startup) },
    share,
    cpuShare: measured?.cpuShare ?? null,
    measured,
    weighed: weighedText(measured),
    ...sourceLine(sources, finding.path, finding.line),
  };
}

/** Top user functions that hold time but have no finding: the user still gets the guides' questions. */
function hotspotAdvice(input: AdviceInput, joined: (Finding & { measured: Measured | null })[]): Advice[] {
  const { profile, sources, userTime, displayPath } = input;
  const totals = profileTotals(profile);
  if (totals.wall <= 0) return [];
  const covered = new Set(joined.map((f) => `${f.path}:${f.function?.line ?? 0}`));
  // a hot spot the census explained: its frame starts at the first decorator, the advice at `def`
  for (const m of input.measuredAdvice ?? []) covered.add(`${m.file}:${m.functionLine}`);
  const result: Advice[] = [];
  for (const entry of userTime.slice(0, HOTSPOT_COUNT)) {
    const share = shareOf(profile, totals, entry);
    if (share < HOT_SHARE) break;
    const frame = profile.frames[entry.frame]!;
    const functionLine = frame.name === '<module>' ? 0 : frame.line;
    if (covered.has(`${entry.file}:${functionLine}`)) continue;
    // time spent importing libraries is HD04's (slow start-up), not a question about this code
    if (entry.importing > entry.wall / 2) continue;
    const cpuRatio = entry.wall > 0 ? Math.min(1, entry.cpu / cpuAvailability(profile) / entry.wall) : 1;
    const stats = profile.functions[entry.frame];
    const nativeShare = nativeShareOf(profile, entry);
    const questions = hotspotQuestions({ cpuRatio, recursive: entry.recursive, calls: stats?.calls ?? null, hasCpu: profile.hasCpu, nativeShare });
    const line = entry.hotLine || frame.line;
    result.push({
      rank: 0,
      kind: 'hotspot',
      rule: 'HOT',
      name: 'hot-spot',
      tier: null,
      severity: 'info',
      path: displayPath(entry.file),
      line,
      endLine: line,
      function: { name: frame.name, line: frame.line },
      message: `\`${frame.name}\` holds ${percent(share)} of the run's time and no static rule explains it`,
      why: 'The profile says this code is hot, but its source matches no known anti-pattern; the cause is in what it does, not how it is written.',
      fix: questions[0]!,
      gain: HOTSPOT_GAIN.label,
      expectedSaving: share * savedFraction(HOTSPOT_GAIN),
      speedup: { low: runSpeedup(share, HOTSPOT_GAIN.low), high: runSpeedup(share, HOTSPOT_GAIN.high) },
      share,
      cpuShare: profile.hasCpu && totals.cpu > 0 ? entry.cpu / totals.cpu : null,
      measured: {
        share,
        cpuShare: profile.hasCpu && totals.cpu > 0 ? entry.cpu / totals.cpu : null,
        totalTime: entry.wall,
        selfTime: entry.wall,
        samples: entry.samples,
        ...(nativeShare !== undefined ? { nativeShare } : {}),
        scope: 'function',
      },
      weighed: `the time spent in \`${frame.name}\` itself and the library code it calls, ${percent(share)} of the run`,
      questions,
      ...sourceLine(sources, entry.file, line),
    });
  }
  return result;
}

/** From this share of a hot spot's time in native calls, its work already runs in C (it is vectorized). */
export const NATIVE_DOMINANT = 0.6;
/** From this share in the interpreter, a hot spot's work is bytecode, not the native calls it makes. */
const INTERPRETER_DOMINANT = 0.9;

function hotspotQuestions(facts: { cpuRatio: number; recursive: boolean; calls: number | null; hasCpu: boolean; nativeShare?: number }): string[] {
  const questions: string[] = [];
  const native = facts.nativeShare !== undefined && facts.nativeShare >= NATIVE_DOMINANT;
  if (facts.hasCpu && facts.cpuRatio < 0.5) {
    questions.push(
      `It runs on the CPU only ${percent(facts.cpuRatio)} of its time: is it waiting on I/O, a lock or a sleep? Overlap the waits (asyncio, a thread pool) or batch the requests`,
    );
  }
  if (facts.recursive) {
    questions.push('It calls itself: does it recompute the same sub-problems? Memoize with `functools.cache` or go iterative');
  }
  if (facts.calls !== null && facts.calls >= 100_000) {
    questions.push(`It is called ${facts.calls.toLocaleString('en-US')} times: is it pure work repeated with the same arguments (cache it), or can the caller batch the calls?`);
  }
  if (native) {
    questions.push(
      `${percent(facts.nativeShare!)} of its time is inside native calls (C code such as NumPy on whole arrays): it is already vectorized. ` +
        'Do less work instead: fewer passes over the data, smaller dtypes, no copies (in-place `out=`), or a better algorithm',
    );
  }
  const interpreted = facts.nativeShare !== undefined && facts.nativeShare <= 1 - INTERPRETER_DOMINANT;
  if (interpreted && facts.cpuRatio >= 0.5) {
    // a loop over array elements spends its time in bytecode between tiny native calls
    questions.push(
      `${percent(1 - facts.nativeShare!)} of its time runs in the interpreter, almost none inside native calls: if it loops over ` +
        'array elements or DataFrame rows, that is an element-wise loop. Vectorize it (NumPy expressions on whole arrays, column arithmetic), or compile it with Numba `@njit`',
    );
  }
  questions.push('Is this pure work repeated with the same arguments? Cache it (`functools.lru_cache`)');
  if (!native && !interpreted) questions.push('Is it a numeric loop? Vectorize it with NumPy, or compile it (Numba, Cython)');
  questions.push('Is there a better algorithm or data structure (a dict or set index, sorting once, a heap)?');
  return questions;
}

function sourceLine(sources: Map<string, string>, file: string, line: number): { source?: string } {
  const text = sources.get(file);
  if (text === undefined) return {};
  const content = text.split('\n')[line - 1];
  return content === undefined ? {} : { source: content.replace(/\s+$/, '') };
}

function firstSentences(text: string, count: number): string {
  // a sentence ends at . ! or ? followed by a space, so "1.5x" and "e.g. x" stay whole
  return text.split(/(?<=[.!?])\s+(?=[A-Z`(])/).slice(0, count).join(' ').trim();
}

export function percent(fraction: number): string {
  const p = fraction * 100;
  return `${p >= 10 || p === 0 ? p.toFixed(0) : p.toFixed(1)} %`;
}
