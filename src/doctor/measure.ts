// Joins source spans with the profile: how much of the run's time each span holds, counting a
// sample once per span even when several of its frames (recursion, a loop calling a helper on
// another line of the same loop) fall inside.
import { resolve } from 'node:path';
import type { Profile } from '../profile/model.js';
import { forEachStack, isMultiProcess } from '../profile/query.js';
import type { Measured } from './types.js';

export interface Span {
  /** Absolute path. */
  file: string;
  line: number;
  endLine: number;
  /** What the span covers, copied into the measurement. */
  scope: Measured['scope'];
  /** For call-graph profiles without lines: the first line of the function holding the span. */
  functionLine?: number;
  /**
   * Weigh only the span's own time: samples whose innermost user frame is on its lines (library
   * and builtin time charged to a line stays with it; time in user functions it calls does not),
   * leaving out lines in `exclude` (the flagged operations of algorithmic findings, whose time an
   * idiom rewrite cannot remove).
   */
  own?: { exclude: ReadonlySet<number> };
}

/** The denominators of every share: the profile's total wall and CPU weight. */
export interface Totals {
  wall: number;
  cpu: number;
}

export function profileTotals(profile: Profile): Totals {
  if (profile.root.totalWall > 0) return { wall: profile.root.totalWall, cpu: profile.root.totalCpu };
  // call-graph only (trace mode, .prof): the largest cumulative time is the whole run
  let wall = 0;
  for (const f of profile.functions) wall = Math.max(wall, f.totalWall);
  return { wall: wall || (profile.meta.wallTime ?? 0), cpu: profile.meta.cpuTime ?? 0 };
}

/**
 * The fraction of the run some code holds. With several processes the wall times of the parent
 * and its children overlap (a parent waiting on busy workers would count twice), so the share is
 * of the CPU time of all the processes together; otherwise of the wall time.
 */
export function shareOf(profile: Profile, totals: Totals, time: { wall: number; cpu: number }): number {
  if (sharesAreCpu(profile, totals)) return time.cpu / totals.cpu;
  return totals.wall > 0 ? time.wall / totals.wall : 0;
}

export function sharesAreCpu(profile: Profile, totals: Totals = profileTotals(profile)): boolean {
  return isMultiProcess(profile) && profile.hasCpu && totals.cpu > 0;
}

/** Absolute path of a profile frame's file, resolved against the run's working directory. */
export function frameFilePath(profile: Profile, file: string): string {
  if (!file || file.startsWith('<')) return file;
  return resolve(profile.meta.cwd ?? process.cwd(), file);
}

/**
 * `isUser` tells the user's files from libraries, for spans weighed by their own time; without
 * it every frame with a file counts as user code.
 */
export function measureSpans(profile: Profile, spans: readonly Span[], isUser?: (file: string) => boolean): (Measured | null)[] {
  const totals = profileTotals(profile);
  if (profile.root.children.length > 0) return measureWithStacks(profile, spans, totals, isUser ?? ((f) => !!f && !f.startsWith('<')));
  return measureWithFunctions(profile, spans, totals);
}

interface Acc {
  wall: number;
  native: number;
  cpu: number;
  self: number;
  samples: number;
  /** Own-time spans: the inclusive time of the span, and where the rest of it went. */
  whole: number;
  excluded: number;
  callees: Map<string, number>;
}

function measureWithStacks(profile: Profile, spans: readonly Span[], totals: Totals, isUser: (file: string) => boolean): (Measured | null)[] {
  const byFile = new Map<string, number[]>();
  spans.forEach((span, i) => {
    const list = byFile.get(span.file) ?? [];
    list.push(i);
    byFile.set(span.file, list);
  });
  const frameFiles = profile.frames.map((f) => frameFilePath(profile, f.file));
  const userFrame = frameFiles.map((f) => isUser(f));
  const acc: Acc[] = spans.map(() => ({ wall: 0, native: 0, cpu: 0, self: 0, samples: 0, whole: 0, excluded: 0, callees: new Map() }));
  const stamp = new Int32Array(spans.length).fill(-1);
  const cpuShares = sharesAreCpu(profile, totals);
  let stackNo = 0;

  forEachStack(profile, ({ frames, lines, node }) => {
    stackNo++;
    const depth = frames.length;
    let innermostUser = -1;
    for (let d = depth - 1; d >= 0; d--) {
      if (userFrame[frames[d]!]) {
        innermostUser = d;
        break;
      }
    }
    for (let d = 0; d < depth; d++) {
      const candidates = byFile.get(frameFiles[frames[d]!]!);
      if (!candidates) continue;
      const line = lines[d]!;
      for (const i of candidates) {
        const span = spans[i]!;
        if (line < span.line || line > span.endLine) continue;
        const a = acc[i]!;
        if (!span.own) {
          if (d === depth - 1) a.self += node.selfWall;
          if (stamp[i] === stackNo) continue;
          stamp[i] = stackNo;
          a.wall += node.selfWall;
          a.native += node.selfNative ?? 0;
          a.cpu += node.selfCpu;
          a.samples += node.selfSamples;
          continue;
        }
        if (stamp[i] === stackNo) continue;
        stamp[i] = stackNo;
        const weight = cpuShares ? node.selfCpu : node.selfWall;
        a.whole += weight;
        const innerLine = innermostUser >= 0 ? lines[innermostUser]! : -1;
        const onOwnLines =
          innermostUser >= 0 && frameFiles[frames[innermostUser]!] === span.file && innerLine >= span.line && innerLine <= span.endLine;
        if (!onOwnLines) {
          const callee = calleeBelow(profile, frames, userFrame, d, depth);
          if (callee) a.callees.set(callee, (a.callees.get(callee) ?? 0) + weight);
        } else if (span.own.exclude.has(innerLine)) {
          a.excluded += weight;
        } else {
          a.self += node.selfWall;
          a.wall += node.selfWall;
          a.native += node.selfNative ?? 0;
          a.cpu += node.selfCpu;
          a.samples += node.selfSamples;
        }
      }
    }
  });

  return spans.map((span, i) => {
    const a = acc[i]!;
    if (a.samples === 0 && a.wall === 0 && a.whole === 0) return null;
    // whole, excluded and callees are kept in the unit shares are of (CPU with several processes)
    const share = (t: number) => (cpuShares ? t / totals.cpu : totals.wall > 0 ? t / totals.wall : 0);
    let topCallee: Measured['topCallee'];
    for (const [name, time] of a.callees) if (!topCallee || time > topCallee.time) topCallee = { name, time, share: share(time) };
    return {
      share: shareOf(profile, totals, a),
      cpuShare: profile.hasCpu && totals.cpu > 0 ? a.cpu / totals.cpu : null,
      totalTime: a.wall,
      selfTime: a.self,
      samples: a.samples,
      ...(nativeShareOf(profile, a) !== undefined ? { nativeShare: nativeShareOf(profile, a) } : {}),
      scope: span.scope,
      ...(span.own ? { own: true, wholeShare: share(a.whole), excludedShare: share(a.excluded), ...(topCallee ? { topCallee } : {}) } : {}),
    };
  });
}

/**
 * Of the CPU time some code used, the fraction inside long native calls (the rest is bytecode).
 * CPU, not wall: on a loaded machine the time a thread waits for a core is neither.
 */
export function nativeShareOf(profile: Profile, time: { wall: number; cpu: number; native: number }): number | undefined {
  if (!profile.hasNative) return undefined;
  const base = profile.hasCpu ? time.cpu : time.wall;
  return base > 0 ? Math.min(1, time.native / base) : undefined;
}

/** The first user function called below depth `d` of the stack (where a loop's time went). */
function calleeBelow(profile: Profile, frames: readonly number[], userFrame: readonly boolean[], d: number, depth: number): string | undefined {
  for (let k = d + 1; k < depth; k++) {
    if (userFrame[frames[k]!]) return profile.frames[frames[k]!]!.name;
  }
  return undefined;
}

/** Without a call tree only whole functions can be weighed (pstats' cumulative time). */
function measureWithFunctions(profile: Profile, spans: readonly Span[], totals: Totals): (Measured | null)[] {
  return spans.map((span) => {
    if (span.functionLine === undefined) return null;
    const index = profile.frames.findIndex(
      (f) => f.line === span.functionLine && frameFilePath(profile, f.file) === span.file,
    );
    if (index < 0) return null;
    const stats = profile.functions[index]!;
    return {
      share: totals.wall > 0 ? Math.min(1, stats.totalWall / totals.wall) : 0,
      cpuShare: null,
      totalTime: stats.totalWall,
      selfTime: stats.selfWall,
      samples: stats.samples,
      scope: 'function',
    };
  });
}

/**
 * Of the CPU time the program wanted, the fraction it got: below 1 when the machine was loaded and
 * runnable threads queued for a core (Linux run-queue time). CPU/wall ratios are divided by it, so
 * a busy program on a busy machine is not mistaken for one that waits.
 */
export function cpuAvailability(profile: Profile): number {
  const cpu = profile.meta.cpuTime;
  const queued = profile.meta.runQueueTime;
  if (cpu === undefined || queued === undefined || cpu + queued <= 0) return 1;
  return Math.max(0.05, cpu / (cpu + queued));
}
