// May a collection change while some code runs? An automatic edit that drops a defensive copy
// (`for x in list(d)` -> `for x in d`) is only right when the answer is a proven "no": the
// object is a local nobody else can reach and the code never mutates it by name, or the code
// runs nothing that could reach it at all. Anything we cannot see through (a call, a yield, an
// alias, a store through another name) answers "maybe".
import { defaultShowsKind, type ValueKind } from './bindings.js';
import type { FileFacts } from './facts.js';
import type { Node } from './parser.js';
import type { Scope } from './scopes.js';
import { calleeShape, contains, dottedName, namedChildren, nodeMemo, unparen } from './syntax.js';
import { builtinName, callsOutside, mayMutate } from './usage.js';

/** Kinds whose objects cannot change at all. */
const IMMUTABLE = new Set(['str', 'bytes', 'tuple', 'frozenset', 'range']);
/** Builtins that build a new container from their argument. */
const CONSTRUCTORS = new Set(['list', 'dict', 'set', 'sorted', 'tuple', 'frozenset']);
const FRESH_DISPLAYS = new Set([
  'list', 'set', 'dictionary', 'tuple', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension',
]);
/** Methods whose result is a new container. */
const FRESH_METHODS = new Set(['split', 'rsplit', 'splitlines', 'copy']);
/**
 * Builtins that may receive a local collection without keeping or changing it: they read it,
 * or return an iterator over it that cannot change it either.
 */
const READERS = new Set([
  'len', 'list', 'tuple', 'set', 'frozenset', 'sorted', 'sum', 'min', 'max', 'any', 'all', 'enumerate',
  'zip', 'iter', 'reversed', 'isinstance', 'print', 'str', 'repr', 'bool', 'dict', 'map', 'filter', 'bytes',
]);
/** Calls that reach a function's locals by name. */
const LOCALS_READERS = new Set(['locals', 'vars', 'eval', 'exec']);

/**
 * The kind of a value as the code itself declares it: like `kindOf`, but a parameter without an
 * annotation or default is 'unknown' even when the module's own callers all pass one kind. Those
 * calls are evidence enough for a finding, not for an edit: callers in other modules may pass
 * anything.
 */
export function declaredKind(facts: FileFacts, expr: Node): ValueKind {
  const node = unparen(expr);
  if (node.type === 'identifier') {
    const scope = facts.scopeOf(node);
    const bindings = scope.resolve(node.text)?.bindings.get(node.text) ?? [];
    const guessed = bindings.some(
      (b) => b.kind === 'param' && !b.annotation && (!b.value || !defaultShowsKind(b) || facts.bindings.kindOf(b.value) === 'none'),
    );
    if (guessed) return 'unknown';
  }
  return facts.bindings.kindOf(node);
}

/**
 * True when nothing that runs while `parts` run can change the object `source` evaluates to.
 * `source` is the collection a loop iterates (a name, an attribute, or a fresh expression).
 */
export function staysUnchanged(facts: FileFacts, source: Node, parts: readonly Node[]): boolean {
  const node = unparen(source);
  if (IMMUTABLE.has(declaredKind(facts, node))) return true;
  if (isFreshValue(facts, node)) return true;
  const dotted = dottedName(node);
  if (!dotted) return false;
  if (parts.some((part) => mayMutate(part, dotted))) return false;
  if (node.type === 'identifier' && isPrivateLocal(facts, node)) return true;
  // someone else may hold the object: the parts must not run any code that could reach it
  return parts.every((part) => !callsOutside(part) && !suspends(part) && !storesThroughOtherNames(facts, part));
}

/** A display, a comprehension or a constructor call: an object no other code holds yet. */
function isFreshValue(facts: FileFacts, node: Node): boolean {
  if (FRESH_DISPLAYS.has(node.type)) return true;
  if (node.type !== 'call') return false;
  const name = builtinName(facts.bindings.calleeQualifiedName(node));
  if (name !== undefined && CONSTRUCTORS.has(name)) return true;
  const shape = calleeShape(node);
  const fn = shape ? unparen(shape.node) : undefined;
  if (fn?.type !== 'attribute') return false;
  const method = fn.childForFieldName('attribute')?.text ?? '';
  const receiver = fn.childForFieldName('object');
  if (!receiver || !FRESH_METHODS.has(method)) return false;
  const kind = facts.bindings.kindOf(receiver);
  return method === 'copy' ? kind === 'list' || kind === 'dict' || kind === 'set' : kind === 'str' || kind === 'bytes';
}

/** `yield` and `await` hand control to other code between iterations. */
const SUSPENDS = new Set(['yield', 'await']);
const suspends = (root: Node) => contains(root, SUSPENDS);

/**
 * A store that may land in a shared object under another name: `alias[i] = v`, `del alias[i]`,
 * `obj.attr = v`, or `x += y` on a name that may hold a list (in-place extend). Stores into plain
 * local names of scalar kinds are harmless.
 */
function storesThroughOtherNames(facts: FileFacts, root: Node): boolean {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'delete_statement') return true;
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = node.childForFieldName('left');
      if (left && storesIntoObject(left)) return true;
      if (node.type === 'augmented_assignment' && left) {
        const kind = facts.bindings.kindOf(left);
        if (unparen(left).type !== 'identifier' || !['int', 'float', 'bool', 'str', 'bytes'].includes(kind)) return true;
      }
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

function storesIntoObject(target: Node): boolean {
  const t = unparen(target);
  if (t.type === 'subscript' || t.type === 'attribute') return true;
  return namedChildren(t).some(storesIntoObject);
}

const privateLocals = nodeMemo<boolean>();

/**
 * True when the name is a local of a function, every binding of it makes a new container, and
 * every use of it only reads or changes it in place: it is never aliased, stored, passed to code
 * we cannot see, captured by a nested function, or reachable through `locals()`. Only code that
 * names it can then change it.
 */
export function isPrivateLocal(facts: FileFacts, name: Node): boolean {
  return privateLocals(name, () => computePrivateLocal(facts, name));
}

function computePrivateLocal(facts: FileFacts, name: Node): boolean {
  const scope = facts.scopeOf(name).functionScope();
  if (scope.kind !== 'function' || scope.resolve(name.text) !== scope) return false;
  if (scope.globals.has(name.text) || scope.nonlocals.has(name.text)) return false;
  const bindings = scope.bindings.get(name.text) ?? [];
  if (bindings.length === 0) return false;
  for (const binding of bindings) {
    if (binding.kind === 'augassign') continue;
    if (binding.kind !== 'assign' || !binding.value || !isFreshValue(facts, unparen(binding.value))) return false;
  }
  return usesStayPrivate(facts, scope, name.text);
}

/** Walks the function and classifies each use of the name (see isPrivateLocal). */
function usesStayPrivate(facts: FileFacts, scope: Scope, name: string): boolean {
  const stack: Node[] = [scope.node];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'identifier' && LOCALS_READERS.has(fn.text)) return false;
    }
    if (node.type === 'identifier' && node.text === name && !isAttributeName(node)) {
      const inner = facts.scopeOf(node);
      if (inner.resolve(name) === scope) {
        if (crossesFunction(inner, scope)) return false;
        if (!isPrivateUse(facts, node)) return false;
      }
      continue;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return true;
}

function isAttributeName(id: Node): boolean {
  const parent = id.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) return true;
  return parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id;
}

/** A use inside a nested function or lambda: it may run at any later time. */
function crossesFunction(inner: Scope, owner: Scope): boolean {
  for (let s: Scope | undefined = inner; s && s !== owner; s = s.parent) {
    if (s.kind === 'function' || s.kind === 'lambda' || s.kind === 'class') return true;
  }
  return false;
}

function isPrivateUse(facts: FileFacts, id: Node): boolean {
  let node = id;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    node = parent;
    parent = node.parent;
  }
  if (!parent) return false;
  const is = (field: string) => parent.childForFieldName(field)?.id === node.id;
  switch (parent.type) {
    case 'attribute': {
      // `d.pop(k)`: the object's own method, called at once; a bound `d.pop` handed on is an escape
      const call = parent.parent;
      return is('object') && call?.type === 'call' && call.childForFieldName('function')?.id === parent.id;
    }
    case 'subscript':
      return is('value');
    case 'comparison_operator':
    case 'not_operator':
    case 'delete_statement':
    case 'return_statement':
      return true;
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
      return is('condition');
    case 'for_statement':
    case 'for_in_clause':
      // the target of `for d in ...` is a binding the bindings check has already refused
      return is('right');
    case 'assignment':
    case 'augmented_assignment':
      // a plain rebinding or an in-place update; `other = d` is an alias
      return is('left');
    case 'argument_list': {
      const call = parent.parent;
      if (call?.type !== 'call') return false;
      const callee = builtinName(facts.bindings.calleeQualifiedName(call));
      return callee !== undefined && READERS.has(callee);
    }
    default:
      return false;
  }
}

/** Builtins (qualified) that read the collection passed to them and never change it. */
const READING_CALLS = new Set([
  ...READERS, 'id', 'hash', 'bisect.bisect', 'bisect.bisect_left', 'bisect.bisect_right', 'heapq.nsmallest', 'heapq.nlargest',
]);

export type LoopChange = 'none' | 'grows' | 'changes';

/**
 * How code under `root` (a loop) changes the collection spelled `name` (`xs`, `self.xs`): 'none';
 * 'grows' when only the `adding` methods (`append`, `insert` ...) change it; 'changes' when items
 * are set, deleted or removed, or the object is passed to a call that may change it, or a
 * function of this file that the loop calls changes it by name (a closure over an outer list, a
 * recursive walk that pushes and pops a shared stack). An index built once before the loop is
 * then stale.
 */
export function loopChange(facts: FileFacts, root: Node, name: string, adding: ReadonlySet<string>): LoopChange {
  const onlyReads = (call: Node) => {
    const callee = facts.bindings.calleeQualifiedName(call) ?? '';
    return READING_CALLS.has(callee.replace(/^builtins\./, ''));
  };
  if (!name.includes('.') && callsChangerOf(facts, root, name)) return 'changes';
  if (!mayMutate(root, name, undefined, onlyReads)) return 'none';
  return mayMutate(root, name, adding, onlyReads) ? 'changes' : 'grows';
}

/**
 * True when `root` calls, by plain name, a function defined in this file whose body changes the
 * free name `name` (it does not bind `name` itself, so it sees the caller's object).
 */
function callsChangerOf(facts: FileFacts, root: Node, name: string): boolean {
  for (const call of root.descendantsOfType('call')) {
    const fn = call ? unparen(call.childForFieldName('function') ?? call) : undefined;
    if (!call || fn?.type !== 'identifier') continue;
    const bindings = facts.scopeOf(fn).resolve(fn.text)?.bindings.get(fn.text) ?? [];
    for (const b of bindings) {
      if (b.kind !== 'def' || b.site.type !== 'function_definition') continue;
      const body = b.site.childForFieldName('body');
      const own = facts.scopeOf(body ?? b.site);
      if (own.functionScope().bindings.has(name)) continue;
      if (body && mayMutate(body, name)) return true;
    }
  }
  return false;
}
