// What a dict is for, as far as the code shows: rules that suggest replacing a dict with a
// `Counter` or a `defaultdict` must not do so for a dict the caller owns, nor for a record whose
// values are of several kinds (a counter beside a name and a list is not a counter).
import type { FileFacts } from './facts.js';
import type { Node } from './parser.js';
import { dottedName, namedChildren, unparen } from './syntax.js';
import type { ValueKind } from './bindings.js';

export interface DictRole {
  /** The dict arrives as a parameter: the caller made it and may rely on its type. */
  fromCaller: boolean;
  /** The kinds of value the code stores in it (literal entries and `d[k] = v`), unknown left out. */
  valueKinds: Set<ValueKind>;
}

export function dictRole(facts: FileFacts, mapping: Node): DictRole {
  const m = unparen(mapping);
  const name = dottedName(m);
  const valueKinds = new Set<ValueKind>();
  if (!name) return { fromCaller: false, valueKinds };
  const scope = facts.scopeOf(m);
  let fromCaller = false;
  let region: Node = scope.functionScope().node;
  if (m.type === 'identifier') {
    const owner = scope.resolve(m.text);
    const bindings = owner?.bindings.get(m.text) ?? [];
    fromCaller = bindings.some((b) => b.kind === 'param');
    if (owner) region = owner.node;
    for (const b of bindings) {
      const value = b.value ? unparen(b.value) : undefined;
      if (value?.type === 'dictionary') addEntryKinds(facts, value, valueKinds);
    }
  } else {
    const cls = scope.functionScope().enclosingClass();
    if (cls) {
      region = cls.node;
      const attr = name.split('.').slice(1).join('.');
      for (const b of cls.attributes.get(attr) ?? []) {
        const value = b.value ? unparen(b.value) : undefined;
        if (value?.type === 'dictionary') addEntryKinds(facts, value, valueKinds);
      }
    }
  }
  for (const assignment of region.descendantsOfType('assignment')) {
    const left = assignment ? unparen(assignment.childForFieldName('left') ?? assignment) : undefined;
    if (left?.type !== 'subscript') continue;
    const target = left.childForFieldName('value');
    if (!target || dottedName(target) !== name) continue;
    const right = assignment!.childForFieldName('right');
    if (right) addKind(facts.bindings.kindOf(right), valueKinds);
  }
  return { fromCaller, valueKinds };
}

function addEntryKinds(facts: FileFacts, dict: Node, kinds: Set<ValueKind>): void {
  for (const pair of namedChildren(dict)) {
    if (pair.type !== 'pair') continue;
    const value = pair.childForFieldName('value');
    if (value) addKind(facts.bindings.kindOf(value), kinds);
  }
}

function addKind(kind: ValueKind, kinds: Set<ValueKind>): void {
  if (kind === 'unknown') return;
  // an int count that becomes a float sum is still one numeric kind
  kinds.add(kind === 'float' || kind === 'bool' ? 'int' : kind);
}
