// Small questions about tree-sitter-python nodes that many rules ask.
import type { Node } from './parser.js';

export const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);
export const COMPREHENSION_TYPES = new Set([
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);
export const SCOPE_TYPES = new Set(['module', 'function_definition', 'lambda', 'class_definition', ...COMPREHENSION_TYPES]);
export const LOOP_TYPES = new Set(['for_statement', 'while_statement', ...COMPREHENSION_TYPES]);

/**
 * A cache of answers about nodes, keyed by tree and node id: web-tree-sitter hands out a fresh
 * `Node` object on every access, and each question about one crosses into WebAssembly, so
 * answers several rules need (a call's callee, its arguments) are computed once per node.
 */
export function nodeMemo<V>(): (node: Node, compute: (node: Node) => V) => V {
  const byTree = new WeakMap<object, Map<number, V>>();
  return (node, compute) => {
    let table = byTree.get(node.tree);
    if (!table) {
      table = new Map();
      byTree.set(node.tree, table);
    }
    const id = node.id;
    if (table.has(id)) return table.get(id) as V;
    const value = compute(node);
    table.set(id, value);
    return value;
  };
}

/**
 * A field of a node (`left`, `right`, `body` ...), asked of the tree once per node and field:
 * the walk and several rules read the same fields of the same assignments and loops.
 */
export function field(node: Node, name: string): Node | null {
  const fields = fieldsMemo(node, () => new Map<string, Node | null>());
  let value = fields.get(name);
  if (value === undefined) {
    value = node.childForFieldName(name);
    fields.set(name, value);
  }
  return value;
}

const fieldsMemo = nodeMemo<Map<string, Node | null>>();

/** Strips any number of parentheses: `((x))` -> `x`. */
export function unparen(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.namedChildren.find((c) => c && c.type !== 'comment');
    if (!inner) return current;
    current = inner;
  }
  return current;
}

/** Text that can only be a dotted name (no brackets, comments, continuations, non-ASCII). */
const DOTTED_TEXT = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)+$/;
/** Constants that look like names but are not identifiers. */
const CONSTANT_PART = /(?:^|\.)\s*(?:None|True|False)\s*(?:\.|$)/;

/** `a.b.c` -> "a.b.c"; a bare name -> itself; anything else (calls, subscripts) -> undefined. */
export function dottedName(node: Node): string | undefined {
  // An identifier is its text; an attribute whose text can only be a dotted name is that text
  // without spaces: one or two calls into WebAssembly instead of a few per part.
  const type = node.type;
  if (type === 'identifier') return node.text;
  if (type === 'attribute') {
    const dotted = plainDotted(node.text);
    if (dotted !== undefined) return dotted;
  }
  return dottedNameFromTree(node);
}

/** The dotted name an attribute's text spells, when the text can only be one. */
function plainDotted(text: string): string | undefined {
  return DOTTED_TEXT.test(text) && !CONSTANT_PART.test(text) ? text.replace(/\s+/g, '') : undefined;
}

/** dottedName, asking the tree about each part. */
export function dottedNameFromTree(node: Node): string | undefined {
  const parts: string[] = [];
  let current: Node | null = unparen(node);
  while (current) {
    if (current.type === 'identifier') {
      parts.push(current.text);
      return parts.reverse().join('.');
    }
    if (current.type !== 'attribute') return undefined;
    const attr = current.childForFieldName('attribute');
    if (!attr) return undefined;
    parts.push(attr.text);
    const object = current.childForFieldName('object');
    current = object ? unparen(object) : null;
  }
  return undefined;
}

/** The callee node of a call (its `function` field), asked of the tree once per call. */
export function callee(call: Node): Node | undefined {
  return calleeShape(call)?.node;
}

/** A call's callee with its type and, for a name or a plain dotted name, that name. */
export interface CalleeShape {
  node: Node;
  type: string;
  /** `f` for `f(...)`, `a.b.c` for `a . b.c(...)`; undefined for anything else. */
  dotted?: string;
}

/** The callee of a call with its type and dotted name, asked of the tree once per call. */
export function calleeShape(call: Node): CalleeShape | undefined {
  return calleeShapes(call, computeCalleeShape);
}

const calleeShapes = nodeMemo<CalleeShape | undefined>();

function computeCalleeShape(call: Node): CalleeShape | undefined {
  // only calls have a `function` field
  const node = call.childForFieldName('function');
  if (!node) return undefined;
  const type = node.type;
  const dotted = type === 'identifier' ? node.text : type === 'attribute' ? plainDotted(node.text) : undefined;
  return { node, type, dotted };
}

/** The callee of a call as a dotted name (`np.append`), or undefined for computed callees. */
export function calleeName(call: Node): string | undefined {
  const fn = callee(call);
  return fn ? dottedName(fn) : undefined;
}

/** For `obj.method(...)`: the method name and the receiver node. */
export function methodCall(call: Node): { method: string; receiver: Node } | undefined {
  return methodCalls(call, computeMethodCall);
}

const methodCalls = nodeMemo<{ method: string; receiver: Node } | undefined>();

function computeMethodCall(call: Node): { method: string; receiver: Node } | undefined {
  // only calls have a callee
  const shape = calleeShape(call);
  if (!shape || shape.type !== 'attribute') return undefined;
  const fn = shape.node;
  if (shape.dotted !== undefined) {
    // `a.b.m(...)`: the method is the last part; the receiver is asked of the tree when wanted
    const method = shape.dotted.slice(shape.dotted.lastIndexOf('.') + 1);
    let receiver: Node | undefined;
    return {
      method,
      get receiver(): Node {
        return (receiver ??= fn.childForFieldName('object')!);
      },
    };
  }
  const attr = fn.childForFieldName('attribute');
  const object = fn.childForFieldName('object');
  if (!attr || !object) return undefined;
  return { method: attr.text, receiver: object };
}

/** Positional and keyword arguments of a call (keyword names without `=`). */
export function callArguments(call: Node): CallArguments {
  return callArgumentsMemo(call, computeCallArguments);
}

export interface CallArguments {
  positional: Node[];
  keywords: Map<string, Node>;
  starred: boolean;
}

const callArgumentsMemo = nodeMemo<CallArguments>();

function computeCallArguments(call: Node): CallArguments {
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  let starred = false;
  const args = call.childForFieldName('arguments');
  if (!args) return { positional, keywords, starred };
  if (args.type === 'generator_expression') return { positional: [args], keywords, starred };
  for (const arg of args.namedChildren) {
    if (!arg || arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) keywords.set(name.text, value);
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
      starred = true;
    } else {
      positional.push(arg);
    }
  }
  return { positional, keywords, starred };
}

/** Named children without comments (tree-sitter keeps comments as named nodes). */
export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
}

/** Statements of a block, skipping comments. */
export function statements(block: Node | null): Node[] {
  return block ? namedChildren(block) : [];
}

/** The operator token of a comparison (`in`, `not in`, `==` ...) when it has exactly two operands. */
export function comparison(node: Node): { left: Node; op: string; right: Node } | undefined {
  if (node.type !== 'comparison_operator') return undefined;
  const operands = namedChildren(node);
  if (operands.length !== 2) return undefined;
  const ops = node.children.filter((c): c is Node => c !== null && !c.isNamed).map((c) => c.type);
  const op = ops.join(' ');
  return { left: operands[0], op, right: operands[1] };
}

/** Identifier names read anywhere inside `node` (attribute names and keyword names excluded). */
export function identifiersIn(node: Node): string[] {
  return identifierNodes(node).map((n) => n.text);
}

/** Identifier nodes anywhere inside `node`, nested scopes included (attribute and keyword names excluded), optionally only those spelled `name`. */
export function identifierNodes(node: Node, name?: string): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'identifier') {
      if (name !== undefined && current.text !== name) continue;
      const parent = current.parent;
      const isAttrName = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === current.id;
      const isKwName = parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === current.id;
      if (!isAttrName && !isKwName) found.push(current);
      continue;
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return found;
}

/** True when `node` contains a node of one of `types` (itself included). */
export function contains(node: Node, types: Set<string>): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (types.has(current.type)) return true;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** True when `inner` lies within `outer` (same node included). */
export function isWithin(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** Python string literal value when it has no interpolation; undefined otherwise. */
export function stringLiteral(node: Node): string | undefined {
  const n = unparen(node);
  if (n.type !== 'string') return undefined;
  if (n.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return n.namedChildren
    .filter((c) => c?.type === 'string_content')
    .map((c) => c!.text)
    .join('');
}

/** The prefix letters of a string literal (`b`, `f`, `rb` ...), lower-cased. */
export function stringPrefix(node: Node): string {
  const start = node.namedChildren.find((c) => c?.type === 'string_start');
  const text = start ? start.text : node.text.slice(0, 3);
  return text.replace(/["']/g, '').toLowerCase();
}
