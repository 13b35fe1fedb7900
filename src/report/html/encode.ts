// The flame graph's data, compact enough that a 100,000-stack profile opens in well under a second:
// a frame table (names and files as string tables) and the call tree (lines merged, as flame graphs
// show functions) flattened in pre-order into typed arrays sent as base64. The page rebuilds
// parents from depths and totals from self weights, so neither travels.
import type { CallTreeNode, Profile, WeightUnit } from '../../profile/model.js';

/** Deeper frames are folded into their ancestor at this depth; nobody reads a 4,000-row flame graph. */
export const MAX_FLAME_DEPTH = 4096;
/** Above this many nodes, the lightest call paths are folded into their callers. */
export const MAX_FLAME_NODES = 1_000_000;

export interface FlameData {
  unit: WeightUnit;
  hasCpu: boolean;
  /** Frame table: names[frameName[f]], files[frameFile[f]], frameLine[f]. */
  names: string[];
  files: string[];
  frameName: number[];
  frameFile: number[];
  frameLine: number[];
  /** Nodes after the synthetic root (node 0), in pre-order. */
  count: number;
  /** base64 Uint16Array: depth of each node (root children are 1). */
  depth: string;
  /** base64 frame table index of each node: Uint16Array when `wideFrames` is false, else Uint32Array. */
  frame: string;
  wideFrames: boolean;
  /** Sparse self weights: base64 Uint32Array of node indexes (root = 0) and Float32Array weights. */
  selfNode: string;
  selfWall: string;
  selfCpu: string;
  /** Call paths folded into their callers to respect the limits (0 when nothing was folded). */
  folded: number;
  /** The share below which call paths were folded (0 when nothing was). */
  foldedBelow: number;
}

interface Limits {
  maxDepth: number;
  maxNodes: number;
}

/** The flame graph data of a profile, or null when it has no stacks (call-graph-only formats). */
export function encodeFlame(profile: Profile, limits: Limits = { maxDepth: MAX_FLAME_DEPTH, maxNodes: MAX_FLAME_NODES }): FlameData | null {
  if (profile.nodeCount === 0) return null;
  const tree = mergeByFunction(profile);
  const rootTotal = Math.max(tree.totalWall[0]!, tree.totalCpu[0]!);
  let threshold = 0;
  while (countKept(tree, threshold * rootTotal, limits.maxDepth) > limits.maxNodes) threshold = threshold === 0 ? 1e-7 : threshold * 4;
  const minWeight = threshold * rootTotal;
  const kept = (node: number): boolean => minWeight === 0 || tree.totalWall[node]! >= minWeight || tree.totalCpu[node]! >= minWeight;

  const frameIds = new Map<number, number>();
  const names = new StringTable();
  const files = new StringTable();
  const frameName: number[] = [];
  const frameFile: number[] = [];
  const frameLine: number[] = [];
  const frameOf = (profileFrame: number): number => {
    let id = frameIds.get(profileFrame);
    if (id === undefined) {
      const f = profile.frames[profileFrame]!;
      id = frameName.length;
      frameIds.set(profileFrame, id);
      frameName.push(names.id(f.name));
      frameFile.push(files.id(f.file));
      frameLine.push(f.line);
    }
    return id;
  };

  const depths: number[] = [];
  const frames: number[] = [];
  const selfNode: number[] = [];
  const selfWall: number[] = [];
  const selfCpu: number[] = [];
  let folded = 0;
  // Iterative pre-order: an explicit stack keeps 100,000-deep recursion from blowing the JS stack.
  const pending: number[] = [0];
  const pendingDepth: number[] = [0];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const depth = pendingDepth.pop()!;
    const index = depth === 0 ? 0 : frames.length + 1;
    if (depth > 0) {
      depths.push(depth);
      frames.push(frameOf(tree.frame[node]!));
    }
    let wall = tree.selfWall[node]!;
    let cpu = tree.selfCpu[node]!;
    const from = tree.childStart[node]!;
    const to = tree.childStart[node + 1]!;
    for (let c = to - 1; c >= from; c--) {
      const child = tree.children[c]!;
      if (depth >= limits.maxDepth || !kept(child)) {
        wall += tree.totalWall[child]!;
        cpu += tree.totalCpu[child]!;
        folded++;
      } else {
        pending.push(child);
        pendingDepth.push(depth + 1);
      }
    }
    if (wall > 0 || cpu > 0) {
      selfNode.push(index);
      selfWall.push(wall);
      selfCpu.push(cpu);
    }
  }

  return {
    unit: profile.unit,
    hasCpu: profile.hasCpu,
    names: names.values,
    files: files.values,
    frameName,
    frameFile,
    frameLine,
    count: frames.length,
    depth: base64(Uint16Array.from(depths)),
    // Most profiles have fewer than 65,536 functions: two bytes a node instead of four.
    frame: base64(frameName.length > 0xffff ? Uint32Array.from(frames) : Uint16Array.from(frames)),
    wideFrames: frameName.length > 0xffff,
    selfNode: base64(Uint32Array.from(selfNode)),
    selfWall: base64(Float32Array.from(selfWall)),
    selfCpu: base64(profile.hasCpu ? Float32Array.from(selfCpu) : new Float32Array(0)),
    folded,
    foldedBelow: threshold,
  };
}

/** The call tree with same-function siblings merged (lines dropped), in flat arrays; node 0 is the root. */
interface MergedTree {
  frame: Int32Array;
  selfWall: Float64Array;
  selfCpu: Float64Array;
  totalWall: Float64Array;
  totalCpu: Float64Array;
  /** Children of node n are children[childStart[n] .. childStart[n + 1]), heaviest first. */
  childStart: Int32Array;
  children: Int32Array;
}

function mergeByFunction(profile: Profile): MergedTree {
  // At most one merged node per call tree node: preallocated typed arrays keep the walk free of
  // per-node allocations, which matters at a few hundred thousand nodes.
  const capacity = profile.nodeCount + 1;
  const frame = new Int32Array(capacity);
  const parent = new Int32Array(capacity);
  const selfWall = new Float64Array(capacity);
  const selfCpu = new Float64Array(capacity);
  const totalWall = new Float64Array(capacity);
  const totalCpu = new Float64Array(capacity);
  // Children as linked lists (scanned: most nodes have a few); wide nodes also get a Map.
  const firstKid = new Int32Array(capacity).fill(-1);
  const nextKid = new Int32Array(capacity).fill(-1);
  const kidCount = new Int32Array(capacity);
  const kidIndex = new Map<number, Map<number, number>>();
  frame[0] = -1;
  parent[0] = -1;
  selfWall[0] = profile.root.selfWall;
  selfCpu[0] = profile.root.selfCpu;
  totalWall[0] = profile.root.totalWall;
  totalCpu[0] = profile.root.totalCpu;
  let n = 1;
  const childOf = (into: number, f: number): number => {
    const index = kidIndex.get(into);
    if (index) {
      const hit = index.get(f);
      if (hit !== undefined) return hit;
    } else {
      for (let k = firstKid[into]!; k >= 0; k = nextKid[k]!) if (frame[k] === f) return k;
    }
    const id = n++;
    frame[id] = f;
    parent[id] = into;
    nextKid[id] = firstKid[into]!;
    firstKid[into] = id;
    kidCount[into]!++;
    if (index) index.set(f, id);
    else if (kidCount[into]! > 16) {
      const map = new Map<number, number>();
      for (let k = firstKid[into]!; k >= 0; k = nextKid[k]!) map.set(frame[k]!, k);
      kidIndex.set(into, map);
    }
    return id;
  };
  const pendingNode: CallTreeNode[] = [profile.root];
  const pendingId: number[] = [0];
  while (pendingNode.length > 0) {
    const node = pendingNode.pop()!;
    const into = pendingId.pop()!;
    for (const child of node.children) {
      const id = childOf(into, child.frame);
      selfWall[id] += child.selfWall;
      selfCpu[id] += child.selfCpu;
      totalWall[id] += child.totalWall;
      totalCpu[id] += child.totalCpu;
      pendingNode.push(child);
      pendingId.push(id);
    }
  }
  const childStart = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) childStart[parent[i]! + 1]!++;
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const fill = childStart.slice(0, n);
  const children = new Int32Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) children[fill[parent[i]!]!++] = i;
  // Heaviest first, so narrow siblings sit together at the end and merge into one drawn block.
  for (let i = 0; i < n; i++) {
    const from = childStart[i]!;
    const to = childStart[i + 1]!;
    if (to - from > 1) {
      const sorted = Array.from(children.subarray(from, to)).sort(
        (a, b) => totalWall[b]! - totalWall[a]! || totalCpu[b]! - totalCpu[a]! || frame[a]! - frame[b]!,
      );
      children.set(sorted, from);
    }
  }
  return {
    frame: frame.subarray(0, n),
    selfWall: selfWall.subarray(0, n),
    selfCpu: selfCpu.subarray(0, n),
    totalWall: totalWall.subarray(0, n),
    totalCpu: totalCpu.subarray(0, n),
    childStart,
    children,
  };
}

function countKept(tree: MergedTree, minWeight: number, maxDepth: number): number {
  let count = 0;
  const pending: number[] = [0];
  const pendingDepth: number[] = [0];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const depth = pendingDepth.pop()!;
    if (depth >= maxDepth) continue;
    for (let c = tree.childStart[node]!; c < tree.childStart[node + 1]!; c++) {
      const child = tree.children[c]!;
      if (minWeight > 0 && tree.totalWall[child]! < minWeight && tree.totalCpu[child]! < minWeight) continue;
      count++;
      pending.push(child);
      pendingDepth.push(depth + 1);
    }
  }
  return count;
}

class StringTable {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }
}

// Typed arrays travel as their little-endian bytes; every platform Node and browsers run on is
// little-endian, and the page reads them back with the same typed array views.
function base64(array: Uint16Array | Uint32Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}
