import type { Node } from '../python/parser.js';
import { callArguments, field, namedChildren, statements, unparen } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'recurrence';

const BAD = `import numpy as np

def smooth(x: np.ndarray, decay: float) -> np.ndarray:
    out = np.empty(len(x))
    level = x[0]
    for i in range(len(x)):
        if x[i] < 0:
            level = x[i]
        else:
            level = level * decay + x[i]
        out[i] = level
    return out
`;

const GOOD = `import numpy as np
from numba import njit

@njit(cache=True)
def smooth(x: np.ndarray, decay: float) -> np.ndarray:
    out = np.empty(len(x))
    level = x[0]
    for i in range(len(x)):
        if x[i] < 0:
            level = x[i]
        else:
            level = level * decay + x[i]
        out[i] = level
    return out
`;

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
const LOOPS = new Set(['for_statement', 'while_statement']);
/** Decorators that already compile the function. */
const COMPILERS = /(^|\.)(njit|jit|vectorize|guvectorize|stencil|cfunc)\b/;
/** Calls that fold a carried value into a reduction NumPy has (`np.sum`, `np.max`, `np.min`). */
const REDUCERS = new Set(['min', 'max']);

/** What a loop nest reads and writes, in the order a pass over its body evaluates it. */
interface Event {
  name: string;
  write: boolean;
  /** A write of the form `v += e` / `v = v + e` / `v = max(v, e)`: a reduction, not a recurrence. */
  reduction?: boolean;
  node: Node;
}

/** Events of a statement list in evaluation order: a statement's reads come before its writes. */
function events(body: readonly Node[], out: Event[]): void {
  for (const stmt of body) statementEvents(stmt, out);
}

function statementEvents(stmt: Node, out: Event[]): void {
  if (SCOPES.has(stmt.type)) return;
  if (stmt.type === 'expression_statement') {
    for (const child of namedChildren(stmt)) statementEvents(child, out);
    return;
  }
  if (stmt.type === 'assignment' || stmt.type === 'augmented_assignment') {
    const left = field(stmt, 'left');
    const right = field(stmt, 'right');
    const target = left ? unparen(left) : undefined;
    const name = target?.type === 'identifier' ? target.text : undefined;
    const reduction = name !== undefined && (stmt.type === 'augmented_assignment' || isReduction(name, right));
    const from = out.length;
    if (right) reads(right, out);
    // the reads of `v` in `v = v + e` belong to the reduction
    if (reduction) for (let i = from; i < out.length; i++) if (out[i]!.name === name) out[i]!.reduction = true;
    if (!target) return;
    if (name !== undefined) {
      if (stmt.type === 'augmented_assignment') out.push({ name, write: false, node: target, reduction: true });
      out.push({ name, write: true, node: target, reduction });
    } else {
      // `out[i] = ...`, `a, b = ...`: the subscripts and unpacked names
      for (const sub of namedChildren(target)) {
        if (target.type === 'subscript') reads(sub, out);
        else if (sub.type === 'identifier') out.push({ name: sub.text, write: true, node: sub });
      }
    }
    return;
  }
  if (stmt.type === 'if_statement' || stmt.type === 'elif_clause') {
    const condition = field(stmt, 'condition');
    if (condition) reads(condition, out);
    events(statements(field(stmt, 'consequence')), out);
    for (const alt of stmt.childrenForFieldName('alternative')) if (alt) statementEvents(alt, out);
    return;
  }
  if (stmt.type === 'else_clause') {
    events(statements(field(stmt, 'body')), out);
    return;
  }
  if (stmt.type === 'for_statement') {
    const right = field(stmt, 'right');
    if (right) reads(right, out);
    const left = field(stmt, 'left');
    if (left?.type === 'identifier') out.push({ name: left.text, write: true, node: left });
    events(statements(field(stmt, 'body')), out);
    return;
  }
  if (stmt.type === 'while_statement') {
    const condition = field(stmt, 'condition');
    if (condition) reads(condition, out);
    events(statements(field(stmt, 'body')), out);
    return;
  }
  reads(stmt, out);
}

function reads(node: Node, out: Event[]): void {
  const stack: Node[] = [node];
  const found: Node[] = [];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (SCOPES.has(current.type)) continue;
    if (current.type === 'identifier') {
      const parent = current.parent;
      if (parent?.type === 'attribute' && field(parent, 'attribute')?.id === current.id) continue;
      if (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === current.id) continue;
      found.push(current);
      continue;
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  found.sort((a, b) => a.startIndex - b.startIndex);
  for (const n of found) out.push({ name: n.text, write: false, node: n });
}

/** `v + e`, `e + v`, `max(v, e)` where `e` does not read `v`: folding values into `v`. */
function isReduction(name: string, right: Node | null): boolean {
  if (!right) return false;
  const r = unparen(right);
  const mentions = (n: Node): boolean => n.type === 'identifier' ? n.text === name : namedChildren(n).some(mentions);
  if (r.type === 'binary_operator' && ['+', '-', '*'].includes(r.child(1)?.type ?? '')) {
    const left = unparen(field(r, 'left')!);
    const rightOperand = unparen(field(r, 'right')!);
    if (left.type === 'identifier' && left.text === name) return !mentions(rightOperand);
    if (rightOperand.type === 'identifier' && rightOperand.text === name && r.child(1)?.type !== '-') return !mentions(left);
    return false;
  }
  if (r.type === 'call') {
    const callee = field(r, 'function');
    const { positional } = callArguments(r);
    if (callee?.type !== 'identifier' || !REDUCERS.has(callee.text) || positional.length !== 2) return false;
    const [a, b] = positional.map((p) => unparen(p));
    if (a!.type === 'identifier' && a!.text === name) return !mentions(b!);
    if (b!.type === 'identifier' && b!.text === name) return !mentions(a!);
  }
  return false;
}

/** Subscripts of NumPy arrays inside the loop nest (not inside nested functions). */
function arraySubscripts(ctx: RuleContext<MessageId>, loop: Node): Node[] {
  const found: Node[] = [];
  const stack: Node[] = [loop];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (SCOPES.has(current.type)) continue;
    if (current.type === 'subscript') {
      const value = field(current, 'value');
      if (value && unparen(value).type === 'identifier' && ctx.facts.bindings.kindOf(unparen(value)) === 'ndarray') found.push(current);
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return found;
}

function indexText(subscript: Node): string {
  return subscript.childrenForFieldName('subscript').filter((c): c is Node => c !== null).map((c) => c.text.replace(/\s+/g, '')).join(',');
}

/** Names a statement list may read before it assigns them (on some path), and names it surely assigns. */
interface Flow {
  exposed: Map<string, Node>;
  assigned: Set<string>;
}

function flowOf(body: readonly Node[]): Flow {
  const exposed = new Map<string, Node>();
  const assigned = new Set<string>();
  for (const stmt of body) {
    const f = statementFlow(stmt);
    for (const [name, node] of f.exposed) if (!assigned.has(name) && !exposed.has(name)) exposed.set(name, node);
    for (const name of f.assigned) assigned.add(name);
  }
  return { exposed, assigned };
}

function readsOf(node: Node | null): Map<string, Node> {
  const evs: Event[] = [];
  if (node) reads(node, evs);
  const map = new Map<string, Node>();
  for (const e of evs) if (!map.has(e.name)) map.set(e.name, e.node);
  return map;
}

function statementFlow(stmt: Node): Flow {
  if (SCOPES.has(stmt.type)) return { exposed: new Map(), assigned: new Set() };
  if (stmt.type === 'expression_statement') return flowOf(namedChildren(stmt));
  if (stmt.type === 'assignment' || stmt.type === 'augmented_assignment') {
    const exposed = readsOf(field(stmt, 'right'));
    const left = field(stmt, 'left');
    const target = left ? unparen(left) : undefined;
    const assigned = new Set<string>();
    if (target?.type === 'identifier') {
      if (stmt.type === 'augmented_assignment' && !exposed.has(target.text)) exposed.set(target.text, target);
      assigned.add(target.text);
    } else if (target) {
      for (const sub of namedChildren(target)) {
        if (target.type === 'subscript') {
          for (const [n, node] of readsOf(sub)) if (!exposed.has(n)) exposed.set(n, node);
        } else if (sub.type === 'identifier') {
          assigned.add(sub.text);
        }
      }
    }
    return { exposed, assigned };
  }
  if (stmt.type === 'if_statement' || stmt.type === 'elif_clause') {
    const exposed = readsOf(field(stmt, 'condition'));
    const branches = [flowOf(statements(field(stmt, 'consequence')))];
    let complete = false;
    for (const alt of stmt.childrenForFieldName('alternative')) {
      if (!alt) continue;
      if (alt.type === 'else_clause') {
        branches.push(flowOf(statements(field(alt, 'body'))));
        complete = true;
      } else {
        const f = statementFlow(alt);
        branches.push(f);
        complete = complete || f.assigned.size > 0;
      }
    }
    for (const b of branches) for (const [n, node] of b.exposed) if (!exposed.has(n)) exposed.set(n, node);
    // assigned on every path only with an else (an elif chain counts as complete when its last part is)
    const assigned = complete ? new Set([...branches[0]!.assigned].filter((n) => branches.every((b) => b.assigned.has(n)))) : new Set<string>();
    return { exposed, assigned };
  }
  if (stmt.type === 'for_statement' || stmt.type === 'while_statement') {
    const exposed = readsOf(field(stmt, stmt.type === 'for_statement' ? 'right' : 'condition'));
    const body = flowOf(statements(field(stmt, 'body')));
    const left = field(stmt, 'left');
    for (const [n, node] of body.exposed) if (n !== left?.text && !exposed.has(n)) exposed.set(n, node);
    return { exposed, assigned: new Set(left?.type === 'identifier' ? [left.text] : []) };
  }
  return { exposed: readsOf(stmt), assigned: new Set() };
}

/**
 * The values one iteration hands to the next: a scalar read before it is written in the loop
 * (and not a plain reduction such as `total += x[i]`, which `np.sum` does), or an array element
 * read at another index than the one the loop writes (`out[i - 1]` beside `out[i] = ...`).
 */
function carriedValues(ctx: RuleContext<MessageId>, loop: Node, subscripts: readonly Node[]): string[] {
  const body = statements(field(loop, 'body'));
  const evs: Event[] = [];
  events(body, evs);
  const carried: string[] = [];
  const written = new Set(evs.filter((e) => e.write).map((e) => e.name));
  const loopTarget = loop.type === 'for_statement' ? field(loop, 'left')?.text : undefined;
  for (const [name, node] of flowOf(body).exposed) {
    if (!written.has(name) || name === loopTarget) continue;
    if (evs.every((x) => x.name !== name || x.reduction)) continue;
    if (ctx.facts.bindings.kindOf(node) === 'ndarray') continue;
    carried.push(name);
  }
  // arrays written at one index and read at another within the same loop
  const writes = new Map<string, Set<string>>();
  for (const s of subscripts) {
    const parent = s.parent;
    if (parent && (parent.type === 'assignment' || parent.type === 'augmented_assignment') && field(parent, 'left')?.id === s.id) {
      const name = field(s, 'value')!.text;
      const set = writes.get(name) ?? new Set<string>();
      set.add(indexText(s));
      writes.set(name, set);
    }
  }
  for (const s of subscripts) {
    const name = field(s, 'value')!.text;
    const indexes = writes.get(name);
    if (!indexes) continue;
    const parent = s.parent;
    if (parent && (parent.type === 'assignment' || parent.type === 'augmented_assignment') && field(parent, 'left')?.id === s.id) continue;
    if (!indexes.has(indexText(s)) && /[-+]/.test(indexText(s))) carried.push(`${name}[${indexText(s)}]`);
  }
  return [...new Set(carried)];
}

/** The function holding `node`, if it is a `def` (not a lambda or class body). */
function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return p;
    if (p.type === 'lambda' || p.type === 'class_definition') return undefined;
  }
  return undefined;
}

function isCompiled(fn: Node): boolean {
  const parent = fn.parent;
  if (parent?.type !== 'decorated_definition') return false;
  return namedChildren(parent).some((d) => d.type === 'decorator' && COMPILERS.test(d.text.replace(/^@\s*/, '').split('(')[0]!));
}

/** What keeps Numba's nopython mode from compiling the function, in the fix's words. */
function blockers(ctx: RuleContext<MessageId>, fn: Node): string[] {
  const found: string[] = [];
  const params = field(fn, 'parameters');
  for (const p of params ? namedChildren(params) : []) {
    const name = p.type === 'identifier' ? p : field(p, 'name') ?? namedChildren(p).find((c) => c.type === 'identifier');
    if (!name) continue;
    if (name.text === 'self' || name.text === 'cls') found.push('it is a method: move the loop into a module-level function that takes the arrays as arguments');
    const kind = ctx.facts.bindings.kindOf(name);
    if (kind === 'DataFrame' || kind === 'Series') found.push(`pass NumPy arrays instead of the pandas \`${name.text}\` (\`${name.text}["col"].to_numpy()\`)`);
    if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') found.push('drop `*args`/`**kwargs`: Numba compiles fixed arguments');
  }
  const body = field(fn, 'body');
  const stack: Node[] = body ? [body] : [];
  const seen = new Set<string>();
  const note = (key: string, text: string) => {
    if (!seen.has(key)) {
      seen.add(key);
      found.push(text);
    }
  };
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (SCOPES.has(n.type)) {
      note('nested', 'move nested functions and lambdas out (or compile them with `@njit` too)');
      continue;
    }
    if (n.type === 'dictionary' || n.type === 'dictionary_comprehension' || n.type === 'set' || n.type === 'set_comprehension') {
      note('dict', 'replace dicts and sets with NumPy arrays (or `numba.typed.Dict`)');
    } else if (n.type === 'list' || n.type === 'list_comprehension') {
      note('list', 'replace Python lists with preallocated NumPy arrays (`np.empty(n)`)');
    } else if (n.type === 'try_statement' || n.type === 'with_statement') {
      note('try', 'move `try`/`with` blocks out of the compiled function');
    } else if (n.type === 'string' && n.text.startsWith('f')) {
      note('fstring', 'move string formatting (f-strings) out of the compiled function');
    } else if (n.type === 'call') {
      const callee = field(n, 'function');
      if (callee?.type === 'identifier') {
        if (isModuleFunction(fn, callee.text)) note(`call:${callee.text}`, `compile \`${callee.text}()\` with \`@njit\` too (a compiled function calls only compiled ones)`);
      }
    }
    for (const child of n.namedChildren) if (child) stack.push(child);
  }
  return found;
}

/** Whether `name` is a function defined at the top level of the module holding `fn` (and not compiled). */
function isModuleFunction(fn: Node, name: string): boolean {
  let root: Node = fn;
  while (root.parent) root = root.parent;
  for (const stmt of namedChildren(root)) {
    const def = stmt.type === 'decorated_definition' ? field(stmt, 'definition') : stmt;
    if (def?.type === 'function_definition' && field(def, 'name')?.text === name) return !isCompiled(def);
  }
  return false;
}

function outermostLoop(loop: Node, fn: Node | undefined): Node {
  let outer = loop;
  for (let p = loop.parent; p && p !== fn; p = p.parent) {
    if (SCOPES.has(p.type)) break;
    if (LOOPS.has(p.type)) outer = p;
  }
  return outer;
}

function fixFor(ctx: RuleContext<MessageId>, fn: Node | undefined): string {
  if (!fn) {
    return 'Move the loop into a function that takes the arrays and numbers it uses, and compile that function with Numba: `from numba import njit`, then `@njit(cache=True)` on the line above its `def`';
  }
  const name = field(fn, 'name')?.text ?? 'the function';
  const decoratedAt = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  const line = decoratedAt.startPosition.row + 1;
  const changes = blockers(ctx, fn);
  const must = changes.length > 0
    ? `; for it to compile: ${changes.join('; ')}`
    : '; it uses only arrays and numbers, so it compiles as written';
  return `Compile \`${name}\` with Numba: \`from numba import njit\`, then \`@njit(cache=True)\` on the line above \`def ${name}\` (line ${line})${must}. Cython or a native extension only if Numba cannot`;
}

export default defineRule<MessageId>({
  id: 'HS508',
  name: 'numeric-hot-loop',
  tier: 5,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  runOnly: true,
  messages: {
    recurrence:
      'This loop over array elements carries `{{carried}}` from one iteration to the next: NumPy has no whole-array expression for it, and each element costs interpreted bytecode',
  },
  docs: {
    summary: 'A hot numeric loop over arrays that does not vectorize: a candidate for Numba',
    what:
      'Reported by `hotspy run` only, when the profile shows the loop is hot (`hotspy check` never reports it): a ' +
      '`for`/`while` loop (or loop nest) indexing NumPy arrays element by element where one iteration depends on ' +
      'the one before: a scalar read before the loop body assigns it (`level = level * decay + x[i]`, a state ' +
      'tested in a branch), or an array element read at another index than the one written (`out[i - 1]` beside ' +
      '`out[i] = ...`). Plain reductions (`total += x[i]`, `best = max(best, x[i])`) are left to HS503, which ' +
      'gives their NumPy expression. Functions already compiled (`@njit`, `@jit`, `@vectorize`) are skipped.',
    why:
      'Such a loop is a recurrence: its elements cannot be computed independently, so there is no ufunc expression ' +
      'for it (some recurrences have a special function, such as `np.cumsum` or `scipy.signal.lfilter`, most ' +
      'do not). In the interpreter every element costs dozens of bytecodes, boxed floats and NumPy scalar ' +
      'indexing. Numba compiles the same loop to machine code: measured here, 70 to 200 times faster on the loop ' +
      '(docs/measured-claims.md), at the price of importing Numba (about a second on a busy machine) and ' +
      'compiling once (cached on disk with `cache=True`), so it pays for loops that run a second or more.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Put `@njit(cache=True)` (from `numba`) on the function holding the loop, and make it take only NumPy arrays ' +
      'and numbers: no pandas objects, Python lists or dicts, f-strings or `try` inside; functions it calls need ' +
      '`@njit` too. Cython or a native extension (PyO3) come after Numba',
    notes:
      'Run-only: a recurrence that runs over ten elements is not worth a compiler, so the rule speaks only when ' +
      'the profile shows the loop holds a measurable share of the run. The doctor also leaves it out when the ' +
      'loop\'s time is mostly inside native calls already.',
    references: ['https://numba.readthedocs.io/en/stable/user/5minguide.html', 'https://numba.readthedocs.io/en/stable/reference/pysupported.html'],
  },
  create(ctx) {
    const reported = new Set<number>();
    const visit = (node: Node): void => {
      const fn = enclosingFunction(node);
      const outer = outermostLoop(node, fn);
      if (reported.has(outer.id) || (fn && isCompiled(fn))) return;
      const subscripts = arraySubscripts(ctx, outer);
      if (subscripts.length === 0) return;
      // the loop nest: every loop inside it may carry a value (the inner loop of a 2-D walk does)
      const carried = new Set<string>();
      const stack: Node[] = [outer];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (SCOPES.has(n.type)) continue;
        if (LOOPS.has(n.type)) for (const c of carriedValues(ctx, n, subscripts.filter((s) => s.startIndex >= n.startIndex && s.endIndex <= n.endIndex))) carried.add(c);
        for (const child of n.namedChildren) if (child) stack.push(child);
      }
      if (carried.size === 0) return;
      reported.add(outer.id);
      ctx.report({
        node: outer,
        messageId: 'recurrence',
        data: { carried: [...carried].slice(0, 3).join('`, `') },
        costNode: outer,
        fix: { description: fixFor(ctx, fn) },
      });
    };
    return { for_statement: visit, while_statement: visit };
  },
});
