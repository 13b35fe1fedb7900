// Builds a Profile (model.ts). Importers describe what they read - samples, enter/leave events,
// per-function call statistics - and the builder alone derives the tree, the per-function and the
// per-line totals, so every format gets the same semantics (recursion counted once, inclusive line
// weights, ...). Limits keep hostile input in bounded memory: exceeding one is a ProfileDataError,
// which the import layer turns into a ProfileFormatError naming the file.
import { plural } from '../plural.js';
import type {
  CallEdge,
  CallTreeNode,
  CensusStats,
  Frame,
  FrameKind,
  FunctionStats,
  LineStats,
  MemoryStats,
  Profile,
  ProfileMeta,
  SourceFormat,
  WeightUnit,
} from './model.js';

/**
 * Our stack exports (collapsed, speedscope) write a stack's process and thread as its two root
 * labels, "process 1234;thread MainThread;...": the kind of such a label, so importers give the
 * levels back.
 */
export function rootLevelKind(label: string, depth: number, underProcess: boolean): FrameKind | undefined {
  if (depth === 0 && /^process(?: \d+)?$/.test(label)) return 'process';
  if (depth === 1 && underProcess && /^thread ./.test(label)) return 'thread';
  return undefined;
}

/** Bad or oversized profile content found while building; the importer adds file and offset. */
export class ProfileDataError extends Error {}

export interface ProfileLimits {
  frames: number;
  treeNodes: number;
  stackDepth: number;
  lines: number;
  edges: number;
}

// A million frames must load; these bounds keep the worst case near a gigabyte of heap.
export const DEFAULT_LIMITS: ProfileLimits = {
  frames: 2_000_000,
  treeNodes: 5_000_000,
  stackDepth: 100_000,
  lines: 5_000_000,
  edges: 10_000_000,
};

export interface SampleWeights {
  /** Wall time (or the only weight, for 'samples' / 'bytes' units). */
  wall: number;
  cpu?: number;
  /** Of `wall`, the seconds spent inside one long native call (hotspy sample mode). */
  native?: number;
  /** How many samples this weight stands for; default 1. */
  samples?: number;
}

/** Replays enter/leave events of one thread, attributing the time between events to the stack. */
export interface EventedBuilder {
  enterFrame(frame: number, at: number, line?: number): void;
  leaveFrame(frame: number, at: number): void;
  /** Closes frames still open at `at` (speedscope's endValue). */
  finish(at: number): void;
}

interface MutableNode extends CallTreeNode {
  // Readers see a readonly array, so leaves can safely share NO_CHILDREN.
  children: CallTreeNode[];
  /** frame -> the child(ren) with that frame, built once a node has many children. */
  childIndex: Map<number, MutableNode | MutableNode[]> | null;
}

// Leaves are most nodes; they share this array until their first child (saves an array each).
const NO_CHILDREN: CallTreeNode[] = [];

const INDEX_CHILDREN_FROM = 8;
const LINE_KEY_SPAN = 2 ** 32;

export class ProfileBuilder {
  readonly meta: ProfileMeta = { command: [], partial: false };
  memory: MemoryStats | undefined;
  census: CensusStats | undefined;

  private readonly limits: ProfileLimits;
  private readonly unit: WeightUnit;
  private hasCpu: boolean;
  private readonly frames: Frame[] = [];
  // file -> name -> frame id of the first (name, line) seen; other lines of that name go to
  // `otherFrameIds`. Avoids building a composite key string per lookup (a million frames load).
  private readonly frameIds = new Map<string, Map<string, number>>();
  private readonly otherFrameIds = new Map<string, number>();
  private readonly kindFrameIds = new Map<string, number>();
  private frameFile = new Int32Array(1024);
  private readonly functions: FunctionStats[] = [];
  private readonly root: MutableNode = newNode(-1, 0, null);
  private nodeCount = 0;
  private readonly edges: CallEdge[] = [];
  // callee -> caller -> edge index (small integer keys stay fast in a Map)
  private readonly edgeIds = new Map<number, Map<number, number>>();
  private readonly lines: LineStats[] = [];
  private readonly lineIds: Map<number, number>[] = [];
  private readonly fileIds = new Map<string, number>();
  // Per-sample de-duplication: stamp[i] === current sample id means "already counted".
  private frameStamp = new Int32Array(1024);
  private lineStamp = new Int32Array(1024);
  private stamp = 0;
  // Running sums of every weight the profile holds: each total the model derives is at most one
  // of these, so while they stay finite no total can overflow to Infinity.
  private readonly grand = { wall: 0, cpu: 0, samples: 0, calls: 0 };
  private readonly scratchLines: number[] = [];
  private hasNative = false;

  constructor(options: { unit?: WeightUnit; hasCpu?: boolean; limits?: Partial<ProfileLimits> } = {}) {
    this.unit = options.unit ?? 'seconds';
    this.hasCpu = options.hasCpu ?? false;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  get frameCount(): number {
    return this.frames.length;
  }

  /** The index of the frame (name, file, first line), interning it on first use. */
  frame(name: string, file: string, line = 0): number {
    return this.codeFrame(name, file, line);
  }

  frameKind(index: number): FrameKind | undefined {
    return this.frames[index]?.kind;
  }

  /** The frame of a process or thread level ("process 1234", "thread MainThread"). */
  levelFrame(kind: FrameKind, name: string): number {
    const key = `${kind}\u0000${name}`;
    const known = this.kindFrameIds.get(key);
    if (known !== undefined) return known;
    const id = this.addFrame({ name, file: '', line: 0, kind });
    this.kindFrameIds.set(key, id);
    return id;
  }

  private codeFrame(name: string, file: string, line: number): number {
    let byName = this.frameIds.get(file);
    if (!byName) this.frameIds.set(file, (byName = new Map()));
    const first = byName.get(name);
    let otherKey: string | undefined;
    if (first !== undefined) {
      if (this.frames[first]!.line === line) return first;
      otherKey = `${file}\u0000${line}\u0000${name}`;
      const other = this.otherFrameIds.get(otherKey);
      if (other !== undefined) return other;
    }
    checkLine(line, 'frame line');
    const id = this.addFrame({ name, file, line });
    if (otherKey === undefined) byName.set(name, id);
    else this.otherFrameIds.set(otherKey, id);
    return id;
  }

  private addFrame(frame: Frame): number {
    if (this.frames.length >= this.limits.frames) {
      throw new ProfileDataError(`more than ${this.limits.frames} distinct frames`);
    }
    const id = this.frames.length;
    this.frames.push(frame);
    this.functions.push({ frame: id, selfWall: 0, selfCpu: 0, totalWall: 0, totalCpu: 0, samples: 0, calls: null, primitiveCalls: null });
    if (this.frameFile.length <= id) this.frameFile = grow(this.frameFile, id + 1);
    this.frameFile[id] = this.fileIdOf(frame.file);
    return id;
  }

  /** Declares that CPU weights are meaningful even if every sample so far had none. */
  markCpuKnown(): void {
    this.hasCpu = true;
  }

  /**
   * One sample (or an aggregate of identical samples): `stack` lists frame indexes root first,
   * `lines` the current line of each (same length; omitted or 0 = unknown).
   */
  appendSample(stack: ArrayLike<number>, weights: SampleWeights, lines?: ArrayLike<number>): void {
    if (stack.length > this.limits.stackDepth) {
      throw new ProfileDataError(`a stack ${stack.length} frames deep (limit ${this.limits.stackDepth})`);
    }
    if (lines && lines.length !== stack.length) {
      throw new ProfileDataError(`a stack of ${plural(stack.length, 'frame')} has ${plural(lines.length, 'line number')}`);
    }
    let node = this.root;
    for (let i = 0; i < stack.length; i++) {
      const frame = stack[i]!;
      if (!Number.isInteger(frame) || frame < 0 || frame >= this.frames.length) {
        throw new ProfileDataError(`frame index ${frame} out of range (${plural(this.frames.length, 'frame')})`);
      }
      node = this.child(node, frame, lines ? lines[i]! : 0);
    }
    this.addWeight(node, weights);
  }

  /** Starts replaying one thread's enter/leave events. */
  openEvented(): EventedBuilder {
    const stack: MutableNode[] = [];
    let lastAt = -Infinity;
    const advance = (at: number): void => {
      if (!Number.isFinite(at)) throw new ProfileDataError(`event time ${at} is not a finite number`);
      if (at < lastAt) throw new ProfileDataError(`events go back in time (${at} after ${lastAt})`);
      const top = stack[stack.length - 1];
      if (top && at > lastAt) this.addWeight(top, { wall: at - lastAt, samples: 0 });
      lastAt = at;
    };
    return {
      enterFrame: (frame, at, line = 0) => {
        if (!Number.isInteger(frame) || frame < 0 || frame >= this.frames.length) {
          throw new ProfileDataError(`frame index ${frame} out of range (${plural(this.frames.length, 'frame')})`);
        }
        if (stack.length >= this.limits.stackDepth) {
          throw new ProfileDataError(`a stack deeper than ${this.limits.stackDepth} frames`);
        }
        advance(at);
        stack.push(this.child(stack[stack.length - 1] ?? this.root, frame, line));
      },
      leaveFrame: (frame, at) => {
        const top = stack[stack.length - 1];
        if (!top) throw new ProfileDataError(`frame ${frame} closed while no frame is open`);
        if (top.frame !== frame) {
          throw new ProfileDataError(`frame ${frame} closed while frame ${top.frame} is the innermost open frame`);
        }
        advance(at);
        stack.pop();
      },
      finish: (at) => {
        if (stack.length === 0) return;
        advance(at);
        stack.length = 0;
      },
    };
  }

  /** pstats-style statistics of one function (trace mode, .prof): nc, cc, tt, ct. */
  addFunctionCalls(frame: number, stats: { calls: number; primitiveCalls: number; selfTime: number; totalTime: number }): void {
    this.addFunctionStats(frame, { selfWall: stats.selfTime, totalWall: stats.totalTime, calls: stats.calls, primitiveCalls: stats.primitiveCalls });
  }

  /** Pre-aggregated per-function weights, for sources with summaries but no stacks or events. */
  addFunctionStats(
    frame: number,
    stats: { selfWall: number; totalWall: number; selfCpu?: number; totalCpu?: number; calls?: number | null; primitiveCalls?: number | null },
  ): void {
    const fn = this.functionAt(frame);
    this.addToTotal('wall', checkWeight(stats.selfWall, 'self time'));
    this.addToTotal('cpu', checkWeight(stats.selfCpu ?? 0, 'self CPU time'));
    if (stats.calls !== undefined && stats.calls !== null) this.addToTotal('calls', checkWeight(stats.calls, 'call count'));
    fn.selfWall += checkWeight(stats.selfWall, 'self time');
    fn.totalWall += checkWeight(stats.totalWall, 'total time');
    fn.selfCpu += checkWeight(stats.selfCpu ?? 0, 'self CPU time');
    fn.totalCpu += checkWeight(stats.totalCpu ?? 0, 'total CPU time');
    if (stats.selfCpu !== undefined || stats.totalCpu !== undefined) this.hasCpu = true;
    if (stats.calls !== undefined && stats.calls !== null) {
      fn.calls = (fn.calls ?? 0) + checkWeight(stats.calls, 'call count');
      fn.primitiveCalls = (fn.primitiveCalls ?? 0) + checkWeight(stats.primitiveCalls ?? stats.calls, 'primitive call count');
    }
    checkSum(fn.totalWall + fn.totalCpu + (fn.primitiveCalls ?? 0), 'a function\'s totals');
  }

  /**
   * One caller -> callee edge with the callee's counts and times from that caller. A repeated
   * edge adds up, or with 'replace' overwrites (a dict's last value wins, as in pstats).
   */
  addCallEdge(
    caller: number,
    callee: number,
    stats: { calls: number; primitiveCalls: number; selfTime: number; totalTime: number },
    repeated: 'add' | 'replace' = 'add',
  ): void {
    this.functionAt(caller);
    this.functionAt(callee);
    checkWeight(stats.calls, 'call count');
    checkWeight(stats.primitiveCalls, 'primitive call count');
    checkWeight(stats.selfTime, 'self time');
    checkWeight(stats.totalTime, 'total time');
    let byCaller = this.edgeIds.get(callee);
    if (!byCaller) this.edgeIds.set(callee, (byCaller = new Map()));
    const known = byCaller.get(caller);
    if (known !== undefined) {
      const edge = this.edges[known]!;
      if (repeated === 'replace') {
        edge.calls = edge.primitiveCalls = edge.selfTime = edge.totalTime = 0;
      }
      edge.calls += stats.calls;
      edge.primitiveCalls += stats.primitiveCalls;
      edge.selfTime += stats.selfTime;
      edge.totalTime += stats.totalTime;
      return;
    }
    if (this.edges.length >= this.limits.edges) throw new ProfileDataError(`more than ${this.limits.edges} call edges`);
    byCaller.set(caller, this.edges.length);
    this.edges.push({ caller, callee, calls: stats.calls, primitiveCalls: stats.primitiveCalls, selfTime: stats.selfTime, totalTime: stats.totalTime });
  }

  /** Pre-aggregated line weights, for sources that carry lines but no stacks (trace mode). */
  addLineStats(file: string, line: number, stats: { selfWall: number; selfCpu?: number; totalWall?: number; totalCpu?: number; samples?: number }): void {
    checkLine(line, 'line');
    const entry = this.lineAt(file, line);
    if (stats.selfCpu !== undefined || stats.totalCpu !== undefined) this.hasCpu = true;
    entry.selfWall += checkWeight(stats.selfWall, 'line time');
    entry.selfCpu += checkWeight(stats.selfCpu ?? 0, 'line CPU time');
    entry.totalWall += checkWeight(stats.totalWall ?? stats.selfWall, 'line total time');
    entry.totalCpu += checkWeight(stats.totalCpu ?? stats.selfCpu ?? 0, 'line total CPU time');
    entry.samples += checkWeight(stats.samples ?? 0, 'line samples');
    this.addToTotal('wall', stats.selfWall);
    this.addToTotal('cpu', stats.selfCpu ?? 0);
    checkSum(entry.totalWall + entry.totalCpu, 'a line\'s totals');
  }

  build(format: SourceFormat): Profile {
    return {
      format,
      meta: this.meta,
      unit: this.unit,
      hasCpu: this.hasCpu,
      ...(this.hasNative ? { hasNative: true } : {}),
      frames: this.frames,
      root: stripIndexes(this.root),
      nodeCount: this.nodeCount,
      functions: this.functions,
      edges: this.edges,
      lines: this.lines,
      ...(this.memory ? { memory: this.memory } : {}),
      ...(this.census ? { census: this.census } : {}),
    };
  }

  private functionAt(frame: number): FunctionStats {
    const fn = this.functions[frame];
    if (!fn) throw new ProfileDataError(`frame index ${frame} out of range (${plural(this.frames.length, 'frame')})`);
    return fn;
  }

  private child(parent: MutableNode, frame: number, line: number): MutableNode {
    checkLine(line, 'line');
    if (parent.childIndex) {
      const hit = parent.childIndex.get(frame);
      if (hit !== undefined) {
        if (!Array.isArray(hit)) {
          if (hit.line === line) return hit;
        } else {
          for (const c of hit) if (c.line === line) return c;
        }
      }
    } else {
      for (const c of parent.children as MutableNode[]) if (c.frame === frame && c.line === line) return c;
    }
    if (this.nodeCount >= this.limits.treeNodes) {
      throw new ProfileDataError(`more than ${this.limits.treeNodes} distinct call paths`);
    }
    const node = newNode(frame, line, parent);
    this.nodeCount++;
    if (parent.children === NO_CHILDREN) parent.children = [node];
    else parent.children.push(node);
    if (parent.childIndex) indexChild(parent.childIndex, node);
    else if (parent.children.length > INDEX_CHILDREN_FROM) {
      const index = new Map<number, MutableNode | MutableNode[]>();
      for (const c of parent.children as MutableNode[]) indexChild(index, c);
      parent.childIndex = index;
    }
    return node;
  }

  private addWeight(leaf: MutableNode, weights: SampleWeights): void {
    const wall = checkWeight(weights.wall, 'weight');
    const cpu = checkWeight(weights.cpu ?? 0, 'CPU weight');
    const samples = checkWeight(weights.samples ?? 1, 'sample count');
    // native time is a part of the wall time, never more
    const native = weights.native === undefined ? 0 : Math.min(checkWeight(weights.native, 'native weight'), wall);
    if (weights.cpu !== undefined) this.hasCpu = true;
    if (weights.native !== undefined) this.hasNative = true;
    this.addToTotal('wall', wall);
    this.addToTotal('cpu', cpu);
    this.addToTotal('samples', samples);
    leaf.selfWall += wall;
    leaf.selfCpu += cpu;
    leaf.selfSamples += samples;
    // set only where there is some: a million-node profile without it stays as small as before
    if (native > 0) leaf.selfNative = (leaf.selfNative ?? 0) + native;

    const stamp = this.nextStamp();
    const lines = this.scratchLines;
    lines.length = 0;
    for (let node: MutableNode | null = leaf; node && node.frame >= 0; node = node.parent as MutableNode | null) {
      node.totalWall += wall;
      node.totalCpu += cpu;
      node.totalSamples += samples;
      if (this.frameStamp[node.frame] !== stamp) {
        this.frameStamp[node.frame] = stamp;
        const fn = this.functions[node.frame]!;
        fn.totalWall += wall;
        fn.totalCpu += cpu;
        fn.samples += samples;
      }
      if (node.line > 0) {
        const lineId = this.lineIdOf(this.frames[node.frame]!.file, node.line, this.frameFile[node.frame]);
        if (this.lineStamp[lineId] !== stamp) {
          this.lineStamp[lineId] = stamp;
          const entry = this.lines[lineId]!;
          entry.totalWall += wall;
          entry.totalCpu += cpu;
          entry.samples += samples;
          if (native > 0) entry.totalNative = (entry.totalNative ?? 0) + native;
        }
      }
    }
    this.root.totalWall += wall;
    this.root.totalCpu += cpu;
    this.root.totalSamples += samples;
    if (leaf.frame >= 0) {
      const fn = this.functions[leaf.frame]!;
      fn.selfWall += wall;
      fn.selfCpu += cpu;
      if (leaf.line > 0) {
        const entry = this.lines[this.lineIdOf(this.frames[leaf.frame]!.file, leaf.line, this.frameFile[leaf.frame])]!;
        entry.selfWall += wall;
        entry.selfCpu += cpu;
        if (native > 0) entry.selfNative = (entry.selfNative ?? 0) + native;
      }
    }
  }

  private addToTotal(kind: keyof ProfileBuilder['grand'], value: number): void {
    this.grand[kind] += value;
    checkSum(this.grand[kind], kind === 'wall' ? 'the weights' : kind === 'cpu' ? 'the CPU weights' : `the ${kind}`);
  }

  private nextStamp(): number {
    if (this.frameStamp.length < this.frames.length) this.frameStamp = grow(this.frameStamp, this.frames.length);
    if (this.lineStamp.length < this.lines.length + 1) this.lineStamp = grow(this.lineStamp, this.lines.length + 1);
    this.stamp = this.stamp === 0x7fffffff ? 1 : this.stamp + 1;
    if (this.stamp === 1) {
      this.frameStamp.fill(0);
      this.lineStamp.fill(0);
    }
    return this.stamp;
  }

  private fileIdOf(file: string): number {
    let fileId = this.fileIds.get(file);
    if (fileId === undefined) {
      fileId = this.fileIds.size;
      this.fileIds.set(file, fileId);
      this.lineIds.push(new Map());
    }
    return fileId;
  }

  private lineIdOf(file: string, line: number, fileId = this.fileIdOf(file)): number {
    const byLine = this.lineIds[fileId]!;
    const known = byLine.get(line);
    if (known !== undefined) return known;
    if (this.lines.length >= this.limits.lines) throw new ProfileDataError(`more than ${this.limits.lines} distinct source lines`);
    const id = this.lines.length;
    this.lines.push({ file, line, selfWall: 0, selfCpu: 0, totalWall: 0, totalCpu: 0, samples: 0 });
    byLine.set(line, id);
    if (this.lineStamp.length <= id) this.lineStamp = grow(this.lineStamp, id + 1);
    return id;
  }

  private lineAt(file: string, line: number): LineStats {
    return this.lines[this.lineIdOf(file, line)]!;
  }
}

function indexChild(index: Map<number, MutableNode | MutableNode[]>, node: MutableNode): void {
  const known = index.get(node.frame);
  if (known === undefined) index.set(node.frame, node);
  else if (Array.isArray(known)) known.push(node);
  else index.set(node.frame, [known, node]);
}

function newNode(frame: number, line: number, parent: MutableNode | null): MutableNode {
  return {
    frame,
    line,
    parent,
    children: NO_CHILDREN,
    childIndex: null,
    selfWall: 0,
    selfCpu: 0,
    selfSamples: 0,
    totalWall: 0,
    totalCpu: 0,
    totalSamples: 0,
  };
}

// The lookup maps are only needed while building; dropping them halves the tree's footprint.
function stripIndexes(root: MutableNode): CallTreeNode {
  const pending: MutableNode[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    node.childIndex = null;
    for (const c of node.children) pending.push(c as MutableNode);
  }
  return root;
}

function grow(array: Int32Array<ArrayBuffer>, atLeast: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(atLeast, array.length * 2));
  next.set(array);
  return next;
}

/** A sum of finite weights that overflowed: the file's numbers are too large to add up. */
function checkSum(sum: number, what: string): void {
  if (!Number.isFinite(sum)) throw new ProfileDataError(`${what} add up to more than ${Number.MAX_VALUE.toPrecision(3)}, beyond what a number holds`);
}

function checkWeight(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ProfileDataError(`${what} ${String(value)} is not a finite non-negative number`);
  }
  return value;
}

function checkLine(line: number, what: string): void {
  if (!Number.isInteger(line) || line < 0 || line >= LINE_KEY_SPAN) {
    throw new ProfileDataError(`${what} ${String(line)} is not a line number`);
  }
}
