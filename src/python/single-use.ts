// "Is this list iterated exactly once?": a local name bound to a value once, whose only other use is
// as the iterable of one loop that runs no more often than the binding. Rules that suggest a lazy
// iterator (a file object, a generator) instead of a materialized list ask this before anything else.
import type { FileFacts } from './facts.js';
import type { Node } from './parser.js';
import { identifierNodes, namedChildren } from './syntax.js';

export interface SingleIteration {
  /** The name bound to the list. */
  name: string;
  /** The statement that binds it (`name = value`). */
  statement: Node;
  /** The loop that iterates it: a `for` statement or a comprehension (its first clause reads the name). */
  loop: Node;
  /** The identifier in the loop's iterable position. */
  use: Node;
}

/**
 * For `value` in `name = value` inside a function: the one loop that iterates `name`, when the name
 * has no other binding and no other use in the function (no `len`, index, return, del, nested
 * function reading it), and the loop does not repeat more often than the binding.
 */
export function singleIteration(facts: FileFacts, value: Node): SingleIteration | undefined {
  const assignment = value.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== value.id) return undefined;
  const left = assignment.childForFieldName('left');
  if (left?.type !== 'identifier' || assignment.childForFieldName('type')) return undefined;
  const statement = assignment.parent;
  if (statement?.type !== 'expression_statement') return undefined;
  const name = left.text;
  const scope = facts.scopeOf(assignment).functionScope();
  // a module name can be imported and read elsewhere; a function's local cannot
  if (scope.kind !== 'function' || scope.globals.has(name) || scope.nonlocals.has(name)) return undefined;
  if ((scope.bindings.get(name) ?? []).length !== 1) return undefined;
  const uses = identifierNodes(scope.node, name).filter((n) => n.id !== left.id);
  if (uses.length !== 1) return undefined;
  const use = uses[0];
  if (use.startIndex < assignment.endIndex) return undefined;
  const loop = iteratingLoop(use);
  if (!loop || facts.scopeOf(loop.type === 'for_statement' ? loop : use).functionScope() !== scope) return undefined;
  // the loop must run as often as the binding: the same enclosing loops, not one more
  const around = facts.loops.enclosingLoops(assignment).map((l) => l.node.id);
  const aroundUse = facts.loops.enclosingLoops(loop.type === 'for_statement' ? use : loop).map((l) => l.node.id);
  if (around.length !== aroundUse.length || around.some((id, i) => id !== aroundUse[i])) return undefined;
  return { name, statement, loop, use };
}

/** The loop whose once-evaluated iterable is exactly `use`: `for _ in use` or `[... for _ in use ...]` (first clause). */
function iteratingLoop(use: Node): Node | undefined {
  const parent = use.parent;
  if (parent?.type === 'for_statement' && parent.childForFieldName('right')?.id === use.id) return parent;
  if (parent?.type === 'for_in_clause' && parent.childForFieldName('right')?.id === use.id) {
    const comprehension = parent.parent;
    const first = comprehension ? namedChildren(comprehension).find((c) => c.type === 'for_in_clause') : undefined;
    return first?.id === parent.id ? comprehension ?? undefined : undefined;
  }
  return undefined;
}
