// Accumulators rebuilt in a loop (`s = s + x`, `acc = np.append(acc, x)`, `self.out += x`):
// the shapes HS104, HS105 and HS109 all recognise.
import type { LoopFacts } from './loops.js';
import type { Node } from './parser.js';
import { field, unparen } from './syntax.js';

const STORAGE_TARGETS = new Set(['identifier', 'attribute', 'subscript']);

/** `a + b + c` -> [a, b, c]; only the left-nested chain of `+` (parentheses keep their group). */
export function plusOperands(node: Node): Node[] {
  const n = unparen(node);
  if (n.type !== 'binary_operator' || n.childForFieldName('operator')?.type !== '+') return [n];
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  if (!left || !right) return [n];
  return [...plusOperands(left), right];
}

/** For `target = value` (not annotated) whose target is a name, attribute or item: both sides. */
export function storeTarget(assignment: Node): { target: Node; value: Node } | undefined {
  const left = field(assignment, 'left');
  const right = field(assignment, 'right');
  if (!left || !right || field(assignment, 'type')) return undefined;
  const target = unparen(left);
  if (!STORAGE_TARGETS.has(target.type)) return undefined;
  return { target, value: unparen(right) };
}

/** An attribute or subscript accumulator must name the same storage on every iteration. */
export function sameStorageEachTime(loops: LoopFacts, target: Node, loop: Node): boolean {
  if (target.type === 'identifier') return true;
  const parts =
    target.type === 'attribute'
      ? [target.childForFieldName('object')]
      : [target.childForFieldName('value'), target.childForFieldName('subscript')];
  // `lines[-1] += x` grows whichever item is last: a bounded "current chunk", not one accumulator
  const index = target.type === 'subscript' ? target.childForFieldName('subscript') : null;
  if (index && index.type === 'unary_operator' && index.text.startsWith('-')) return false;
  return parts.every((p) => !!p && loops.isInvariant(p, loop));
}
