// Read-only questions about a Profile that reports, exporters, the doctor and the flame graph ask.
// None of them mutate the profile; all walk the tree iteratively (stacks can be very deep).
import type { CallTreeNode, Frame, FunctionStats, LineStats, ProcessInfo, Profile } from './model.js';

export type Metric = 'wall' | 'cpu';
export type Extent = 'self' | 'total';

export interface Totals {
  wall: number;
  cpu: number;
  samples: number;
}

/** True when the profile has stacks (sampled / evented sources), false for call-graph-only ones. */
export function hasCallTree(profile: Profile): boolean {
  return profile.nodeCount > 0;
}

/** True when functions carry call counts (trace mode, .prof). */
export function hasCallCounts(profile: Profile): boolean {
  return profile.functions.some((f) => f.calls !== null);
}

/** The profile's whole weight: the tree root's totals, or the sum of self times of a call graph. */
export function totalWeight(profile: Profile): Totals {
  if (hasCallTree(profile)) {
    const r = profile.root;
    return { wall: r.totalWall, cpu: r.totalCpu, samples: r.totalSamples };
  }
  let wall = 0;
  let cpu = 0;
  for (const f of profile.functions) {
    wall += f.selfWall;
    cpu += f.selfCpu;
  }
  return { wall, cpu, samples: 0 };
}

export function functionWeight(f: FunctionStats, extent: Extent, metric: Metric): number {
  if (extent === 'self') return metric === 'wall' ? f.selfWall : f.selfCpu;
  return metric === 'wall' ? f.totalWall : f.totalCpu;
}

export function lineWeight(l: LineStats, extent: Extent, metric: Metric): number {
  if (extent === 'self') return metric === 'wall' ? l.selfWall : l.selfCpu;
  return metric === 'wall' ? l.totalWall : l.totalCpu;
}

/** False for the process and thread levels at the top of the stacks, true for code. */
export function isCodeFrame(frame: Frame): boolean {
  return frame.kind === undefined;
}

/** The `limit` heaviest functions by self or total weight, ties broken by name for stable output. */
export function topFunctions(profile: Profile, extent: Extent, limit: number, metric: Metric = 'wall'): FunctionStats[] {
  return topBy(
    profile.functions.filter((f) => isCodeFrame(profile.frames[f.frame]!) && (functionWeight(f, extent, metric) > 0 || (f.calls ?? 0) > 0)),
    (f) => functionWeight(f, extent, metric),
    (f) => frameLabel(profile.frames[f.frame]!),
    limit,
  );
}

/** The `limit` heaviest source lines by self or inclusive weight. */
export function hottestLines(profile: Profile, limit: number, extent: Extent = 'self', metric: Metric = 'wall'): LineStats[] {
  return topBy(
    profile.lines.filter((l) => lineWeight(l, extent, metric) > 0),
    (l) => lineWeight(l, extent, metric),
    (l) => `${l.file}:${String(l.line).padStart(10, '0')}`,
    limit,
  );
}

/** Lookup of self and inclusive wall/CPU weight per (file, line); build once, query many times. */
export function lineIndex(profile: Profile): (file: string, line: number) => LineStats | undefined {
  const byFile = new Map<string, Map<number, LineStats>>();
  for (const l of profile.lines) {
    let lines = byFile.get(l.file);
    if (!lines) byFile.set(l.file, (lines = new Map()));
    lines.set(l.line, l);
  }
  return (file, line) => byFile.get(file)?.get(line);
}

/** "name (file:line)", the label used in reports and collapsed stacks. */
export function frameLabel(frame: Frame): string {
  if (!frame.file) return frame.name;
  return frame.line > 0 ? `${frame.name} (${frame.file}:${frame.line})` : `${frame.name} (${frame.file})`;
}

/** How a process of the run came to be, for display: "the program", "forked by 1234", "started by 1234". */
export function processOrigin(p: ProcessInfo): string {
  if (p.how === 'root') return 'the program';
  return `${p.how === 'fork' ? 'forked' : 'started'} by ${p.ppid ?? '?'}`;
}

/** Several processes were profiled: shares are then of the CPU time of all of them together. */
export function isMultiProcess(profile: Profile): boolean {
  return (profile.meta.processes?.length ?? 0) > 1;
}

export interface StackVisit {
  /** Frame indexes, root first. Reused between calls: copy to keep. */
  readonly frames: readonly number[];
  /** Current line of each frame (0 unknown). Reused between calls. */
  readonly lines: readonly number[];
  readonly node: CallTreeNode;
}

/** Calls `visit` for every distinct stack that carries self weight (each leaf-weighted node). */
export function forEachStack(profile: Profile, visit: (stack: StackVisit) => void): void {
  const frames: number[] = [];
  const lines: number[] = [];
  const pending: { node: CallTreeNode; depth: number }[] = profile.root.children.map((node) => ({ node, depth: 0 })).reverse();
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    frames.length = depth;
    lines.length = depth;
    frames.push(node.frame);
    lines.push(node.line);
    if (node.selfWall > 0 || node.selfCpu > 0 || node.selfSamples > 0) visit({ frames, lines, node });
    for (let i = node.children.length - 1; i >= 0; i--) pending.push({ node: node.children[i]!, depth: depth + 1 });
  }
}

/** A call tree node merged across lines: one node per function path, for flame graphs. */
export interface FunctionTreeNode {
  readonly frame: number;
  readonly children: FunctionTreeNode[];
  selfWall: number;
  selfCpu: number;
  selfSamples: number;
  totalWall: number;
  totalCpu: number;
  totalSamples: number;
}

/** The call tree with nodes of the same function under the same parent merged (lines dropped). */
export function functionTree(profile: Profile): FunctionTreeNode {
  const root = mergedNode(-1);
  addTotals(root, profile.root);
  const pending: { from: CallTreeNode; into: FunctionTreeNode; index: Map<number, FunctionTreeNode> }[] = [
    { from: profile.root, into: root, index: new Map() },
  ];
  const indexes = new Map<FunctionTreeNode, Map<number, FunctionTreeNode>>([[root, pending[0]!.index]]);
  while (pending.length > 0) {
    const { from, into, index } = pending.pop()!;
    for (const child of from.children) {
      let target = index.get(child.frame);
      if (!target) {
        target = mergedNode(child.frame);
        into.children.push(target);
        index.set(child.frame, target);
        indexes.set(target, new Map());
      }
      addTotals(target, child);
      pending.push({ from: child, into: target, index: indexes.get(target)! });
    }
  }
  return root;
}

function mergedNode(frame: number): FunctionTreeNode {
  return { frame, children: [], selfWall: 0, selfCpu: 0, selfSamples: 0, totalWall: 0, totalCpu: 0, totalSamples: 0 };
}

function addTotals(into: FunctionTreeNode, from: CallTreeNode): void {
  into.selfWall += from.selfWall;
  into.selfCpu += from.selfCpu;
  into.selfSamples += from.selfSamples;
  into.totalWall += from.totalWall;
  into.totalCpu += from.totalCpu;
  into.totalSamples += from.totalSamples;
}

function topBy<T>(items: T[], weight: (item: T) => number, name: (item: T) => string, limit: number): T[] {
  return items
    .map((item) => ({ item, w: weight(item), n: name(item) }))
    .sort((a, b) => b.w - a.w || (a.n < b.n ? -1 : a.n > b.n ? 1 : 0))
    .slice(0, Math.max(0, limit))
    .map((x) => x.item);
}
