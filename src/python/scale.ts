// Evidence of scale: what the code itself says about how many items a loop runs over or a
// collection holds. A static rule cannot see sizes, but a literal of three items, `range(4)` or a
// module constant that nothing grows is evidence that a quadratic shape stays cheap, and a list
// read from a file is evidence that it does not. Every answer carries a few words of evidence.
import type { Node } from './parser.js';
import type { Binding, Scope } from './scopes.js';
import { callArguments, methodCall, namedChildren, stringLiteral, unparen } from './syntax.js';
import { MUTATING_METHODS } from './usage.js';

export type Size = 'small' | 'large' | 'unknown';

export interface SizeEvidence {
  size: Size;
  /** A few words a user can check: "a literal of 3 items", "lines read from a file". */
  evidence: string;
}

/** At most this many items counts as a handful: a loop over them cannot repeat work measurably. */
export const SMALL_COUNT = 16;
/** A literal `range()` at least this long is evidence of scale on its own. */
const LARGE_RANGE = 1000;

/** Calls (qualified) whose result holds data from outside the program: files, directories, queries. */
const FROM_OUTSIDE: Record<string, string> = {
  open: 'a file',
  'os.listdir': 'a directory listing',
  'os.walk': 'a directory walk',
  'os.scandir': 'a directory listing',
  'glob.glob': 'a directory listing',
  'glob.iglob': 'a directory listing',
  'csv.reader': 'rows of a CSV file',
  'csv.DictReader': 'rows of a CSV file',
  'json.load': 'data loaded from a JSON file',
  'json.loads': 'data parsed from JSON',
  'numpy.loadtxt': 'an array read from a file',
  'numpy.genfromtxt': 'an array read from a file',
  'numpy.load': 'an array read from a file',
  'pandas.read_csv': 'a frame read from a file',
  'pandas.read_json': 'a frame read from a file',
  'pandas.read_parquet': 'a frame read from a file',
  'pandas.read_excel': 'a frame read from a file',
  'pandas.read_sql': 'the rows of a query',
  'pandas.read_table': 'a frame read from a file',
};

/** Methods whose result is read from outside (a file object, a cursor, a path). */
const READ_METHODS: Record<string, string> = {
  readlines: 'lines read from a file',
  fetchall: 'rows fetched from a database',
  fetchmany: 'rows fetched from a database',
  iterdir: 'a directory listing',
  glob: 'a directory listing',
  rglob: 'a directory walk',
  read_text: 'a whole file read',
  read_bytes: 'a whole file read',
};

/** Wrappers whose result has as many items as their (first) argument. */
const SAME_SIZE = new Set(['enumerate', 'reversed', 'sorted', 'list', 'tuple', 'set', 'frozenset', 'iter', 'dict']);
const VIEW_METHODS = new Set(['items', 'keys', 'values', 'copy']);

export interface ScaleContext {
  scopeOf(node: Node): Scope;
  calleeQualifiedName(call: Node): string | undefined;
}

const UNKNOWN: SizeEvidence = { size: 'unknown', evidence: '' };

/** Answers "how big can this be?" for one file; memoized per node. */
export class ScaleFacts {
  private readonly answers = new Map<number, SizeEvidence>();
  private readonly inProgress = new Set<number>();
  private readonly mutatedNames = new Map<number, Set<string>>();

  constructor(private readonly ctx: ScaleContext) {}

  /** The number of items `expr` holds or yields, as far as the code shows it. */
  sizeOf(expr: Node): SizeEvidence {
    const node = unparen(expr);
    const cached = this.answers.get(node.id);
    if (cached) return cached;
    if (this.inProgress.has(node.id)) return UNKNOWN;
    this.inProgress.add(node.id);
    let answer: SizeEvidence;
    try {
      answer = this.compute(node);
    } finally {
      this.inProgress.delete(node.id);
    }
    this.answers.set(node.id, answer);
    return answer;
  }

  /** How many times a loop repeats its body: its iterables (all clauses of a comprehension). */
  loopSize(loop: Node): SizeEvidence {
    if (loop.type === 'while_statement') return UNKNOWN;
    const iterables: Node[] = [];
    if (loop.type === 'for_statement') {
      const right = loop.childForFieldName('right');
      if (right) iterables.push(right);
    } else {
      for (const clause of namedChildren(loop)) {
        if (clause.type !== 'for_in_clause') continue;
        const right = clause.childForFieldName('right');
        if (right) iterables.push(right);
      }
    }
    if (iterables.length === 0) return UNKNOWN;
    const sizes = iterables.map((i) => this.sizeOf(i));
    const large = sizes.find((s) => s.size === 'large');
    if (large) return large;
    if (sizes.every((s) => s.size === 'small')) return { size: 'small', evidence: sizes.map((s) => s.evidence).join(' and ') };
    return sizes.find((s) => s.evidence) ?? UNKNOWN;
  }

  private compute(node: Node): SizeEvidence {
    switch (node.type) {
      case 'list':
      case 'tuple':
      case 'set':
      case 'dictionary': {
        const items = namedChildren(node).filter((c) => c.type !== 'comment');
        if (items.some((c) => c.type === 'list_splat' || c.type === 'dictionary_splat')) return UNKNOWN;
        return items.length <= SMALL_COUNT ? small(`a literal of ${items.length} item${items.length === 1 ? '' : 's'}`) : UNKNOWN;
      }
      case 'string':
      case 'concatenated_string': {
        const text = stringLiteral(node);
        return text !== undefined && text.length <= 64 ? small('a short literal string') : UNKNOWN;
      }
      case 'identifier':
        return this.nameSize(node);
      case 'attribute':
        return this.attributeSize(node);
      case 'call':
        return this.callSize(node);
      case 'binary_operator': {
        // `A + B` of two small literals or constants stays small
        const op = node.childForFieldName('operator')?.type;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (op !== '+' || !left || !right) return UNKNOWN;
        const l = this.sizeOf(left);
        const r = this.sizeOf(right);
        if (l.size === 'small' && r.size === 'small') return small(l.evidence);
        if (l.size === 'large') return l;
        if (r.size === 'large') return r;
        return UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  private callSize(call: Node): SizeEvidence {
    const qualified = this.ctx.calleeQualifiedName(call);
    const name = qualified?.replace(/^builtins\./, '');
    const args = callArguments(call).positional;
    if (name === 'range') return rangeSize(args);
    if (name && FROM_OUTSIDE[name]) return { size: 'large', evidence: FROM_OUTSIDE[name] };
    if (name && SAME_SIZE.has(name) && args.length === 1) return this.sizeOf(args[0]);
    if (name === 'zip' && args.length > 0) {
      const sizes = args.map((a) => this.sizeOf(a));
      return sizes.find((s) => s.size === 'small') ?? sizes.find((s) => s.size === 'large') ?? UNKNOWN;
    }
    const method = methodCall(call);
    if (!method) return UNKNOWN;
    if (READ_METHODS[method.method]) return { size: 'large', evidence: READ_METHODS[method.method] };
    if (method.method === 'read' && callArguments(call).positional.length === 0) return { size: 'large', evidence: 'a whole file read' };
    if (VIEW_METHODS.has(method.method) && callArguments(call).positional.length === 0) return this.sizeOf(method.receiver);
    if ((method.method === 'split' || method.method === 'splitlines') && method.receiver.type === 'string') {
      return this.sizeOf(method.receiver).size === 'small' ? small('a split literal string') : UNKNOWN;
    }
    // `open(p).read().splitlines()`, `f.read().split()`
    if (method.method === 'split' || method.method === 'splitlines') {
      const inner = unparen(method.receiver);
      if (inner.type === 'call' && this.sizeOf(inner).size === 'large') return { size: 'large', evidence: 'lines read from a file' };
    }
    return UNKNOWN;
  }

  /** A name: small when every binding it has is a small literal and nothing in its scope grows it. */
  private nameSize(node: Node): SizeEvidence {
    const scope = this.ctx.scopeOf(node);
    const owner = scope.resolve(node.text);
    const bindings = owner?.bindings.get(node.text);
    if (!owner || !bindings || bindings.length === 0) return UNKNOWN;
    // `**kwargs`: the keyword arguments of one call are written out by hand, a handful
    if (bindings.length === 1 && bindings[0].kind === 'other' && bindings[0].site.text.startsWith('**')) return small('the keyword arguments of one call');
    if (bindings.some((b) => b.kind === 'param' || (b.kind === 'other' && b.site.text.startsWith('*')))) return { size: 'unknown', evidence: 'a parameter' };
    return this.bindingsSize(bindings, node.text, owner, owner.kind === 'module' ? 'a module constant' : undefined);
  }

  /** `self.X` / `cls.X` where the class body binds X and no method assigns it. */
  private attributeSize(node: Node): SizeEvidence {
    const object = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    if (!object || !attr || object.type !== 'identifier') return UNKNOWN;
    const fn = this.ctx.scopeOf(node).functionScope();
    const cls = fn.enclosingClass();
    if (cls && (fn.selfName === object.text || object.text === 'cls')) {
      if ((cls.attributes.get(attr.text) ?? []).length > 0) return UNKNOWN;
      const bindings = cls.bindings.get(attr.text);
      if (!bindings) return UNKNOWN;
      return this.bindingsSize(bindings, `${object.text}.${attr.text}`, cls.parent ?? cls, 'a class constant');
    }
    return UNKNOWN;
  }

  private bindingsSize(bindings: Binding[], spelled: string, scope: Scope, label: string | undefined): SizeEvidence {
    const sizes: SizeEvidence[] = [];
    for (const b of bindings) {
      if ((b.kind !== 'assign' && b.kind !== 'walrus') || !b.value) return UNKNOWN;
      sizes.push(this.sizeOf(b.value));
    }
    const large = sizes.find((s) => s.size === 'large');
    if (large) return large;
    if (!sizes.every((s) => s.size === 'small')) return { size: 'unknown', evidence: sizes.find((s) => s.size === 'unknown' && s.evidence)?.evidence ?? '' };
    if (this.mutated(scope).has(spelled)) return UNKNOWN;
    const what = sizes[0].evidence;
    return small(label ? `${label}, ${what}` : what);
  }

  /** Names (and `self.x` spellings) that code under the scope's node grows or changes in place. */
  private mutated(scope: Scope): Set<string> {
    const root = scope.node;
    let names = this.mutatedNames.get(root.id);
    if (names) return names;
    names = new Set();
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'call') {
        const method = methodCall(node);
        if (method && MUTATING_METHODS.has(method.method)) names.add(method.receiver.text.replace(/\s+/g, ''));
      } else if (node.type === 'augmented_assignment') {
        const left = node.childForFieldName('left');
        if (left) names.add(left.text.replace(/\s+/g, ''));
      } else if (node.type === 'assignment' || node.type === 'delete_statement') {
        const targets = node.type === 'assignment' ? [node.childForFieldName('left')] : namedChildren(node);
        for (const t of targets) {
          if (t?.type === 'subscript') {
            const value = t.childForFieldName('value');
            if (value) names.add(value.text.replace(/\s+/g, ''));
          }
        }
      }
      for (const child of node.namedChildren) if (child) stack.push(child);
    }
    this.mutatedNames.set(root.id, names);
    return names;
  }
}

function small(evidence: string): SizeEvidence {
  return { size: 'small', evidence };
}

function rangeSize(args: Node[]): SizeEvidence {
  const ints = args.map((a) => intLiteral(a));
  if (ints.length === 0 || ints.some((n) => n === undefined)) {
    return args.length > 0 ? { size: 'unknown', evidence: '' } : UNKNOWN;
  }
  const [start, stop, step] = ints.length === 1 ? [0, ints[0]!, 1] : [ints[0]!, ints[1]!, ints[2] ?? 1];
  const count = step === 0 ? 0 : Math.max(0, Math.ceil((stop - start) / step));
  const text = `range(${args.map((a) => a.text).join(', ')})`;
  if (count <= SMALL_COUNT) return small(text);
  if (count >= LARGE_RANGE) return { size: 'large', evidence: text };
  return UNKNOWN;
}

function intLiteral(node: Node): number | undefined {
  const n = unparen(node);
  if (n.type === 'integer') {
    const value = Number(n.text.replace(/_/g, ''));
    return Number.isFinite(value) ? value : undefined;
  }
  if (n.type === 'unary_operator' && n.text.startsWith('-')) {
    const inner = namedChildren(n)[0];
    const value = inner ? intLiteral(inner) : undefined;
    return value === undefined ? undefined : -value;
  }
  return undefined;
}
