// The weighted stacks every stack-based exporter writes. Profiles with a call tree give their
// stacks as they are. Call-graph-only profiles (cProfile, trace mode) have no stacks, so one is
// synthesised top-down from the functions nobody calls, as flameprof does: a callee's share under
// a caller is that edge's cumulative time over the callee's, its self time and its own callees
// scale by that share, a function already on the path is not expanded again (recursion), and
// negligible branches are pruned so a dense graph cannot explode.
import type { Profile } from '../model.js';
import { forEachStack, hasCallTree } from '../query.js';

export interface ExportStack {
  /** Frame indexes, root first. */
  readonly frames: readonly number[];
  /** Current line per frame, 0 unknown. */
  readonly lines: readonly number[];
  readonly wall: number;
  readonly cpu: number;
  readonly samples: number;
}

const MAX_SYNTHETIC_DEPTH = 128;
const MAX_SYNTHETIC_STACKS = 200_000;
const PRUNE_BELOW = 1e-6;

export function exportStacks(profile: Profile, visit: (stack: ExportStack) => void): void {
  if (hasCallTree(profile)) {
    forEachStack(profile, ({ frames, lines, node }) =>
      visit({ frames, lines, wall: node.selfWall, cpu: node.selfCpu, samples: node.selfSamples }),
    );
    return;
  }
  synthesizeStacks(profile, visit);
}

function synthesizeStacks(profile: Profile, visit: (stack: ExportStack) => void): void {
  const callees = new Map<number, { callee: number; totalTime: number }[]>();
  const incoming = new Map<number, { calls: number; totalTime: number }>();
  for (const e of profile.edges) {
    if (e.caller === e.callee) continue;
    const list = callees.get(e.caller) ?? [];
    list.push({ callee: e.callee, totalTime: e.totalTime });
    callees.set(e.caller, list);
    const into = incoming.get(e.callee) ?? { calls: 0, totalTime: 0 };
    into.calls += e.calls;
    into.totalTime += e.totalTime;
    incoming.set(e.callee, into);
  }
  const fns = profile.functions;
  // A root is a function some of whose calls came from no recorded caller (the program's entry,
  // a thread's target); its share is the part of its time no caller accounts for.
  let roots = fns
    .filter((f) => f.totalWall > 0 && (f.calls === null || f.calls > (incoming.get(f.frame)?.calls ?? 0)))
    .map((f) => ({ frame: f.frame, share: Math.max(0, 1 - (incoming.get(f.frame)?.totalTime ?? 0) / f.totalWall) }))
    .filter((r) => r.share > 0);
  if (roots.length === 0) {
    roots = fns.filter((f) => f.totalWall > 0).sort((a, b) => b.totalWall - a.totalWall).slice(0, 1).map((f) => ({ frame: f.frame, share: 1 }));
  }
  const grand = fns.reduce((sum, f) => sum + f.selfWall, 0);
  const threshold = grand * PRUNE_BELOW;
  let emitted = 0;
  const path: number[] = [];
  const onPath = new Set<number>();

  // Iterative depth-first walk; `share` is the fraction of the function's own times on this path.
  const pending: { frame: number; share: number; depth: number }[] = roots.map(({ frame, share }) => ({ frame, share, depth: 0 })).reverse();
  while (pending.length > 0 && emitted < MAX_SYNTHETIC_STACKS) {
    const { frame, share, depth } = pending.pop()!;
    while (path.length > depth) onPath.delete(path.pop()!);
    path.push(frame);
    onPath.add(frame);
    const fn = fns[frame]!;
    const self = fn.selfWall * share;
    if (self > 0) {
      visit({ frames: path, lines: path.map(() => 0), wall: self, cpu: fn.selfCpu * share, samples: 0 });
      emitted++;
    }
    if (depth + 1 >= MAX_SYNTHETIC_DEPTH) continue;
    for (const { callee, totalTime } of callees.get(frame) ?? []) {
      const calleeTotal = fns[callee]!.totalWall;
      if (onPath.has(callee) || calleeTotal <= 0) continue;
      const calleeShare = Math.min(1, (totalTime * share) / calleeTotal);
      if (calleeTotal * calleeShare < threshold) continue;
      pending.push({ frame: callee, share: calleeShare, depth: depth + 1 });
    }
  }
}
