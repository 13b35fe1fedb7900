// How a name is used around a statement: may a block mutate a collection, is a loop variable
// still read after its loop. Rules that rewrite loops need both answers to stay safe.
import type { Node } from './parser.js';
import { calleeShape, dottedName, namedChildren, nodeMemo, unparen } from './syntax.js';

/** Methods that change a list, set or dict in place. */
export const MUTATING_METHODS = new Set([
  'append', 'extend', 'insert', 'remove', 'pop', 'popitem', 'clear', 'sort', 'reverse', 'add',
  'discard', 'update', 'setdefault', 'difference_update', 'intersection_update',
  'symmetric_difference_update', '__setitem__', '__delitem__', '__iadd__',
]);

const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);
const NONE: ReadonlySet<string> = new Set();

/**
 * True when code under `root` may change the object the expression `target` (a name or dotted
 * name, compared by text) refers to: a mutating method call, an item or slice assignment or
 * deletion, an augmented assignment, or passing the object to any call (the callee may mutate
 * it). When `target` is an attribute of `self`, any call of a `self` method counts too. Calls of
 * the methods in `except` on the target itself are not counted, nor are calls `onlyReads` accepts
 * (builtins such as `len` and `sorted` that read their arguments).
 */
export function mayMutate(
  root: Node,
  target: string,
  except: ReadonlySet<string> = NONE,
  onlyReads: (call: Node) => boolean = () => false,
): boolean {
  const head = target.split('.')[0];
  const viaSelf = target.includes('.') && (head === 'self' || head === 'cls');
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'call': {
        const fn = node.childForFieldName('function');
        if (fn?.type === 'attribute') {
          const object = fn.childForFieldName('object');
          const method = fn.childForFieldName('attribute')?.text ?? '';
          if (object && dottedName(object) === target && MUTATING_METHODS.has(method) && !except.has(method)) return true;
          if (viaSelf && object && dottedName(object) === head) return true;
        }
        const args = node.childForFieldName('arguments');
        if (args && !onlyReads(node)) {
          for (const arg of namedChildren(args)) {
            const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
            const inner = value && (value.type === 'list_splat' || value.type === 'dictionary_splat') ? namedChildren(value)[0] : value;
            if (inner && dottedName(inner) === target) return true;
          }
        }
        break;
      }
      case 'assignment':
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        if (left && targetsItemOf(left, target)) return true;
        if (node.type === 'augmented_assignment' && left && dottedName(left) === target && !except.has('__iadd__')) return true;
        break;
      }
      case 'delete_statement':
        for (const t of namedChildren(node)) if (targetsItemOf(t, target)) return true;
        break;
      default:
        break;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** `target[...]` (or `target.attr`) anywhere in an assignment or del target list. */
function targetsItemOf(left: Node, target: string): boolean {
  const t = unparen(left);
  if (t.type === 'subscript') {
    const value = t.childForFieldName('value');
    return value !== null && dottedName(value) === target;
  }
  if (t.type === 'attribute') {
    const object = t.childForFieldName('object');
    return object !== null && dottedName(object) === target;
  }
  return namedChildren(t).some((c) => targetsItemOf(c, target));
}

/** True when the identifier `name` occurs anywhere under `node` (attribute and keyword names excluded). */
export function mentions(node: Node, name: string): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'identifier') {
      if (current.text !== name) continue;
      const parent = current.parent;
      if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === current.id) continue;
      if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === current.id) continue;
      return true;
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/**
 * True when `name` may be read after `stmt` ends, in the function (or module) that holds it:
 * the first later occurrence of the name is a read or a `del`, not a plain rebinding. Nested
 * functions and classes count as reads (they may run later).
 */
export function isReadAfter(stmt: Node, name: string): boolean {
  let scopeNode: Node | null = stmt.parent;
  while (scopeNode && scopeNode.type !== 'function_definition' && scopeNode.type !== 'module') scopeNode = scopeNode.parent;
  if (!scopeNode) return false;
  const after: Node[] = [];
  collectIdentifiers(scopeNode, name, stmt.endIndex, after, scopeNode);
  if (after.length === 0) return false;
  after.sort((a, b) => a.startIndex - b.startIndex);
  const first = after[0];
  const assignment = storeOf(first);
  if (!assignment) return true;
  const right = assignment.childForFieldName('right');
  return right !== null && mentions(right, name);
}

function collectIdentifiers(node: Node, name: string, from: number, out: Node[], scopeNode: Node): void {
  for (const child of node.namedChildren) {
    if (!child || child.endIndex <= from) continue;
    if (child.type === 'identifier') {
      if (child.text === name && child.startIndex >= from) {
        const parent = child.parent;
        const isAttrName = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === child.id;
        if (!isAttrName) out.push(child);
      }
      continue;
    }
    if (NESTED_SCOPES.has(child.type) && child.id !== scopeNode.id) {
      // a nested scope that reads the name sees the leaked loop variable
      if (child.startIndex >= from && mentions(child, name)) out.push(child);
      continue;
    }
    collectIdentifiers(child, name, from, out, scopeNode);
  }
}

/** The assignment whose left side is exactly this identifier (or a plain tuple of names holding it). */
function storeOf(identifier: Node): Node | undefined {
  if (identifier.type !== 'identifier') return undefined;
  let current: Node = identifier;
  let parent = current.parent;
  while (parent && (parent.type === 'pattern_list' || parent.type === 'tuple_pattern' || parent.type === 'list_pattern')) {
    current = parent;
    parent = current.parent;
  }
  if (parent?.type === 'assignment' && parent.childForFieldName('left')?.id === current.id) return parent;
  if (parent?.type === 'for_statement' && parent.childForFieldName('left')?.id === current.id) return parent;
  return undefined;
}

/** The builtin a qualified callee names (`builtins.list` -> `list`), or undefined for other callees. */
export function builtinName(qualified: string | undefined): string | undefined {
  if (!qualified) return undefined;
  if (qualified.startsWith('builtins.')) return qualified.slice('builtins.'.length);
  return qualified.includes('.') ? undefined : qualified;
}

/** Source text of a node on one line, shortened for a message: `list(\n  x\n)` -> `list( x )`. */
export function shortText(node: Node, max = 50): string {
  const flat = node.text.replace(/\s*#[^\n]*\n/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}

/** Builtins that cannot reach a collection they are not given. */
const HARMLESS_CALLS = new Set([
  'print', 'len', 'isinstance', 'issubclass', 'str', 'repr', 'int', 'float', 'bool', 'abs', 'min', 'max',
  'ord', 'chr', 'hash', 'id', 'type', 'format', 'round', 'hasattr', 'getattr', 'callable', 'range', 'tuple',
]);

/**
 * True when code under `root` makes a call that could reach state outside the loop: anything but
 * a harmless builtin (by callee text). A global or an attribute may be changed by such a call
 * even when the loop never names it.
 */
export function callsOutside(root: Node): boolean {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'call') {
      const fn = node.childForFieldName('function');
      if (!fn || fn.type !== 'identifier' || !HARMLESS_CALLS.has(fn.text)) return true;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/**
 * The last name of a call's callee (`list` for `builtins.list(x)`, `append` for `a.b.append(x)`),
 * read from the tree alone: a cheap filter before resolving the callee through the scopes.
 */
export function calleeTail(call: Node): string | undefined {
  return calleeTails(call, computeCalleeTail);
}

const calleeTails = nodeMemo<string | undefined>();

function computeCalleeTail(call: Node): string | undefined {
  const shape = calleeShape(call);
  if (!shape) return undefined;
  if (shape.dotted !== undefined) return shape.dotted.slice(shape.dotted.lastIndexOf('.') + 1);
  const fn = shape.node;
  const f = unparen(fn);
  if (f.type === 'identifier') return f.text;
  if (f.type === 'attribute') return f.childForFieldName('attribute')?.text;
  return undefined;
}

/** Builtins that only read or convert what they are given (print's output aside). */
const LIGHT_BUILTINS = new Set([
  ...HARMLESS_CALLS, 'sum', 'sorted', 'enumerate', 'zip', 'list', 'dict', 'set', 'hex', 'divmod', 'reversed',
]);
export function isLightBuiltin(name: string): boolean {
  return LIGHT_BUILTINS.has(name);
}

/** Methods of str and of containers that read, or add to a container only the caller holds. */
const LIGHT_METHODS = new Set([
  'strip', 'rstrip', 'lstrip', 'lower', 'upper', 'title', 'split', 'rsplit', 'join', 'replace', 'format', 'startswith',
  'endswith', 'ljust', 'rjust', 'center', 'zfill', 'get', 'items', 'keys', 'values', 'append', 'add', 'count', 'find',
  'isdigit', 'isalpha', 'encode', 'decode', 'casefold', 'partition', 'rpartition',
]);

/**
 * True when every call under `root` is light: a builtin that reads or converts (by callee text), a
 * str method or a container read or append, or a call `alsoLight` accepts. Such a loop does little
 * work of its own and cannot reach state that other code observes (appends aside).
 */
export function onlyLightCalls(root: Node, alsoLight: (call: Node) => boolean = () => false): boolean {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'await' || node.type === 'yield') return false;
    if (node.type === 'call' && !alsoLight(node)) {
      const fn = node.childForFieldName('function');
      const light =
        (fn?.type === 'identifier' && LIGHT_BUILTINS.has(fn.text)) ||
        (fn?.type === 'attribute' && LIGHT_METHODS.has(fn.childForFieldName('attribute')?.text ?? ''));
      if (!light) return false;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return true;
}
