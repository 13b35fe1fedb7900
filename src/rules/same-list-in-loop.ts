// One finding per list and loop: several `in` tests (or `.index()` calls) on one list in one loop
// are one problem with one fix, reported once with the other places as related locations.
import type { FileFacts } from '../python/facts.js';
import type { Node } from '../python/parser.js';
import { dottedName, methodCall } from '../python/syntax.js';

/** Methods that grow or shrink a list in place. */
const RESIZING = new Set(['append', 'extend', 'insert', 'remove', 'pop', 'clear']);
/** Methods that grow a list in place. */
export const GROWING = new Set(['append', 'extend', 'insert']);

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
 * True when the loop (any loop from `loop` out to the function) grows or shrinks the list named
 * `list` in place: `seen.append(x)`, `xs.remove(x)`, `xs += [...]`. A membership test on it is
 * then part of building it (order-preserving de-duplication), and "build a set once before the
 * loop" does not apply.
 */
export function loopResizes(facts: FileFacts, node: Node, list: string, methods: ReadonlySet<string> = RESIZING): boolean {
  const loops = facts.loops.enclosingLoops(node);
  const outer = loops[loops.length - 1];
  if (!outer) return false;
  for (const call of outer.node.descendantsOfType('call')) {
    if (!call) continue;
    const method = methodCall(call);
    if (method && methods.has(method.method) && dottedName(method.receiver) === list) return true;
  }
  for (const aug of outer.node.descendantsOfType('augmented_assignment')) {
    const left = aug?.childForFieldName('left');
    if (left && dottedName(left) === list) return true;
  }
  return false;
}
