// One finding per list and loop: several `in` tests (or `.index()` calls) on one list in one loop
// are one problem with one fix, reported once with the other places as related locations.
import type { FileFacts } from '../python/facts.js';
import type { Node } from '../python/parser.js';
import { loopChange, type LoopChange } from '../python/mutation.js';
/** Methods that grow a list in place (`__iadd__`: `xs += [...]`). */
export const GROWING = new Set(['append', 'extend', 'insert', '__iadd__']);

export class OncePerLoop {
  private readonly reported = new Set<string>();

  /**
   * The first time `(loop, list)` is seen: the other nodes of `type` in the loop's repeated part
   * that `matches` accepts (same innermost loop). Undefined when the pair was already reported.
   */
  claim(facts: FileFacts, loop: Node, list: string, first: Node, type: string, matches: (node: Node) => boolean): Node[] | undefined {
    const key = `${loop.id} ${list}`;
    if (this.reported.has(key)) return undefined;
    this.reported.add(key);
    const others: Node[] = [];
    for (const node of loop.descendantsOfType(type)) {
      if (!node || node.id === first.id || node.startIndex < first.startIndex) continue;
      if (facts.loops.innermostLoop(node)?.node.id !== loop.id) continue;
      if (matches(node)) others.push(node);
    }
    return others;
  }
}

/**
 * How the loops around `node` (from its innermost loop out to the function) change the list
 * spelled `list` (see loopChange): 'grows' when they only add to it (`seen.append(x)`: a
 * membership test on it is part of building it, the order-preserving de-duplication),
 * 'changes' when they also set, delete or pop items, or hand it to code that may. "Build an
 * index once before the loop" holds only for 'none'.
 */
export function listChangeInLoop(facts: FileFacts, node: Node, list: string, adding: ReadonlySet<string> = GROWING): LoopChange {
  const loops = facts.loops.enclosingLoops(node);
  const outer = loops[loops.length - 1];
  return outer ? loopChange(facts, outer.node, list, adding) : 'none';
}
