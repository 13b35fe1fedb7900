// Is a function a function of its arguments alone? The question behind every caching advice
// (HS110, HS2xx, the runtime census HD07): a cache replays the first result and skips the body,
// so it is only right for a body that reads nothing that changes (the clock, random numbers,
// files, the network, the environment, a database, globals that the program rebinds or
// mutates) and changes nothing its caller can see (globals, the objects it was passed, output).
//
// The answer has three values. 'impure' names each effect it saw, with its line; 'unknown'
// means the body calls code the module does not show (another module's function, a method of
// an object of unknown type, a callback); 'pure' means every call was seen through: builtins
// and standard functions known to compute from their arguments, or functions of this module
// that are pure themselves. Effects of the module's own functions count at the line of the call.
import { DATABASE_METHODS, FILE_METHODS, READING_METHODS, STR_ONLY_METHODS, effectOfCall, effectOfRead, isPureCall, type EffectKind } from './effect-catalogue.js';
import { FileFacts } from './facts.js';
import { parsePython, type Node } from './parser.js';
import type { Scope } from './scopes.js';
import { calleeShape, namedChildren, unparen } from './syntax.js';
import { MUTATING_METHODS } from './usage.js';

export type { EffectKind };

export interface EffectReason {
  kind: EffectKind;
  /** 1-based line in the function that was asked about (the call's line for effects of a callee). */
  line: number;
  /** What was seen, in words: "`time.time()` reads the clock". */
  detail: string;
  /** The module's functions the effect was reached through, outermost first. */
  via?: string[];
}

export interface UnknownCall {
  line: number;
  /** The callee as written, shortened. */
  callee: string;
  via?: string[];
}

export type PurityVerdict = 'pure' | 'impure' | 'unknown';

export interface FunctionPurity {
  fn: Node;
  name: string;
  /** `Class.method` for methods, `outer.inner` for nested functions. */
  qualname: string;
  line: number;
  endLine: number;
  verdict: PurityVerdict;
  /** True only when nothing impure was seen and every call was seen through. */
  pure: boolean;
  reasons: EffectReason[];
  unknownCalls: UnknownCall[];
  /** Parameters whose objects the function changes (directly or through the module's functions). */
  writtenParameters: string[];
  /** A generator (or async) function: each call returns a fresh iterator, so neither caching nor hoisting may reuse one. */
  generator: boolean;
}

const NESTED = new Set(['function_definition', 'class_definition']);
const CONTAINER_KINDS = new Set(['list', 'dict', 'set', 'str', 'bytes', 'tuple', 'frozenset', 'int', 'float', 'bool', 'range']);
const IN_PLACE_KINDS = new Set(['list', 'dict', 'set']);
/** Functions of the standard library that change their first argument. */
const FIRST_ARGUMENT_WRITERS = new Set(['heapq.heappush', 'heapq.heappop', 'heapq.heapify', 'heapq.heapreplace', 'heapq.heappushpop', 'bisect.insort', 'bisect.insort_left', 'bisect.insort_right', 'random.shuffle']);

/** Methods of a compiled `re` pattern. */
const PATTERN_METHODS = new Set(['match', 'search', 'fullmatch', 'findall', 'finditer', 'sub', 'subn', 'split']);

const describe: Record<EffectKind, string> = {
  'global-read': 'reads a global the program changes',
  'global-write': 'changes a global',
  'argument-write': 'changes an object it was passed',
  io: 'does I/O',
  log: 'logs',
  clock: 'reads the clock',
  random: 'draws random numbers',
  environment: 'reads the environment',
  network: 'uses the network',
  database: 'queries a database',
  process: 'runs or ends processes',
};

interface Edge {
  call: Node;
  callee: Node;
  /** The callee is a class's `__init__` run by `Class(...)`: its instance is a fresh object. */
  constructs: boolean;
}

interface Direct {
  fn: Node;
  scope: Scope;
  name: string;
  reasons: EffectReason[];
  unknown: UnknownCall[];
  edges: Edge[];
  written: Set<string>;
  /** Module names this function rebinds or mutates. */
  globalsChanged: Set<string>;
  /** Module names it reads, first read only: checked once every function's writes are known. */
  globalReads: Map<string, Node>;
}

const line = (node: Node) => node.startPosition.row + 1;
const short = (node: Node) => {
  const t = node.text.replace(/\s+/g, ' ');
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
};

/** Purity of every function of the file, in document order (memoized per file). */
export function functionPurity(facts: FileFacts): FunctionPurity[] {
  let answer = memo.get(facts);
  if (!answer) {
    answer = new PurityAnalysis(facts).run();
    memo.set(facts, answer);
  }
  return answer;
}

/** Purity of one function definition of the file. */
export function purityOf(facts: FileFacts, fn: Node): FunctionPurity | undefined {
  return functionPurity(facts).find((p) => p.fn.id === fn.id);
}

const memo = new WeakMap<FileFacts, FunctionPurity[]>();

class PurityAnalysis {
  private readonly direct = new Map<number, Direct>();

  constructor(private readonly facts: FileFacts) {}

  run(): FunctionPurity[] {
    const fns = this.facts.tree.rootNode.descendantsOfType('function_definition').filter((n): n is Node => !!n);
    for (const fn of fns) {
      const scope = this.facts.scopeFor(fn);
      if (scope) this.direct.set(fn.id, this.collect(fn, scope));
    }
    this.propagateWrites();
    // a global changed only by functions that run at import time (called from module level
    // alone) is configuration, not state; nor is a module object named by an import
    const changed = new Set<string>();
    for (const d of this.direct.values()) {
      if (this.runsOnlyAtImport(d.fn)) continue;
      for (const g of d.globalsChanged) {
        if (!(this.facts.module.bindings.get(g) ?? []).some((b) => b.kind === 'import')) changed.add(g);
      }
    }
    for (const d of this.direct.values()) {
      for (const [name, node] of d.globalReads) {
        if (changed.has(name) && !d.globalsChanged.has(name)) {
          d.reasons.push({ kind: 'global-read', line: line(node), detail: `reads the global \`${name}\`, which the program changes` });
        }
      }
    }
    return fns.filter((fn) => this.direct.has(fn.id)).map((fn) => this.summarize(this.direct.get(fn.id)!));
  }

  /** Every call of the function is a statement of the module itself (registration at import time). */
  private runsOnlyAtImport(fn: Node): boolean {
    const calls = this.facts.calls.callsOf(fn);
    return !!calls && calls.length > 0 && calls.every((c) => this.facts.enclosingFunction(c) === undefined && !underMainGuard(c));
  }

  /** Effects seen in the function's own body (nested defs and classes left to their own turn). */
  private collect(fn: Node, scope: Scope): Direct {
    const d: Direct = {
      fn, scope, name: fn.childForFieldName('name')?.text ?? '?', reasons: [], unknown: [], edges: [],
      written: new Set(), globalsChanged: new Set(), globalReads: new Map(),
    };
    // `global x` then a binding of x in this function
    for (const name of scope.globals) {
      const bindings = this.facts.module.bindings.get(name) ?? [];
      const site = bindings.find((b) => b.site.startIndex >= fn.startIndex && b.site.endIndex <= fn.endIndex);
      if (site) {
        d.globalsChanged.add(name);
        d.reasons.push({ kind: 'global-write', line: line(site.site), detail: `rebinds the global \`${name}\`` });
      }
    }
    const body = fn.childForFieldName('body');
    const stack: Node[] = body ? [body] : [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      switch (node.type) {
        case 'call':
          this.call(d, node);
          break;
        case 'assignment':
        case 'augmented_assignment': {
          const left = node.childForFieldName('left');
          if (left) this.store(d, left, node.type === 'augmented_assignment');
          break;
        }
        case 'delete_statement':
          for (const t of namedChildren(node)) this.store(d, t, false);
          break;
        case 'attribute': {
          const qualified = this.facts.bindings.qualifiedName(node);
          const kind = qualified ? effectOfRead(qualified) : undefined;
          if (kind && node.parent?.type !== 'attribute') d.reasons.push({ kind, line: line(node), detail: `\`${short(node)}\` ${describe[kind]}` });
          break;
        }
        case 'identifier':
          this.read(d, node);
          break;
        default:
          break;
      }
      for (const child of node.namedChildren) if (child && !NESTED.has(child.type)) stack.push(child);
    }
    return d;
  }

  /** A read of a name that lives in the module: kept until we know whether anything changes it. */
  private read(d: Direct, id: Node): void {
    const parent = id.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) return;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) return;
    if (d.globalReads.has(id.text)) return;
    const owner = this.facts.scopeOf(id).resolve(id.text);
    if (owner === this.facts.module) d.globalReads.set(id.text, id);
  }

  /** A store into `target` (an item, an attribute, or `x += ...` on an in-place kind). */
  private store(d: Direct, target: Node, augmented: boolean): void {
    const t = unparen(target);
    if (t.type === 'pattern_list' || t.type === 'tuple_pattern' || t.type === 'list_pattern' || t.type === 'tuple' || t.type === 'list') {
      for (const c of namedChildren(t)) this.store(d, c, false);
      return;
    }
    if (t.type === 'subscript' || t.type === 'attribute') {
      const base = t.type === 'subscript' ? t.childForFieldName('value') : t.childForFieldName('object');
      if (base) this.changes(d, base, t, `stores into \`${short(t)}\``);
      return;
    }
    if (augmented && t.type === 'identifier' && IN_PLACE_KINDS.has(this.facts.bindings.kindOf(t))) {
      this.changes(d, t, t, `extends \`${t.text}\` in place`);
    }
  }

  /** The object `expr` evaluates to is changed at `at`: an argument's, a global's, or a local one. */
  private changes(d: Direct, expr: Node, at: Node, what: string): void {
    const root = this.rootOf(d, expr);
    if (!root) return;
    if (root.kind === 'param') {
      if (!d.written.has(root.name)) d.written.add(root.name);
      d.reasons.push({ kind: 'argument-write', line: line(at), detail: `${what}: changes the argument \`${root.name}\`` });
    } else if (root.kind === 'global') {
      d.globalsChanged.add(root.name);
      d.reasons.push({ kind: 'global-write', line: line(at), detail: `${what}: changes the global \`${root.name}\`` });
    }
  }

  /**
   * The name whose object an expression reaches (`a.b[0].c` -> `a`): a parameter of the function,
   * a module global, or undefined for locals and fresh values. A local bound from a parameter's
   * part (`row = rows[0]`, `for row in rows`) reaches that parameter.
   */
  private rootOf(d: Direct, expr: Node, depth = 0): { kind: 'param' | 'global'; name: string } | undefined {
    let e = unparen(expr);
    while (e.type === 'attribute' || e.type === 'subscript') {
      const next = e.type === 'attribute' ? e.childForFieldName('object') : e.childForFieldName('value');
      if (!next) return undefined;
      e = unparen(next);
    }
    if (e.type !== 'identifier') return undefined;
    const owner = this.facts.scopeOf(e).resolve(e.text);
    if (!owner) return undefined;
    if (owner === this.facts.module) return { kind: 'global', name: e.text };
    if (owner !== d.scope) return undefined;
    const bindings = owner.bindings.get(e.text) ?? [];
    if (bindings.some((b) => b.kind === 'param')) return { kind: 'param', name: e.text };
    if (depth > 2) return undefined;
    for (const b of bindings) {
      let source: Node | undefined | null;
      if (b.kind === 'assign' && b.value) source = b.value;
      else if (b.kind === 'for') source = b.site.childForFieldName('right');
      if (!source) continue;
      const s = unparen(source);
      if (s.type !== 'identifier' && s.type !== 'attribute' && s.type !== 'subscript') continue;
      const reached = this.rootOf(d, s, depth + 1);
      if (reached) return reached;
    }
    return undefined;
  }

  private call(d: Direct, call: Node): void {
    const shape = calleeShape(call);
    if (!shape) return;
    const calleeNode = unparen(shape.node);
    const def = this.facts.calls.calleeDef(call);
    if (def) {
      d.edges.push({ call, callee: def, constructs: false });
      return;
    }
    const init = this.constructorOf(calleeNode);
    if (init !== undefined) {
      if (init) d.edges.push({ call, callee: init, constructs: true });
      return;
    }
    const qualified = this.facts.bindings.calleeQualifiedName(call);
    if (qualified) {
      const kind = effectOfCall(qualified) ?? effectOfRead(qualified);
      if (kind) {
        d.reasons.push({ kind, line: line(call), detail: `\`${short(calleeNode)}()\` ${describe[kind]}` });
        return;
      }
      if (FIRST_ARGUMENT_WRITERS.has(qualified)) {
        const first = namedChildren(call.childForFieldName('arguments')!)[0];
        if (first) this.changes(d, first, call, `\`${short(calleeNode)}()\` changes its first argument`);
        return;
      }
      if (isPureCall(qualified)) return;
    }
    if (calleeNode.type === 'attribute') {
      const method = calleeNode.childForFieldName('attribute')?.text ?? '';
      const receiver = calleeNode.childForFieldName('object');
      // `conn = sqlite3.connect(...)`, `log = logging.getLogger()`, `PATTERN = re.compile(...)`
      const origin = receiver ? this.madeBy(receiver) : undefined;
      const made = origin ? effectOfCall(origin) : undefined;
      if (made) {
        d.reasons.push({ kind: made, line: line(call), detail: `\`${short(calleeNode)}()\` ${describe[made]}` });
        return;
      }
      if (origin === 're.compile' && PATTERN_METHODS.has(method)) return;
      if (DATABASE_METHODS.has(method)) {
        d.reasons.push({ kind: 'database', line: line(call), detail: `\`.${method}()\` ${describe.database}` });
        return;
      }
      if (FILE_METHODS.has(method)) {
        d.reasons.push({ kind: 'io', line: line(call), detail: `\`.${method}()\` ${describe.io}` });
        return;
      }
      if (receiver && MUTATING_METHODS.has(method)) {
        const root = this.rootOf(d, receiver);
        const kind = this.facts.bindings.kindOf(receiver);
        if (root || CONTAINER_KINDS.has(kind) || this.isLocal(d, receiver)) {
          this.changes(d, receiver, call, `\`${short(calleeNode)}()\``);
          return;
        }
      }
      if (receiver && READING_METHODS.has(method)) {
        const kind = this.facts.bindings.kindOf(receiver);
        if (CONTAINER_KINDS.has(kind) || STR_ONLY_METHODS.has(method) || unparen(receiver).type === 'string') return;
      }
    }
    d.unknown.push({ line: line(call), callee: short(calleeNode) });
  }

  /** The qualified callee that made the object a plain name holds, when every binding of it is one such call. */
  private madeBy(expr: Node): string | undefined {
    const e = unparen(expr);
    if (e.type !== 'identifier') return undefined;
    const bindings = this.facts.scopeOf(e).resolve(e.text)?.bindings.get(e.text) ?? [];
    let made: string | undefined;
    for (const b of bindings) {
      let value: Node | undefined;
      if (b.kind === 'assign') value = b.value;
      else if (b.kind === 'with') {
        const item = b.site.childForFieldName('value');
        value = item?.type === 'as_pattern' ? namedChildren(item)[0] : undefined;
      }
      const v = value ? unparen(value) : undefined;
      const q = v?.type === 'call' ? this.facts.bindings.calleeQualifiedName(v) : undefined;
      if (!q || (made !== undefined && made !== q)) return undefined;
      made = q;
    }
    return made;
  }

  /** A plain name bound in this function only to fresh containers or literals. */
  private isLocal(d: Direct, expr: Node): boolean {
    const e = unparen(expr);
    if (e.type !== 'identifier') return false;
    const owner = this.facts.scopeOf(e).resolve(e.text);
    return owner === d.scope && !(owner.bindings.get(e.text) ?? []).some((b) => b.kind === 'param');
  }

  /**
   * `Class(...)` for a class of this module: its `__init__` (null when it has none, so building
   * one runs nothing but the module's own class body), or undefined for any other callee.
   */
  private constructorOf(callee: Node): Node | null | undefined {
    if (callee.type !== 'identifier') return undefined;
    const owner = this.facts.scopeOf(callee).resolve(callee.text);
    const bindings = owner?.bindings.get(callee.text);
    if (!bindings || bindings.length !== 1 || bindings[0].kind !== 'def') return undefined;
    const cls = bindings[0].site;
    if (cls.type !== 'class_definition') return undefined;
    // a base class of another module may run anything
    const bases = cls.childForFieldName('superclasses');
    if (bases && namedChildren(bases).length > 0) return undefined;
    const scope = this.facts.scopeFor(cls);
    const init = scope?.bindings.get('__init__');
    if (!init) return null;
    const site = init.length === 1 ? init[0].site : undefined;
    return site?.type === 'function_definition' ? site : undefined;
  }

  /** Which parameters each function changes, through the module's own calls, to a fixpoint. */
  private propagateWrites(): void {
    for (let changed = true, rounds = 0; changed && rounds < 50; rounds++) {
      changed = false;
      for (const d of this.direct.values()) {
        for (const edge of d.edges) {
          const callee = this.direct.get(edge.callee.id);
          if (!callee) continue;
          for (const param of callee.written) {
            const arg = this.argumentFor(edge, callee, param);
            if (!arg) continue;
            const root = this.rootOf(d, arg);
            if (!root) continue;
            const key = `${edge.call.id}:${param}`;
            if (root.kind === 'param' && !d.written.has(root.name)) {
              d.written.add(root.name);
              changed = true;
            }
            if (root.kind === 'global' && !d.globalsChanged.has(root.name)) d.globalsChanged.add(root.name);
            if (!this.seenPassOn.has(key)) {
              this.seenPassOn.add(key);
              d.reasons.push({
                kind: root.kind === 'param' ? 'argument-write' : 'global-write',
                line: line(edge.call),
                detail: `\`${callee.name}\` changes its argument \`${param}\`, here \`${short(arg)}\``,
                via: [callee.name],
              });
            }
          }
        }
      }
    }
  }

  private readonly seenPassOn = new Set<string>();

  /** The expression a call passes for a parameter of the callee (the receiver for `self`). */
  private argumentFor(edge: Edge, callee: Direct, param: string): Node | undefined {
    const selfName = callee.scope.selfName;
    if (param === selfName) {
      if (edge.constructs) return undefined;
      const fn = unparen(edge.call.childForFieldName('function')!);
      return fn.type === 'attribute' ? fn.childForFieldName('object') ?? undefined : undefined;
    }
    const params = callee.fn.childForFieldName('parameters');
    if (!params) return undefined;
    const names: string[] = [];
    for (const p of namedChildren(params)) {
      if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern' || p.type === 'keyword_separator') break;
      const id = p.type === 'identifier' ? p : p.childForFieldName('name') ?? namedChildren(p).find((c) => c.type === 'identifier');
      if (id?.type === 'identifier') names.push(id.text);
    }
    const bound = selfName !== undefined ? 1 : 0;
    const args = edge.call.childForFieldName('arguments');
    if (!args) return undefined;
    const positional: Node[] = [];
    for (const a of namedChildren(args)) {
      if (a.type === 'keyword_argument') {
        if (a.childForFieldName('name')?.text === param) return a.childForFieldName('value') ?? undefined;
      } else if (a.type !== 'list_splat' && a.type !== 'dictionary_splat') positional.push(a);
    }
    const index = names.indexOf(param) - bound;
    return index >= 0 ? positional[index] : undefined;
  }

  /** The function's own effects plus those of every module function it reaches, at its call lines. */
  private summarize(d: Direct): FunctionPurity {
    const reasons = [...d.reasons];
    const unknownCalls = [...d.unknown];
    const seen = new Set<number>([d.fn.id]);
    const queue: { fn: Direct; via: string[]; at: number }[] = [];
    for (const edge of d.edges) {
      const callee = this.direct.get(edge.callee.id);
      if (callee && !seen.has(callee.fn.id)) {
        seen.add(callee.fn.id);
        queue.push({ fn: callee, via: [callee.name], at: line(edge.call) });
      }
    }
    while (queue.length > 0) {
      const { fn, via, at } = queue.shift()!;
      for (const r of fn.reasons) {
        // argument writes of a callee were mapped to this function's own arguments already
        if (r.kind === 'argument-write') continue;
        reasons.push({ kind: r.kind, line: at, detail: r.detail, via: [...via, ...(r.via ?? [])] });
      }
      for (const u of fn.unknown) unknownCalls.push({ line: at, callee: u.callee, via });
      for (const edge of fn.edges) {
        const callee = this.direct.get(edge.callee.id);
        if (callee && !seen.has(callee.fn.id)) {
          seen.add(callee.fn.id);
          queue.push({ fn: callee, via: [...via, callee.name], at });
        }
      }
    }
    const verdict: PurityVerdict = reasons.length > 0 ? 'impure' : unknownCalls.length > 0 ? 'unknown' : 'pure';
    return {
      fn: d.fn,
      name: d.name,
      qualname: qualnameOf(d.fn),
      line: line(d.fn),
      endLine: d.fn.endPosition.row + 1,
      verdict,
      pure: verdict === 'pure',
      reasons: reasons.sort((a, b) => a.line - b.line),
      unknownCalls: unknownCalls.sort((a, b) => a.line - b.line),
      writtenParameters: [...d.written],
      generator: isGenerator(d.fn),
    };
  }
}

/** Inside `if __name__ == "__main__":`, which runs the program rather than importing it. */
function underMainGuard(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'if_statement' && /__name__\s*==\s*['"]__main__['"]/.test(n.childForFieldName('condition')?.text ?? '')) return true;
  }
  return false;
}

function isGenerator(fn: Node): boolean {
  if (fn.children.some((c) => c?.type === 'async')) return true;
  const body = fn.childForFieldName('body');
  const stack: Node[] = body ? [body] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'yield') return true;
    for (const c of n.namedChildren) if (c && !NESTED.has(c.type) && c.type !== 'lambda') stack.push(c);
  }
  return false;
}

function qualnameOf(fn: Node): string {
  const parts: string[] = [];
  for (let n: Node | null = fn; n; n = n.parent) {
    if (n.type === 'function_definition' || n.type === 'class_definition') parts.unshift(n.childForFieldName('name')?.text ?? '?');
  }
  return parts.join('.');
}

/** FunctionPurity as plain data (no tree nodes): what the doctor and the census keep. */
export type PurityRecord = Omit<FunctionPurity, 'fn'>;

/** Purity of every function of a source text, for callers that hold no parsed tree (initPython first). */
export function sourcePurity(text: string): PurityRecord[] {
  const tree = parsePython(text);
  try {
    const facts = new FileFacts(tree, text, new Set());
    return functionPurity(facts).map(({ fn: _fn, ...record }) => record);
  } finally {
    tree.delete();
  }
}
