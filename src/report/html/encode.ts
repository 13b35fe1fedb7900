// The flame graph's data, compact enough that a 100,000-stack profile opens in well under a second:
// a frame table (names and files as string tables) and the call tree (lines merged, as flame graphs
// show functions) flattened in pre-order into typed arrays sent as base64. The page rebuilds
// parents from depths and totals from self weights, so neither travels.
import type { Profile, WeightUnit } from '../../profile/model.js';
import { functionTree, type FunctionTreeNode } from '../../profile/query.js';

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
  /** base64 Uint32Array: frame table index of each node. */
  frame: string;
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
  const root = functionTree(profile);
  sortChildren(root);
  const rootTotal = Math.max(root.totalWall, root.totalCpu);
  let threshold = 0;
  while (countKept(root, threshold * rootTotal, limits.maxDepth) > limits.maxNodes) threshold = threshold === 0 ? 1e-7 : threshold * 4;
  const minWeight = threshold * rootTotal;

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
  const pending: { node: FunctionTreeNode; depth: number }[] = [{ node: root, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    const index = depth === 0 ? 0 : frames.length + 1;
    if (depth > 0) {
      depths.push(depth);
      frames.push(frameOf(node.frame));
    }
    let wall = node.selfWall;
    let cpu = node.selfCpu;
    const keep: FunctionTreeNode[] = [];
    for (const child of node.children) {
      if (depth >= limits.maxDepth || !isKept(child, minWeight)) {
        wall += child.totalWall;
        cpu += child.totalCpu;
        folded++;
      } else keep.push(child);
    }
    if (wall > 0 || cpu > 0) {
      selfNode.push(index);
      selfWall.push(wall);
      selfCpu.push(cpu);
    }
    for (let i = keep.length - 1; i >= 0; i--) pending.push({ node: keep[i]!, depth: depth + 1 });
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
    frame: base64(Uint32Array.from(frames)),
    selfNode: base64(Uint32Array.from(selfNode)),
    selfWall: base64(Float32Array.from(selfWall)),
    selfCpu: base64(profile.hasCpu ? Float32Array.from(selfCpu) : new Float32Array(0)),
    folded,
    foldedBelow: threshold,
  };
}

/** Heaviest first, so narrow siblings sit together at the end and merge into one drawn block. */
function sortChildren(root: FunctionTreeNode): void {
  const pending = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.children.length > 1) node.children.sort((a, b) => b.totalWall - a.totalWall || b.totalCpu - a.totalCpu || a.frame - b.frame);
    for (const c of node.children) pending.push(c);
  }
}

function isKept(node: FunctionTreeNode, minWeight: number): boolean {
  return minWeight === 0 || node.totalWall >= minWeight || node.totalCpu >= minWeight;
}

function countKept(root: FunctionTreeNode, minWeight: number, maxDepth: number): number {
  let count = 0;
  const pending: { node: FunctionTreeNode; depth: number }[] = [{ node: root, depth: 0 }];
  while (pending.length > 0) {
    const { node, depth } = pending.pop()!;
    if (depth >= maxDepth) continue;
    for (const c of node.children) {
      if (!isKept(c, minWeight)) continue;
      count++;
      pending.push({ node: c, depth: depth + 1 });
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
