import type { Node } from '../python/parser.js';
import { callArguments, methodCall, namedChildren, unparen } from '../python/syntax.js';
import { declaredKind } from '../python/mutation.js';
import { builtinName, calleeTail } from '../python/usage.js';
import { defineRule } from './define-rule.js';

type MessageId = 'shortCircuit' | 'reduce';

/** Consumers that can stop early: a generator lets them skip the rest of the work. */
const SHORT_CIRCUIT = new Set(['any', 'all']);
/** Consumers that read every element once and keep none: a generator saves the list's memory. */
const REDUCERS = new Set(['sum', 'min', 'max']);
/** Calls that cannot have side effects a short-circuit would skip. */
const PURE_CALLS = new Set(['len', 'isinstance', 'issubclass', 'str', 'int', 'float', 'bool', 'abs', 'ord', 'chr', 'hasattr', 'callable', 'type', 'id', 'repr', 'round']);

const BAD = `def has_admin(users):
    return any([u.role == "admin" for u in users])
`;

const GOOD = `def has_admin(users):
    return any(u.role == "admin" for u in users)
`;

/** Kinds that a partial iteration leaves as they were (no shared iterator position to move). */
const COLLECTIONS = new Set(['list', 'tuple', 'set', 'frozenset', 'dict', 'str', 'bytes', 'range']);
/** Builtins that build a fresh iterator over collections they are given. */
const FRESH_ITERATORS = new Set(['range', 'enumerate', 'zip', 'reversed']);
/** Operators that raise on ordinary data (a missing key, a zero divisor). */
const RAISING_OPERATORS = new Set(['/', '//', '%', '**']);

/**
 * True when the comprehension's element, conditions and inner loops cannot run code whose order or
 * number matters: a generator evaluates them one by one while the consumer runs, and a call there
 * could mutate what the consumer reads, raise `StopIteration` (which a generator turns into
 * `RuntimeError`), or have side effects. Only calls of builtins known to be pure are allowed.
 */
function sideEffectFree(node: Node, isPureCall: (call: Node) => boolean, skip?: Node): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (skip && current.id === skip.id) continue;
    if (current.type === 'call' && !isPureCall(current)) return false;
    if (current.type === 'named_expression' || current.type === 'yield' || current.type === 'await') return false;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return true;
}

/** Subscripts and division raise on ordinary data: a short-circuit would skip an error the list raises. */
function mayRaise(node: Node, skip?: Node): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (skip && current.id === skip.id) continue;
    if (current.type === 'subscript') return true;
    if (current.type === 'binary_operator' || current.type === 'augmented_assignment') {
      const op = current.childForFieldName('operator')?.type ?? '';
      if (RAISING_OPERATORS.has(op.replace(/=$/, ''))) return true;
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return false;
}

function isAsyncComprehension(node: Node): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'await') return true;
    if (current.type === 'for_in_clause' && current.children.some((c) => c?.type === 'async')) return true;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return false;
}

export default defineRule<MessageId>({
  id: 'HS305',
  name: 'materialized-argument',
  tier: 3,
  severity: 'warning',
  equivalents: ['C419'],
  fixable: true,
  messages: {
    shortCircuit: '`{{fn}}()` receives a fully built {{what}} comprehension, so every element is computed even when the answer is known after the first',
    reduce: '`{{fn}}()` receives a fully built {{what}} comprehension that it reads once; a generator would not hold every element in memory (it is not faster)',
  },
  docs: {
    summary: 'Comprehension materialized only to be consumed by any/all/sum/min/max',
    what:
      'Checks for a list (or set) comprehension passed directly to `any()` or `all()`, and a list comprehension ' +
      'passed to `sum()`, `min()` or `max()` (also a set comprehension to `min()`/`max()`).',
    why:
      '`any()` and `all()` stop at the first element that decides the answer, but a list comprehension computes ' +
      'every element before they start: on a match near the front, the generator version does a tiny fraction of ' +
      'the work (measured 180x-2000x with the first of 10,000 elements matching, CPython 3.8-3.13, ' +
      '`benchmarks/idiom-speedups/measure.py`); when nothing matches the generator is slower (0.1x-0.8x), so the ' +
      'gain depends on an early answer. For `sum`/`min`/`max` the whole input is read either way and the ' +
      'generator is slower in time (`sum`: 0.57x-0.94x, `max`: 0.71x-1.07x of the list version at 10,000 ' +
      'elements): its only gain is the memory of the intermediate list (O(n) to O(1)). That form is an ' +
      '`info` finding, at confidence `low` unless the comprehension iterates something the code shows is large ' +
      '(a file, a query). The `any`/`all` form is a warning only on such a large input, an `info` note otherwise: ' +
      'in the precision benchmark every judged finding of it ran over a handful of items.',
    example: { bad: BAD, good: GOOD },
    fix: 'Drop the brackets so the call receives a generator expression: `any(x > 0 for x in xs)`.',
    notes:
      'Covers Ruff C419 (whose stable version checks only `any`/`all`; `sum`/`min`/`max` are in preview). ' +
      'hotspy leaves `"".join([...])`, `sorted([...])` and `tuple([...])` alone: those consume their argument ' +
      'into a list first, so a list comprehension is as fast or faster there. `sum()` of a set comprehension is ' +
      'not flagged (deduplication changes the sum), nor comprehensions containing `await` or `async for`. The ' +
      'automatic fix is offered only when the generator provably does the same: the element, conditions and inner ' +
      'loops call nothing but pure builtins (a generator runs them interleaved with the consumer and turns a ' +
      '`StopIteration` into `RuntimeError`), the other arguments (`key=`, a start value) are pure too, and for ' +
      '`any`/`all`, which stop early, the skipped elements could not have raised (no subscripts or division) and ' +
      'every iterable is a collection or a fresh iterator over one (a file or generator would be left part-read). ' +
      'Set comprehensions are never rewritten: deduplication can decide which of equal elements `min`/`max` return. ' +
      'An `any`/`all` whose comprehension calls anything but pure builtins is kept at confidence `low`: ' +
      '`all([form.is_valid() for form in forms])` builds the list on purpose, so that every call runs.',
  },
  create(ctx) {
    const isPureCall = (call: Node) => {
      const name = builtinName(ctx.facts.bindings.calleeQualifiedName(call));
      return name !== undefined && PURE_CALLS.has(name);
    };
    /** A partial iteration of this iterable cannot be observed afterwards: a collection or a fresh iterator over one. */
    const restartable = (iterable: Node): boolean => {
      const node = unparen(iterable);
      if (COLLECTIONS.has(declaredKind(ctx.facts, node))) return true;
      if (node.type !== 'call') return false;
      const { positional, keywords, starred } = callArguments(node);
      if (starred || keywords.size > 0) return false;
      const name = builtinName(ctx.facts.bindings.calleeQualifiedName(node));
      if (name === 'range') return positional.every((a) => sideEffectFree(a, isPureCall));
      if (name !== undefined && FRESH_ITERATORS.has(name)) return positional.every(restartable);
      const view = methodCall(node);
      return !!view && ['keys', 'values', 'items'].includes(view.method) && positional.length === 0 && ctx.facts.bindings.kindOf(view.receiver) === 'dict';
    };
    /**
     * The generator must do the same work in the same order as the list did. The first iterable is
     * evaluated at once either way; everything else runs interleaved with the consumer, so it must
     * be pure, and the consumer's other arguments (`key=`, a `start`) too. `any`/`all` may also stop
     * early: the skipped elements must not have been able to raise, and the iterables must not be
     * shared iterators (a file, a generator) whose position the caller sees afterwards.
     */
    const keepsBehaviour = (fn: string, comprehension: Node, others: Node[], keywords: Map<string, Node>): boolean => {
      const clauses = namedChildren(comprehension).filter((c) => c.type === 'for_in_clause');
      const firstIterable = clauses[0]?.childForFieldName('right') ?? undefined;
      if (!firstIterable || !sideEffectFree(comprehension, isPureCall, firstIterable)) return false;
      for (const other of [...others, ...keywords.values()]) if (!sideEffectFree(other, isPureCall)) return false;
      // `key=f` is called once per element, interleaved with the comprehension's work
      const key = keywords.get('key');
      if (key && key.type !== 'lambda' && !PURE_CALLS.has(builtinName(ctx.facts.bindings.qualifiedName(key)) ?? '')) return false;
      if (!SHORT_CIRCUIT.has(fn)) return true;
      if (mayRaise(comprehension, firstIterable)) return false;
      return clauses.every((clause) => {
        const right = clause.childForFieldName('right');
        return right !== null && restartable(right);
      });
    };
    return {
      call(node: Node) {
        const tail = calleeTail(node);
        if (!tail || (!SHORT_CIRCUIT.has(tail) && !REDUCERS.has(tail))) return;
        const fn = builtinName(ctx.facts.bindings.calleeQualifiedName(node));
        if (!fn || (!SHORT_CIRCUIT.has(fn) && !REDUCERS.has(fn))) return;
        const args = node.childForFieldName('arguments');
        if (!args || args.type !== 'argument_list') return;
        const { positional, keywords, starred } = callArguments(node);
        if (starred || positional.length === 0) return;
        const first = positional[0];
        if (first.type !== 'list_comprehension' && first.type !== 'set_comprehension') return;
        if (SHORT_CIRCUIT.has(fn) && (positional.length !== 1 || keywords.size > 0)) return;
        if (fn === 'sum' && first.type === 'set_comprehension') return;
        if (isAsyncComprehension(first)) return;
        const sole = namedChildren(args).length === 1 && !args.children.some((c) => c?.type === ',');
        const edits = sole
          ? [
              { start: first.startIndex, end: first.startIndex + 1, content: '' },
              { start: first.endIndex - 1, end: first.endIndex, content: '' },
            ]
          : [
              { start: first.startIndex, end: first.startIndex + 1, content: '(' },
              { start: first.endIndex - 1, end: first.endIndex, content: ')' },
            ];
        const safe = first.type === 'list_comprehension' && keepsBehaviour(fn, first, positional.slice(1), keywords);
        const what = first.type === 'list_comprehension' ? 'list' : 'set';
        const reduces = !SHORT_CIRCUIT.has(fn);
        // a reducer reads every element either way: the generator only saves memory, and costs time
        const large = ctx.facts.scale.loopSize(first).size === 'large';
        // `all([form.is_valid() for form in forms])`: every call must run, for its effects; a generator would skip some
        const firstIterable = namedChildren(first).find((c) => c.type === 'for_in_clause')?.childForFieldName('right') ?? undefined;
        const callsForEffect = !reduces && !sideEffectFree(first, isPureCall, firstIterable);
        ctx.report({
          node: first,
          messageId: reduces ? 'reduce' : 'shortCircuit',
          data: { fn, what },
          fix: { description: `Pass a generator expression to \`${fn}()\` instead of the ${what} comprehension`, edits: safe ? edits : undefined },
          // any/all gain only when the answer comes early in a long input, and lose (0.6x-0.8x) when it comes
          // late: a warning only where the code shows the input is large
          ...(large ? {} : { severity: 'info' as const }),
          ...(reduces && !large
            ? { confidenceCap: { confidence: 'low' as const, evidence: `no evidence the list is large: a generator saves only its memory, and \`${fn}()\` over it is slower (0.6x-0.9x measured)` } }
            : {}),
          ...(callsForEffect
            ? { confidenceCap: { confidence: 'low' as const, evidence: `the comprehension calls functions that may act: the list may be there to run them all, a generator would stop after the answer` } }
            : {}),
        });
      },
    };
  },
});
