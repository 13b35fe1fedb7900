// Can these values go in a set or be dict keys? "Build a set once" and "key a dict by it" are
// only fixes when the items hash. A list, dict or set (or a tuple holding one) raises TypeError
// in `set(...)`; the code often shows it: a needle built as `(name, params_list)`, a list of
// lists built by a comprehension or by appending displays.
import type { ValueKind } from './bindings.js';
import type { FileFacts } from './facts.js';
import type { Node } from './parser.js';
import { methodCall, namedChildren, unparen } from './syntax.js';

/** Kinds whose values cannot be hashed (`ndarray`, frames and series define no hash either). */
const UNHASHABLE = new Set<ValueKind>(['list', 'dict', 'set', 'ndarray', 'DataFrame', 'Series']);
const LIST_LIKE = new Set(['list', 'list_comprehension']);

/** True when the value of `expr` is known not to hash (some tuple item is a list ...). */
export function knownUnhashable(facts: FileFacts, expr: Node): boolean {
  const node = unparen(expr);
  if (node.type === 'tuple') return namedChildren(node).some((item) => knownUnhashable(facts, item));
  return UNHASHABLE.has(facts.bindings.kindOf(node));
}

/**
 * True when some item of the list `list` names (a local or module name) is known not to hash:
 * one of its bindings is a display or comprehension of such items, or code of its scope appends
 * one to it.
 */
export function holdsUnhashable(facts: FileFacts, list: Node): boolean {
  const node = unparen(list);
  if (node.type !== 'identifier') return itemsUnhashable(facts, node);
  const owner = facts.scopeOf(node).resolve(node.text);
  for (const b of owner?.bindings.get(node.text) ?? []) if (b.value && itemsUnhashable(facts, b.value)) return true;
  if (!owner) return false;
  for (const call of owner.node.descendantsOfType('call')) {
    const method = call ? methodCall(call) : undefined;
    if (!call || !method || method.method !== 'append' || unparen(method.receiver).text !== node.text) continue;
    const item = namedChildren(call.childForFieldName('arguments') ?? call)[0];
    if (item && knownUnhashable(facts, item)) return true;
  }
  return false;
}

function itemsUnhashable(facts: FileFacts, value: Node): boolean {
  const v = unparen(value);
  if (!LIST_LIKE.has(v.type)) return false;
  if (v.type === 'list') return namedChildren(v).some((item) => item.type !== 'comment' && knownUnhashable(facts, item));
  const body = v.childForFieldName('body');
  return body !== null && knownUnhashable(facts, body);
}
