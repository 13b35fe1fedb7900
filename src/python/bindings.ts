// Binding facts: what kinds of value a name or expression may hold, so that a rule can tell a
// list from a set and stay silent when it cannot.
import type { CallSites } from './call-sites.js';
import type { Node } from './parser.js';
import type { Binding, Scope } from './scopes.js';
import { arrayOperatorKind, libraryAttributeKind, libraryCallKind, libraryMethodKind, librarySubscriptKind } from './array-kinds.js';
import { observedKey, type ObservedKinds } from './runtime-kinds.js';
import { callArguments, calleeShape, comparison, dottedName, methodCall, namedChildren, stringLiteral, stringPrefix, unparen } from './syntax.js';

export type ValueKind =
  | 'list'
  | 'tuple'
  | 'set'
  | 'frozenset'
  | 'dict'
  | 'str'
  | 'bytes'
  | 'ndarray'
  | 'DataFrame'
  | 'Series'
  /** A NumPy random generator (`default_rng()`, `RandomState()`): its samplers give arrays. */
  | 'Generator'
  /** The result of `df.groupby(...)`. */
  | 'GroupBy'
  | 'int'
  | 'float'
  | 'bool'
  | 'none'
  | 'range'
  | 'generator'
  | 'unknown';

const NUMERIC = new Set<ValueKind>(['int', 'float', 'bool']);

/** Calls (by qualified name) whose result kind is known. */
const CALL_KINDS: Record<string, ValueKind> = {
  list: 'list',
  sorted: 'list',
  tuple: 'tuple',
  set: 'set',
  frozenset: 'frozenset',
  dict: 'dict',
  'collections.OrderedDict': 'dict',
  'collections.defaultdict': 'dict',
  'collections.Counter': 'dict',
  str: 'str',
  repr: 'str',
  format: 'str',
  chr: 'str',
  bytes: 'bytes',
  bytearray: 'bytes',
  range: 'range',
  int: 'int',
  len: 'int',
  ord: 'int',
  float: 'float',
  bool: 'bool',
  isinstance: 'bool',
  map: 'generator',
  filter: 'generator',
  zip: 'generator',
  enumerate: 'generator',
  reversed: 'generator',
};

const STR_METHODS = new Set([
  'lower', 'upper', 'strip', 'lstrip', 'rstrip', 'replace', 'title', 'capitalize', 'casefold',
  'zfill', 'center', 'ljust', 'rjust', 'swapcase', 'expandtabs', 'format', 'format_map',
  'removeprefix', 'removesuffix', 'translate',
]);

/** Annotation names (after resolving imports) and the kinds they promise. */
const ANNOTATION_KINDS: Record<string, ValueKind> = {
  list: 'list', 'typing.List': 'list',
  tuple: 'tuple', 'typing.Tuple': 'tuple',
  set: 'set', 'typing.Set': 'set',
  frozenset: 'frozenset', 'typing.FrozenSet': 'frozenset',
  dict: 'dict', 'typing.Dict': 'dict', 'typing.DefaultDict': 'dict', 'typing.OrderedDict': 'dict',
  'collections.OrderedDict': 'dict', 'collections.defaultdict': 'dict', 'collections.Counter': 'dict', 'typing.Counter': 'dict',
  str: 'str', bytes: 'bytes', bytearray: 'bytes', int: 'int', float: 'float', bool: 'bool',
  'numpy.ndarray': 'ndarray', 'numpy.typing.NDArray': 'ndarray',
  'pandas.DataFrame': 'DataFrame', 'pandas.Series': 'Series',
};

/** Answers "what kind of value is this?" for one file; results are memoized per binding. */
export class BindingFacts {
  private readonly bindingKinds = new Map<Binding, Set<ValueKind>>();
  private readonly inProgress = new Set<Binding>();
  /** Answers by node id: several rules ask about the same call. */
  private readonly qualifiedNames = new Map<number, string | undefined>();
  private readonly calleeNames = new Map<number, string | undefined>();

  private readonly returnKinds = new Map<number, Set<ValueKind>>();

  constructor(
    private readonly scopeOf: (node: Node) => Scope,
    private readonly calls?: CallSites,
    /** Kinds a run observed (runtime-kinds.ts), used only where the static answer is 'unknown'. */
    private readonly observed?: ObservedKinds,
  ) {}

  /** The single kind `expr` holds, or 'unknown' when it may hold several or cannot be told. */
  kindOf(expr: Node): ValueKind {
    const kind = single(this.kindsOf(expr));
    if (kind !== 'unknown' || !this.observed) return kind;
    const node = unparen(expr);
    return this.observed.get(observedKey(node.startPosition.row + 1, node.text)) ?? kind;
  }

  /** Every kind `expr` may hold ('unknown' among them when some binding cannot be told). */
  kindsOf(expr: Node): Set<ValueKind> {
    const node = unparen(expr);
    switch (node.type) {
      case 'list':
      case 'list_comprehension':
        return new Set(['list']);
      case 'tuple':
        return new Set(['tuple']);
      case 'set':
      case 'set_comprehension':
        return new Set(['set']);
      case 'dictionary':
      case 'dictionary_comprehension':
        return new Set(['dict']);
      case 'generator_expression':
        return new Set(['generator']);
      case 'string':
        return new Set([stringPrefix(node).includes('b') ? 'bytes' : 'str']);
      case 'concatenated_string':
        return new Set([stringPrefix(namedChildren(node)[0] ?? node).includes('b') ? 'bytes' : 'str']);
      case 'integer':
        return new Set(['int']);
      case 'float':
        return new Set(['float']);
      case 'true':
      case 'false':
      case 'not_operator':
        return new Set(['bool']);
      case 'comparison_operator':
        return this.comparisonKinds(node);
      case 'none':
        return new Set(['none']);
      case 'identifier':
        return this.kindsOfName(node.text, this.scopeOf(node), node);
      case 'conditional_expression': {
        const [a, , b] = namedChildren(node);
        return a && b ? union(this.kindsOf(a), this.kindsOf(b)) : unknown();
      }
      case 'binary_operator':
        return this.binaryKinds(node);
      case 'unary_operator': {
        const arg = node.childForFieldName('argument');
        return arg ? this.kindsOf(arg) : unknown();
      }
      case 'call':
        return this.callKinds(node);
      case 'attribute':
        return this.attributeKinds(node);
      case 'subscript':
        return this.subscriptKinds(node);
      case 'named_expression': {
        const value = node.childForFieldName('value');
        return value ? this.kindsOf(value) : unknown();
      }
      default:
        return unknown();
    }
  }

  /**
   * Kinds of the name as seen from `scope`: the union over every binding of it that may reach
   * `at` (every binding when `at` is not given).
   */
  kindsOfName(name: string, scope: Scope, at?: Node): Set<ValueKind> {
    const owner = scope.resolve(name);
    // `global x` resolves to the module even when the module itself never binds x
    const all = owner?.bindings.get(name);
    if (!owner || !all) return unknown();
    const bindings = at && owner === scope.functionScope() ? reachingBindings(all, owner, at) : all;
    let kinds = new Set<ValueKind>();
    for (const binding of bindings) kinds = union(kinds, this.bindingKindsOf(binding));
    return kinds.size === 0 ? unknown() : kinds;
  }

  /** What `name` stands for when it is an import (`np` -> `numpy`), seen from `scope`. */
  importedAs(name: string, scope: Scope): string | undefined {
    const owner = scope.resolve(name);
    const bindings = owner?.bindings.get(name);
    if (!bindings) return undefined;
    const qualified = new Set(bindings.map((b) => (b.kind === 'import' ? b.qualified : undefined)));
    if (qualified.size !== 1) return undefined;
    return [...qualified][0];
  }

  /**
   * The qualified name of a dotted expression: imports resolved (`np.append` -> `numpy.append`),
   * unbound names taken as builtins (`list`). Undefined when the head is a local variable.
   */
  qualifiedName(expr: Node): string | undefined {
    const id = expr.id;
    if (this.qualifiedNames.has(id)) return this.qualifiedNames.get(id);
    const qualified = this.computeQualifiedName(expr);
    this.qualifiedNames.set(id, qualified);
    return qualified;
  }

  private computeQualifiedName(expr: Node): string | undefined {
    return this.qualify(dottedName(expr), expr);
  }

  /** qualifiedName for an expression whose dotted name is known. */
  private qualify(dotted: string | undefined, expr: Node): string | undefined {
    if (!dotted) return undefined;
    const [head, ...rest] = dotted.split('.');
    const scope = this.scopeOf(expr);
    const owner = scope.resolve(head);
    if (!owner) return dotted;
    const imported = this.importedAs(head, scope);
    if (!imported) return undefined;
    return [imported, ...rest].join('.');
  }

  /** Qualified name of a call's callee; see qualifiedName. */
  calleeQualifiedName(call: Node): string | undefined {
    const id = call.id;
    if (this.calleeNames.has(id)) return this.calleeNames.get(id);
    const shape = calleeShape(call);
    const qualified = !shape ? undefined : shape.dotted !== undefined ? this.qualify(shape.dotted, shape.node) : this.qualifiedName(shape.node);
    this.calleeNames.set(id, qualified);
    return qualified;
  }

  /** Kind a type annotation promises (`list[int]`, `Optional[List[str]]`, `np.ndarray`). */
  annotationKind(annotation: Node): ValueKind {
    let node = unparen(annotation);
    if (node.type === 'type') node = namedChildren(node)[0] ?? node;
    if (node.type === 'generic_type' || node.type === 'subscript') {
      const head = node.type === 'subscript' ? node.childForFieldName('value') : namedChildren(node)[0];
      const headName = head ? this.qualifiedName(head) ?? head.text : '';
      if (headName === 'typing.Optional' || headName === 'Optional') {
        const args = node.type === 'subscript' ? node.childForFieldName('subscript') : namedChildren(node)[1];
        const inner = args ? namedChildren(args)[0] ?? args : undefined;
        return inner ? this.annotationKind(inner) : 'unknown';
      }
      return head ? this.annotationKind(head) : 'unknown';
    }
    if (node.type === 'binary_operator') {
      // `list[int] | None`
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const kinds = [left, right].filter((n): n is Node => !!n).map((n) => this.annotationKind(n));
      const real = kinds.filter((k) => k !== 'none');
      return real.length === 1 ? real[0] : 'unknown';
    }
    if (node.type === 'none') return 'none';
    if (node.type === 'string') {
      // a forward reference: `x: "np.ndarray"`
      const text = stringLiteral(node)?.trim();
      return text && /^[A-Za-z_][\w.]*$/.test(text) ? ANNOTATION_KINDS[this.qualify(text, node) ?? text] ?? 'unknown' : 'unknown';
    }
    const name = this.qualifiedName(node) ?? node.text;
    return ANNOTATION_KINDS[name] ?? ANNOTATION_KINDS[`typing.${name}`] ?? 'unknown';
  }

  private bindingKindsOf(binding: Binding): Set<ValueKind> {
    const cached = this.bindingKinds.get(binding);
    if (cached) return cached;
    // A binding that reads itself (`s = s + "x"`) adds no kind of its own beyond what the name's
    // other bindings give it; answering 'unknown' here would poison every self-update.
    if (this.inProgress.has(binding)) return new Set();
    this.inProgress.add(binding);
    let kinds: Set<ValueKind>;
    try {
      kinds = this.computeBindingKinds(binding);
    } finally {
      this.inProgress.delete(binding);
    }
    this.bindingKinds.set(binding, kinds);
    return kinds;
  }

  private computeBindingKinds(binding: Binding): Set<ValueKind> {
    const fromAnnotation = binding.annotation ? this.annotationKind(binding.annotation) : 'unknown';
    if (fromAnnotation !== 'unknown' && fromAnnotation !== 'none') return new Set([fromAnnotation]);
    switch (binding.kind) {
      case 'assign':
      case 'walrus':
        return binding.value ? this.kindsOf(binding.value) : unknown();
      case 'param': {
        const kinds = binding.value && defaultShowsKind(binding) ? this.kindsOf(binding.value) : undefined;
        if (kinds && !kinds.has('none')) return kinds;
        // `def f(items)` / `def f(items=None)`: what the module's own callers pass, when they all agree
        return this.passedKinds(binding) ?? unknown();
      }
      case 'augassign':
        // `x += y` keeps the kind of x for every kind we track (list, str, numbers, arrays)
        return new Set();
      default:
        return unknown();
    }
  }

  /**
   * The kinds every call of the parameter's function in this module passes for it; undefined
   * when a call cannot be read, passes nothing, or the function may be called from elsewhere in
   * ways the module does not show (used as a value).
   */
  private passedKinds(binding: Binding): Set<ValueKind> | undefined {
    if (!this.calls) return undefined;
    const slot = this.calls.slotOf(binding.site, binding.name);
    if (!slot) return undefined;
    const sites = this.calls.callsOf(slot.fn);
    if (!sites || sites.length === 0) return undefined;
    let kinds = new Set<ValueKind>();
    for (const call of sites) {
      const arg = this.calls.argumentFor(call, slot);
      if (!arg || arg === 'missing') return undefined;
      kinds = union(kinds, this.kindsOf(arg));
    }
    return kinds.size === 0 ? undefined : kinds;
  }

  /** What a def of this module returns: the kinds of its `return` values (generator when it yields). */
  private returnedKinds(fn: Node): Set<ValueKind> {
    const cached = this.returnKinds.get(fn.id);
    if (cached) return cached;
    // a recursive function asking about itself adds nothing of its own
    this.returnKinds.set(fn.id, new Set());
    let kinds = new Set<ValueKind>();
    let returns = 0;
    const body = fn.childForFieldName('body');
    const stack: Node[] = body ? [body] : [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
      if (node.type === 'yield') {
        kinds = new Set(['generator']);
        returns = -1;
        break;
      }
      if (node.type === 'return_statement') {
        returns++;
        const value = namedChildren(node)[0];
        kinds = union(kinds, value ? this.kindsOf(value) : new Set(['none']));
      }
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
    const answer = returns === 0 ? unknown() : kinds;
    this.returnKinds.set(fn.id, answer);
    return answer;
  }

  /** `a > limit` on an array is an array of booleans; on anything else a bool. */
  private comparisonKinds(node: Node): Set<ValueKind> {
    const cmp = comparison(node);
    if (cmp && RELATIONAL.has(cmp.op)) {
      const kind = arrayOperatorKind(this.kindOf(cmp.left), this.kindOf(cmp.right));
      if (kind) return new Set([kind]);
    }
    return new Set(['bool']);
  }

  private binaryKinds(node: Node): Set<ValueKind> {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.type ?? '';
    if (!left || !right) return unknown();
    const l = single(this.kindsOf(left));
    const r = single(this.kindsOf(right));
    const array = arrayOperatorKind(l, r);
    if (array) return new Set([array]);
    if (op === '+') {
      if (l === r && (l === 'list' || l === 'tuple' || l === 'str' || l === 'bytes')) return new Set([l]);
      if ((l === 'list' && r === 'unknown') || (r === 'list' && l === 'unknown')) return new Set(['list']);
      if ((l === 'str' && r === 'unknown') || (r === 'str' && l === 'unknown')) return new Set(['str']);
    }
    if (op === '*') {
      for (const [a, b] of [[l, r], [r, l]] as const) {
        if ((a === 'list' || a === 'tuple' || a === 'str' || a === 'bytes') && b === 'int') return new Set([a]);
      }
    }
    if (op === '%' && (l === 'str' || l === 'bytes')) return new Set([l]);
    if (NUMERIC.has(l) && NUMERIC.has(r)) {
      if (op === '/' || l === 'float' || r === 'float') return new Set(['float']);
      return new Set(['int']);
    }
    if (op === '|' || op === '&' || op === '-' || op === '^') {
      if ((l === 'set' || l === 'frozenset') && l === r) return new Set([l]);
      if (op === '|' && l === 'dict' && r === 'dict') return new Set(['dict']);
    }
    return unknown();
  }

  private callKinds(call: Node): Set<ValueKind> {
    const qualified = this.calleeQualifiedName(call);
    if (qualified) {
      // `from builtins import dict as D` / `builtins.list(x)` are the builtins themselves
      const known = CALL_KINDS[qualified] ?? CALL_KINDS[qualified.replace(/^builtins\./, '')];
      if (known) return new Set([known]);
      const library = libraryCallKind(qualified, callArguments(call), (e) => this.kindOf(e));
      if (library) return new Set([library]);
    }
    const def = this.calls?.calleeDef(call);
    if (def) {
      const kinds = this.returnedKinds(def);
      return kinds.size === 0 ? unknown() : kinds;
    }
    const method = methodCall(call);
    if (!method) return unknown();
    const receiver = method.receiver;
    switch (method.method) {
      case 'split':
      case 'rsplit':
      case 'splitlines':
      case 'readlines':
      case 'tolist':
        return new Set(['list']);
      case 'join': {
        const kind = this.kindOf(receiver);
        return new Set([kind === 'bytes' ? 'bytes' : 'str']);
      }
      case 'encode':
        return new Set(['bytes']);
      case 'decode':
        return new Set(['str']);
      case 'copy':
        return this.kindsOf(receiver);
      case 'to_numpy':
        return new Set(['ndarray']);
      default: {
        const kind = this.kindOf(receiver);
        if (kind === 'str' && STR_METHODS.has(method.method)) return new Set(['str']);
        const library = libraryMethodKind(kind, method.method, callArguments(call), (e) => this.kindOf(e));
        if (library) return new Set([library]);
        if ((kind === 'set' || kind === 'frozenset') && ['union', 'intersection', 'difference', 'symmetric_difference'].includes(method.method)) {
          return new Set([kind]);
        }
        return unknown();
      }
    }
  }

  private attributeKinds(node: Node): Set<ValueKind> {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    if (!object || !attr) return unknown();
    if (object.type === 'identifier') {
      const scope = this.scopeOf(node).functionScope();
      const cls = scope.enclosingClass();
      if (cls && scope.selfName === object.text) {
        const bindings = cls.attributes.get(attr.text) ?? [];
        const classLevel = cls.bindings.get(attr.text) ?? [];
        const all = [...bindings, ...classLevel];
        if (all.length === 0) return unknown();
        let kinds = new Set<ValueKind>();
        for (const b of all) kinds = union(kinds, this.bindingKindsOf(b));
        return kinds.size === 0 ? unknown() : kinds;
      }
    }
    const library = libraryAttributeKind(this.kindOf(object), attr.text);
    return library ? new Set([library]) : unknown();
  }

  private subscriptKinds(node: Node): Set<ValueKind> {
    const value = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    if (!value || !index) return unknown();
    const kind = this.kindOf(value);
    const isSlice = index.type === 'slice';
    if (kind === 'str' || kind === 'bytes') return new Set([kind]);
    if ((kind === 'list' || kind === 'tuple') && isSlice) return new Set([kind]);
    const library = librarySubscriptKind(kind, node.childrenForFieldName('subscript').filter((n): n is Node => n !== null), (e) => this.kindOf(e));
    return library ? new Set([library]) : unknown();
  }
}

const RELATIONAL = new Set(['<', '>', '<=', '>=', '==', '!=']);

/**
 * The bindings of a name that may reach a read at `at` in the scope that owns them: the last
 * plain assignment standing directly in the scope's body before the read, and every binding after
 * it (a later one may reach the read around a loop). Earlier bindings are overwritten on every
 * path, so `X = np.asarray(X)` makes `X` an array whatever the parameter was.
 */
function reachingBindings(bindings: Binding[], owner: Scope, at: Node): Binding[] {
  const body = owner.kind === 'module' ? owner.node : owner.kind === 'function' ? owner.node.childForFieldName('body') : null;
  if (!body) return bindings;
  let cut = -1;
  for (let i = 0; i < bindings.length; i++) {
    const b = bindings[i];
    if (b.kind !== 'assign' || !b.value || b.site.endIndex > at.startIndex) continue;
    if (b.site.type !== 'assignment' || b.site.parent?.type !== 'expression_statement' || b.site.parent.parent?.id !== body.id) continue;
    if (cut < 0 || b.site.startIndex > bindings[cut].site.startIndex) cut = i;
  }
  if (cut < 0) return bindings;
  const from = bindings[cut].site.startIndex;
  return bindings.filter((b) => b.site.startIndex >= from);
}

/** Collapses a kind set: one known kind, or 'unknown'. */
/**
 * True when a parameter's default value says what kind its callers pass. It does not when an
 * annotation names a broader type (`omit: Collection[int] = ()`: callers pass sets too), nor for
 * the empty tuple, the idiomatic immutable "nothing" default of any collection.
 */
export function defaultShowsKind(binding: Binding): boolean {
  if (binding.kind !== 'param' || !binding.value) return false;
  if (binding.annotation) return false;
  const value = unparen(binding.value);
  return !(value.type === 'tuple' && namedChildren(value).length === 0);
}

export function single(kinds: Set<ValueKind>): ValueKind {
  if (kinds.size !== 1) return 'unknown';
  return [...kinds][0];
}

function unknown(): Set<ValueKind> {
  return new Set(['unknown']);
}

function union(a: Set<ValueKind>, b: Set<ValueKind>): Set<ValueKind> {
  const out = new Set(a);
  for (const k of b) out.add(k);
  return out;
}

export { callArguments };
