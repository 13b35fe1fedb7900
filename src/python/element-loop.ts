// Element-wise loops over NumPy arrays: a `for` loop whose body reads and writes arrays one
// element per iteration (`out[i] = a[i] * 2 + b[i]`, `total += a[i]`, `if a[i] > t: n += 1`).
// Says which arrays it walks, whether a value is carried from one iteration to the next (a
// recurrence, which does not vectorize mechanically), and, when it can be derived from the body
// alone, the whole-array statements that compute the same thing.
import { compiledBy } from './compiled.js';
import type { FileFacts } from './facts.js';
import type { Node } from './parser.js';
import { callArguments, comparison, namedChildren, statements, unparen } from './syntax.js';

export interface ElementLoop {
  /** Arrays read or written one element per iteration, by name. */
  arrays: string[];
  /** The first statement that reads a value an earlier iteration wrote, when there is one. */
  carried?: Node;
  /** Whole-array statements doing the loop's work, when they follow mechanically from the body. */
  vector?: string[];
}

/** `math` functions and the NumPy ufuncs that compute the same per element. */
const MATH_UFUNCS: Record<string, string> = {
  sqrt: 'sqrt', exp: 'exp', log10: 'log10', log2: 'log2', log1p: 'log1p', expm1: 'expm1', sin: 'sin',
  cos: 'cos', tan: 'tan', asin: 'arcsin', acos: 'arccos', atan: 'arctan', atan2: 'arctan2', sinh: 'sinh',
  cosh: 'cosh', tanh: 'tanh', floor: 'floor', ceil: 'ceil', trunc: 'trunc', fabs: 'abs', hypot: 'hypot',
  isnan: 'isnan', isinf: 'isinf', isfinite: 'isfinite', pow: 'power', degrees: 'degrees', radians: 'radians',
};

/** Builtins that act per element, and their ufuncs (two-argument `min`/`max` only). */
const BUILTIN_UFUNCS: Record<string, string> = { abs: 'abs', min: 'minimum', max: 'maximum', pow: 'power', round: 'round' };

/** NumPy functions that are ufuncs (or act like one) on scalars, so a call per element is allowed. */
const NUMPY_SCALAR_FUNCS = new Set([
  'sqrt', 'exp', 'log', 'log10', 'log2', 'log1p', 'expm1', 'sin', 'cos', 'tan', 'arcsin', 'arccos', 'arctan',
  'arctan2', 'sinh', 'cosh', 'tanh', 'floor', 'ceil', 'trunc', 'abs', 'absolute', 'fabs', 'hypot', 'isnan', 'isinf',
  'isfinite', 'power', 'sign', 'square', 'maximum', 'minimum', 'fmax', 'fmin', 'clip', 'round', 'rint', 'where',
]);

const ARITHMETIC_STATEMENTS = new Set(['expression_statement', 'if_statement', 'pass_statement']);

interface Walk {
  facts: FileFacts;
  loop: Node;
  /** Loop index name (`for i in range(...)`, `enumerate`), undefined for `for x in a`. */
  index?: string;
  /** Element names and the array each stands for (`for x in a`, `for i, x in enumerate(a)`). */
  elements: Map<string, string>;
  /** Names the loop rebinds (temporaries and accumulators). */
  assigned: Set<string>;
  arrays: Set<string>;
  written: Set<string>;
  /** Temporaries already written in this iteration, in body order. */
  fresh: Set<string>;
  carried?: Node;
  /** The derivation fails, but the loop is still element-wise. */
  noVector: boolean;
  usesIndex: boolean;
  /** Set by `translate` when a neighbour (`a[i - 1]`) is read: shifted views need slices. */
  offsets: boolean;
}

/**
 * The element-wise reading of a `for` loop, or undefined when the loop is something else: it
 * calls functions other than math and ufuncs, leaves early, nests another loop, touches a whole
 * array per iteration, or indexes no array with its index.
 */
export function elementLoop(facts: FileFacts, loop: Node): ElementLoop | undefined {
  if (loop.type !== 'for_statement' || loop.childForFieldName('alternative')) return undefined;
  if (loop.children.some((c) => c?.type === 'async')) return undefined;
  const head = loopHead(facts, loop);
  if (!head) return undefined;
  const walk: Walk = {
    facts,
    loop,
    index: head.index,
    elements: head.elements,
    assigned: facts.loops.assignedIn(loop).names,
    arrays: new Set(head.elements.values()),
    written: new Set(),
    fresh: new Set(),
    noVector: false,
    usesIndex: false,
    offsets: false,
  };
  const body = statements(loop.childForFieldName('body'));
  const vector: string[] = [];
  for (const stmt of body) {
    const out = statement(walk, stmt, head.slice);
    if (out === undefined) return undefined;
    if (out === null) walk.noVector = true;
    else vector.push(...out);
  }
  if (walk.arrays.size === 0) return undefined;
  const derivable = !walk.noVector && !walk.carried && !walk.usesIndex && !walk.offsets && vector.length > 0;
  return { arrays: [...walk.arrays], carried: walk.carried, vector: derivable ? vector : undefined };
}

interface Head {
  index?: string;
  elements: Map<string, string>;
  /** Slice text that restricts whole arrays to the loop's range (`''` for the whole array). */
  slice: string;
}

function loopHead(facts: FileFacts, loop: Node): Head | undefined {
  const left = loop.childForFieldName('left');
  const right = loop.childForFieldName('right');
  if (!left || !right) return undefined;
  const iter = unparen(right);
  const target = unparen(left);
  const isArray = (n: Node) => n.type === 'identifier' && facts.bindings.kindOf(n) === 'ndarray';
  if (iter.type === 'call') {
    const name = facts.bindings.calleeQualifiedName(iter);
    const { positional, keywords, starred } = callArguments(iter);
    if (starred || keywords.size > 0) return undefined;
    if (name === 'range' && target.type === 'identifier' && positional.length >= 1 && positional.length <= 2) {
      const [start, stop] = positional.length === 1 ? [undefined, positional[0]] : positional;
      return { index: target.text, elements: new Map(), slice: rangeSlice(facts, start, stop) };
    }
    if (name === 'enumerate' && positional.length === 1 && isArray(unparen(positional[0]))) {
      const items = target.type === 'pattern_list' || target.type === 'tuple_pattern' ? namedChildren(target) : [];
      if (items.length !== 2 || items.some((i) => i.type !== 'identifier')) return undefined;
      return { index: items[0].text, elements: new Map([[items[1].text, unparen(positional[0]).text]]), slice: '' };
    }
    if (name === 'zip' && positional.length >= 2 && positional.every((p) => isArray(unparen(p)))) {
      const items = target.type === 'pattern_list' || target.type === 'tuple_pattern' ? namedChildren(target) : [];
      if (items.length !== positional.length || items.some((i) => i.type !== 'identifier')) return undefined;
      return { elements: new Map(items.map((item, k) => [item.text, unparen(positional[k]).text])), slice: '' };
    }
    return undefined;
  }
  if (isArray(iter) && target.type === 'identifier') return { elements: new Map([[target.text, iter.text]]), slice: '' };
  return undefined;
}

/** `''` when `range(stop)` covers a whole array (`len(a)`, `a.shape[0]`, `a.size`, or a name bound to one), else `[start:stop]`. */
function rangeSlice(facts: FileFacts, start: Node | undefined, stop: Node): string {
  const from = start && unparen(start).text !== '0' ? unparen(start).text : '';
  return !from && coversArray(facts, stop) ? '' : `[${from}:${unparen(stop).text}]`;
}

function coversArray(facts: FileFacts, stop: Node): boolean {
  const s = unparen(stop);
  if (s.type === 'identifier') {
    const bindings = facts.scopeOf(s).resolve(s.text)?.bindings.get(s.text) ?? [];
    if (bindings.length !== 1 || bindings[0].kind !== 'assign' || !bindings[0].value) return false;
    const value = unparen(bindings[0].value);
    // `n, m = a.shape`: n is the first extent
    const site = bindings[0].site.childForFieldName('left');
    if (site && site.type !== 'identifier' && value.type === 'attribute') {
      const first = namedChildren(unparen(site))[0];
      return first?.text === s.text && isShapeOf(facts, value);
    }
    return value.id !== s.id && value.type !== 'identifier' && coversArray(facts, value);
  }
  if (s.type === 'call' && facts.bindings.calleeQualifiedName(s) === 'len') {
    const arg = callArguments(s).positional[0];
    return !!arg && facts.bindings.kindOf(arg) === 'ndarray';
  }
  if (s.type === 'subscript') {
    const value = s.childForFieldName('value');
    return unparen(s.childForFieldName('subscript') ?? s).text === '0' && !!value && isShapeOf(facts, unparen(value));
  }
  if (s.type === 'attribute' && s.childForFieldName('attribute')?.text === 'size') {
    const object = s.childForFieldName('object');
    return !!object && facts.bindings.kindOf(object) === 'ndarray';
  }
  return false;
}

function isShapeOf(facts: FileFacts, node: Node): boolean {
  if (node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'shape') return false;
  const object = node.childForFieldName('object');
  return !!object && facts.bindings.kindOf(object) === 'ndarray';
}

/**
 * One body statement: the whole-array statements it becomes, `null` when it is element-wise but
 * not derivable, undefined when it is not element-wise at all.
 */
function statement(w: Walk, stmt: Node, slice: string): string[] | null | undefined {
  if (!ARITHMETIC_STATEMENTS.has(stmt.type)) return undefined;
  if (stmt.type === 'pass_statement') return [];
  if (stmt.type === 'if_statement') return ifStatement(w, stmt, slice);
  const expr = namedChildren(stmt)[0];
  if (!expr) return undefined;
  if (expr.type === 'assignment') return assignment(w, expr, slice);
  if (expr.type === 'augmented_assignment') return augmented(w, expr, slice);
  return undefined;
}

function assignment(w: Walk, node: Node, slice: string): string[] | null | undefined {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right || node.childForFieldName('type')) return undefined;
  const l = unparen(left);
  if (l.type === 'subscript') {
    const value = translate(w, right, slice, node);
    const target = elementTarget(w, l, node);
    if (!target || value === undefined) return undefined;
    return value === null ? null : [`${writeTarget(w, target, slice)} = ${value}`];
  }
  if (l.type !== 'identifier' || w.elements.has(l.text) || l.text === w.index) return undefined;
  // `s = s + x`: an accumulator written the long way
  const r = unparen(right);
  if (r.type === 'binary_operator' && unparen(r.childForFieldName('left')!).text === l.text && ['+', '*'].includes(r.childForFieldName('operator')?.type ?? '')) {
    if (readsName(r.childForFieldName('right')!, l.text)) return markCarried(w, node);
    return reduction(w, l.text, `${r.childForFieldName('operator')!.type}=`, r.childForFieldName('right')!, slice, node);
  }
  if (readsName(right, l.text)) {
    // still element-wise only when the rest of the value is
    if (translate(w, right, slice, node) === undefined) return undefined;
    return markCarried(w, node);
  }
  const value = translate(w, right, slice, node);
  if (value === undefined) return undefined;
  // a temporary read later in the same iteration; read earlier it carries the last iteration's value
  w.fresh.add(l.text);
  return value === null ? null : [`${l.text} = ${value}`];
}

function augmented(w: Walk, node: Node, slice: string): string[] | null | undefined {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  const op = node.childForFieldName('operator')?.type ?? '';
  if (!left || !right) return undefined;
  const l = unparen(left);
  if (l.type === 'subscript') {
    const target = elementTarget(w, l, node);
    const value = translate(w, right, slice, node);
    if (!target || value === undefined) return undefined;
    return value === null ? null : [`${writeTarget(w, target, slice)} ${op} ${value}`];
  }
  if (l.type !== 'identifier' || w.elements.has(l.text) || l.text === w.index) return undefined;
  if (readsName(right, l.text)) return markCarried(w, node);
  return reduction(w, l.text, op, right, slice, node);
}

/** `acc += e` over the loop: `acc += e.sum()` (a product for `*=`). */
function reduction(w: Walk, acc: string, op: string, right: Node, slice: string, node: Node, where?: string): string[] | null | undefined {
  if (w.fresh.has(acc) || readsElsewhere(w, acc, node)) return markCarried(w, node);
  const value = translate(w, right, slice, node);
  if (value === undefined) return undefined;
  if (value === null) return null;
  const perElement = mentionsArray(w, right);
  if (op === '+=' || op === '-=') {
    if (where !== undefined) {
      if (unparen(right).text === '1') return [`${acc} ${op} np.count_nonzero(${where})`];
      return [`${acc} ${op} ${perElement ? `${wrap(value)}[${where}].sum()` : `${wrap(value)} * np.count_nonzero(${where})`}`];
    }
    return perElement ? [`${acc} ${op} ${wrap(value)}.sum()`] : null;
  }
  if (op === '*=' && where === undefined && perElement) return [`${acc} *= ${wrap(value)}.prod()`];
  return null;
}

function ifStatement(w: Walk, node: Node, slice: string): string[] | null | undefined {
  const cond = node.childForFieldName('condition');
  const consequence = statements(node.childForFieldName('consequence'));
  const alternatives = node.childrenForFieldName('alternative').filter((c): c is Node => c !== null);
  if (!cond) return undefined;
  // `if a[i] > best: best = a[i]`: a running maximum
  const extreme = runningExtreme(w, node, consequence, alternatives, slice);
  if (extreme) return extreme === 'carried' ? markCarried(w, node) : [extreme];
  const c = translate(w, cond, slice, node);
  if (c === undefined) return undefined;
  const elseBody = alternatives.length === 1 && alternatives[0].type === 'else_clause' ? statements(alternatives[0].childForFieldName('body')) : alternatives.length === 0 ? [] : undefined;
  if (!elseBody) return undefined;
  // `if c: n += 1`: a conditional count or sum
  if (consequence.length === 1 && elseBody.length === 0) {
    const expr = namedChildren(consequence[0])[0];
    if (consequence[0].type === 'expression_statement' && expr?.type === 'augmented_assignment') {
      const left = unparen(expr.childForFieldName('left')!);
      const right = expr.childForFieldName('right')!;
      if (left.type === 'identifier' && !readsName(right, left.text) && !readsName(cond, left.text)) {
        return reduction(w, left.text, expr.childForFieldName('operator')?.type ?? '', right, slice, expr, c === null ? undefined : c) ?? undefined;
      }
    }
  }
  // `if c: out[i] = x else: out[i] = y`: np.where
  const one = (body: Node[]) => (body.length === 1 && body[0].type === 'expression_statement' ? namedChildren(body[0])[0] : undefined);
  const yes = one(consequence);
  const no = elseBody.length === 0 ? undefined : one(elseBody);
  if (yes?.type === 'assignment' && (elseBody.length === 0 || no?.type === 'assignment')) {
    const yl = unparen(yes.childForFieldName('left')!);
    const nl = no ? unparen(no.childForFieldName('left')!) : undefined;
    if (yl.type === 'subscript' && (!nl || nl.text === yl.text)) {
      const target = elementTarget(w, yl, yes);
      const x = translate(w, yes.childForFieldName('right')!, slice, yes);
      const y = no ? translate(w, no.childForFieldName('right')!, slice, no) : `${target}${slice}`;
      if (!target || x === undefined || y === undefined) return undefined;
      if (c === null || x === null || y === null) return null;
      return [`${writeTarget(w, target, slice)} = np.where(${c}, ${x}, ${y})`];
    }
  }
  // anything else element-wise inside the branches: still element-wise, not derived here
  for (const s of [...consequence, ...elseBody]) if (statement(w, s, slice) === undefined) return undefined;
  return null;
}

/** `if a[i] > best: best = a[i]` (or `<`): `best = max(best, a.max())`; 'carried' when `best` is read elsewhere. */
function runningExtreme(w: Walk, ifNode: Node, consequence: Node[], alternatives: Node[], slice: string): string | 'carried' | undefined {
  const cond = ifNode.childForFieldName('condition')!;
  const cmp = comparison(unparen(cond));
  if (!cmp || alternatives.length > 0 || consequence.length !== 1 || consequence[0].type !== 'expression_statement') return undefined;
  const assign = namedChildren(consequence[0])[0];
  if (assign?.type !== 'assignment') return undefined;
  const acc = unparen(assign.childForFieldName('left')!);
  const value = unparen(assign.childForFieldName('right')!);
  if (acc.type !== 'identifier' || !['<', '<=', '>', '>='].includes(cmp.op)) return undefined;
  const l = unparen(cmp.left).text;
  const r = unparen(cmp.right).text;
  let which: 'max' | 'min' | undefined;
  if (l === value.text && r === acc.text) which = cmp.op.startsWith('>') ? 'max' : 'min';
  else if (r === value.text && l === acc.text) which = cmp.op.startsWith('>') ? 'min' : 'max';
  if (!which) return undefined;
  if (readsElsewhere(w, acc.text, ifNode) || w.fresh.has(acc.text)) return 'carried';
  const v = translate(w, value, slice, assign);
  if (!v || !mentionsArray(w, value)) return undefined;
  return `${acc.text} = ${which}(${acc.text}, ${wrap(v)}.${which}())`;
}

/**
 * How the whole-array statement writes `target`: `out = ...` when `out` is a float buffer the
 * function allocated for this (`np.empty(n)`, `np.zeros(n)`), else in place (`out[:] = ...`,
 * which keeps its dtype and every other reference to it).
 */
function writeTarget(w: Walk, target: string, slice: string): string {
  if (slice) return `${target}${slice}`;
  const fn = w.facts.enclosingFunction(w.loop);
  const bindings = w.facts.scopeOf(w.loop).resolve(target)?.bindings.get(target) ?? [];
  const only = bindings.length === 1 ? bindings[0] : undefined;
  const value = only?.kind === 'assign' && only.value ? unparen(only.value) : undefined;
  if (!fn || !value || value.type !== 'call' || w.facts.enclosingFunction(value)?.id !== fn.id) return `${target}[:]`;
  const name = w.facts.bindings.calleeQualifiedName(value);
  const { keywords, positional } = callArguments(value);
  const buffer = (name === 'numpy.empty' || name === 'numpy.zeros' || name === 'numpy.ones') && positional.length === 1 && keywords.size === 0;
  return buffer ? target : `${target}[:]`;
}

/** `out[i]` as a write target: the array's name, or undefined when it is not an element of an ndarray. */
function elementTarget(w: Walk, target: Node, stmt: Node): string | undefined {
  const ref = elementRef(w, target);
  if (!ref) return undefined;
  if (ref.offset !== 0) {
    markCarried(w, stmt);
    return ref.array;
  }
  w.arrays.add(ref.array);
  w.written.add(ref.array);
  return ref.array;
}

/** `a[i]`, `a[i - 1]` with `a` an ndarray and `i` the loop index: the array and the offset. */
function elementRef(w: Walk, node: Node): { array: string; offset: number } | undefined {
  const value = node.childForFieldName('value');
  const indexes = node.childrenForFieldName('subscript');
  const index = indexes.length === 1 ? indexes[0] : null;
  if (!value || !index || !w.index) return undefined;
  const v = unparen(value);
  if (v.type !== 'identifier' || w.facts.bindings.kindOf(v) !== 'ndarray' || w.assigned.has(v.text)) return undefined;
  const ix = unparen(index);
  if (ix.type === 'identifier' && ix.text === w.index) return { array: v.text, offset: 0 };
  if (ix.type === 'binary_operator') {
    const a = unparen(ix.childForFieldName('left')!);
    const b = unparen(ix.childForFieldName('right')!);
    const op = ix.childForFieldName('operator')?.type;
    if (a.text === w.index && b.type === 'integer' && (op === '+' || op === '-')) return { array: v.text, offset: (op === '-' ? -1 : 1) * Number(b.text) };
  }
  return undefined;
}

/**
 * The whole-array form of an element expression: `a[i] * 2 + b[i]` -> `a * 2 + b`. `null` when
 * it is element-wise but has no mechanical whole-array form, undefined when it is not element-wise.
 */
function translate(w: Walk, expr: Node, slice: string, stmt: Node): string | null | undefined {
  const node = unparen(expr);
  const parenthesized = expr.type === 'parenthesized_expression';
  const wrapIf = (s: string | null | undefined) => (s && parenthesized ? `(${s})` : s);
  switch (node.type) {
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'none':
      return node.text;
    case 'identifier': {
      if (node.text === w.index) {
        w.usesIndex = true;
        return null;
      }
      const array = w.elements.get(node.text);
      if (array) return `${array}${slice}`;
      if (w.assigned.has(node.text)) {
        // a temporary read before this iteration wrote it holds the previous iteration's value
        if (!w.fresh.has(node.text)) {
          markCarried(w, stmt);
          return null;
        }
        return node.text;
      }
      // a loop-invariant: a scalar, unless it is a whole collection
      const kind = w.facts.bindings.kindOf(node);
      if (['ndarray', 'Series', 'DataFrame', 'list', 'tuple', 'dict', 'set'].includes(kind)) return undefined;
      return node.text;
    }
    case 'attribute': {
      // `self.decay`, `cfg.rate`: a loop-invariant value
      if (!w.facts.loops.isInvariant(node, w.loop)) return undefined;
      const kind = w.facts.bindings.kindOf(node);
      if (['ndarray', 'Series', 'DataFrame', 'list', 'tuple', 'dict', 'set'].includes(kind)) return undefined;
      return node.text;
    }
    case 'subscript': {
      const ref = elementRef(w, node);
      if (!ref) return undefined;
      w.arrays.add(ref.array);
      if (ref.offset !== 0) {
        if (w.written.has(ref.array) || writesLater(w, ref.array)) markCarried(w, stmt);
        w.offsets = true;
        return null;
      }
      return `${ref.array}${slice}`;
    }
    case 'binary_operator': {
      const l = translate(w, node.childForFieldName('left')!, slice, stmt);
      const r = translate(w, node.childForFieldName('right')!, slice, stmt);
      if (l === undefined || r === undefined) return undefined;
      if (l === null || r === null) return null;
      return wrapIf(`${l} ${node.childForFieldName('operator')!.type} ${r}`);
    }
    case 'unary_operator': {
      const arg = translate(w, node.childForFieldName('argument')!, slice, stmt);
      if (arg === undefined || arg === null) return arg;
      return wrapIf(`${node.childForFieldName('operator')!.type}${arg}`);
    }
    case 'not_operator': {
      const arg = translate(w, node.childForFieldName('argument')!, slice, stmt);
      return arg === undefined || arg === null ? arg : `~${wrap(arg)}`;
    }
    case 'boolean_operator': {
      const l = translate(w, node.childForFieldName('left')!, slice, stmt);
      const r = translate(w, node.childForFieldName('right')!, slice, stmt);
      if (l === undefined || r === undefined) return undefined;
      if (l === null || r === null) return null;
      const op = node.childForFieldName('operator')?.type === 'and' ? '&' : '|';
      return wrapIf(`${wrap(l)} ${op} ${wrap(r)}`);
    }
    case 'comparison_operator': {
      const operands = namedChildren(node);
      const parts = operands.map((o) => translate(w, o, slice, stmt));
      if (parts.some((p) => p === undefined)) return undefined;
      const cmp = comparison(node);
      if (!cmp || ['in', 'not in', 'is', 'is not'].includes(cmp.op) || parts.some((p) => p === null)) return cmp && !['in', 'not in'].includes(cmp.op) ? null : undefined;
      return wrapIf(`${parts[0]} ${cmp.op} ${parts[1]}`);
    }
    case 'conditional_expression': {
      const [a, c, b] = namedChildren(node);
      const parts = [c, a, b].map((p) => (p ? translate(w, p, slice, stmt) : undefined));
      if (parts.some((p) => p === undefined)) return undefined;
      if (parts.some((p) => p === null)) return null;
      return `np.where(${parts.join(', ')})`;
    }
    case 'call':
      return translateCall(w, node, slice, stmt);
    default:
      return undefined;
  }
}

function translateCall(w: Walk, call: Node, slice: string, stmt: Node): string | null | undefined {
  const name = w.facts.bindings.calleeQualifiedName(call);
  const { positional, keywords, starred } = callArguments(call);
  if (!name || starred || keywords.size > 0) return undefined;
  let ufunc: string | undefined;
  if (name.startsWith('math.')) ufunc = MATH_UFUNCS[name.slice(5)] ?? (name === 'math.log' && positional.length === 1 ? 'log' : undefined);
  else if (name.startsWith('numpy.') && NUMPY_SCALAR_FUNCS.has(name.slice(6))) ufunc = name.slice(6);
  else if (BUILTIN_UFUNCS[name] && (name === 'abs' || name === 'round' ? positional.length === 1 : positional.length === 2)) ufunc = BUILTIN_UFUNCS[name];
  else if (name === 'float' && positional.length === 1) {
    const arg = translate(w, positional[0], slice, stmt);
    return arg;
  }
  if (!ufunc) return undefined;
  const args = positional.map((p) => translate(w, p, slice, stmt));
  if (args.some((a) => a === undefined)) return undefined;
  if (args.some((a) => a === null)) return null;
  return `np.${ufunc}(${args.join(', ')})`;
}

function markCarried(w: Walk, stmt: Node): null {
  w.carried ??= stmt;
  return null;
}

/** True when `name` is read in the loop body outside `except` (a running value, not a pure accumulator). */
function readsElsewhere(w: Walk, name: string, except: Node): boolean {
  const body = w.loop.childForFieldName('body');
  const stack: Node[] = body ? [body] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.startIndex >= except.startIndex && node.endIndex <= except.endIndex) continue;
    if (node.type === 'identifier' && node.text === name) return true;
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** True when some statement of the loop writes an element of `array`. */
function writesLater(w: Walk, array: string): boolean {
  const body = w.loop.childForFieldName('body');
  const stack: Node[] = body ? [body] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = unparen(node.childForFieldName('left')!);
      if (left.type === 'subscript' && unparen(left.childForFieldName('value')!).text === array) return true;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

function readsName(node: Node, name: string): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'identifier' && current.text === name) return true;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** True when the expression reads an array element (so summing it over the loop means an array sum). */
function mentionsArray(w: Walk, node: Node): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'identifier' && (w.elements.has(current.text) || (w.fresh.has(current.text) && w.assigned.has(current.text)))) return true;
    if (current.type === 'subscript' && elementRef(w, current)) return true;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return false;
}

function wrap(s: string): string {
  return /^[\w.]+(\[[^\]]*\])?$/.test(s) || /^np\.\w+\(.*\)$/.test(s) ? s : `(${s})`;
}

/** Numba's compiling decorators: code under them runs as machine code, not in the interpreter. */
/** True when `node` sits in a function compiled by Numba (`@njit`, `@numba.jit(nopython=True)`, ...). */
export function compiledByNumba(facts: FileFacts, node: Node): boolean {
  return compiledBy(facts, node) !== undefined;
}
