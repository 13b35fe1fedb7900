// The weighted stacks every stack-based exporter writes. Profiles with a call tree give their
// stacks as they are; call-graph-only profiles (cProfile, trace mode) have no stacks, so each
// function's self time is placed under its heaviest caller chain (the caller edge with the most
// cumulative time, followed up to a root or a cycle), which keeps totals and the big picture.
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

const MAX_SYNTHETIC_DEPTH = 64;

export function exportStacks(profile: Profile, visit: (stack: ExportStack) => void): void {
  if (hasCallTree(profile)) {
    forEachStack(profile, ({ frames, lines, node }) =>
      visit({ frames, lines, wall: node.selfWall, cpu: node.selfCpu, samples: node.selfSamples }),
    );
    return;
  }
  const heaviestCaller = new Map<number, { caller: number; weight: number }>();
  for (const e of profile.edges) {
    if (e.caller === e.callee) continue;
    const best = heaviestCaller.get(e.callee);
    if (!best || e.totalTime > best.weight) heaviestCaller.set(e.callee, { caller: e.caller, weight: e.totalTime });
  }
  for (const fn of profile.functions) {
    if (fn.selfWall <= 0 && fn.selfCpu <= 0) continue;
    const chain = [fn.frame];
    const seen = new Set(chain);
    for (let f = heaviestCaller.get(fn.frame); f && !seen.has(f.caller) && chain.length < MAX_SYNTHETIC_DEPTH; f = heaviestCaller.get(f.caller)) {
      chain.push(f.caller);
      seen.add(f.caller);
    }
    chain.reverse();
    visit({ frames: chain, lines: chain.map(() => 0), wall: fn.selfWall, cpu: fn.selfCpu, samples: 0 });
  }
}
