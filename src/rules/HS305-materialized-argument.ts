import type { Node } from '../python/parser.js';
import { callArguments, namedChildren } from '../python/syntax.js';
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

/** True when skipping some elements of the comprehension cannot change what else happens. */
function sideEffectFree(node: Node, isPureCall: (call: Node) => boolean): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'call' && !isPureCall(current)) return false;
    if (current.type === 'named_expression' || current.type === 'yield' || current.type === 'await') return false;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return true;
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
    reduce: '`{{fn}}()` receives a fully built {{what}} comprehension that it reads once; a generator computes the same result without holding every element in memory',
  },
  docs: {
    summary: 'Comprehension materialized only to be consumed by any/all/sum/min/max',
    what:
      'Checks for a list (or set) comprehension passed directly to `any()` or `all()`, and a list comprehension ' +
      'passed to `sum()`, `min()` or `max()` (also a set comprehension to `min()`/`max()`).',
    why:
      '`any()` and `all()` stop at the first element that decides the answer, but a list comprehension computes ' +
      'every element before they start: on a match near the front, the generator version does a tiny fraction of ' +
      'the work (10x and more on long inputs). For `sum`/`min`/`max` the whole input is read either way, so the ' +
      'gain is the memory of the intermediate list (O(n) to O(1)); for small inputs the list version can even be ' +
      'slightly faster, so expect 1.0x-1.2x in time there.',
    example: { bad: BAD, good: GOOD },
    fix: 'Drop the brackets so the call receives a generator expression: `any(x > 0 for x in xs)`.',
    notes:
      'Covers Ruff C419 (whose stable version checks only `any`/`all`; `sum`/`min`/`max` are in preview). ' +
      'hotspy leaves `"".join([...])`, `sorted([...])` and `tuple([...])` alone: those consume their argument ' +
      'into a list first, so a list comprehension is as fast or faster there. `sum()` of a set comprehension is ' +
      'not flagged (deduplication changes the sum), nor comprehensions containing `await` or `async for`. The ' +
      'automatic fix is offered for `any`/`all` only when the comprehension calls nothing that could have side ' +
      'effects, since the generator skips elements after the answer is known.',
  },
  create(ctx) {
    const isPureCall = (call: Node) => {
      const name = builtinName(ctx.facts.bindings.calleeQualifiedName(call));
      return name !== undefined && PURE_CALLS.has(name);
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
        const safe = !SHORT_CIRCUIT.has(fn) || sideEffectFree(first, isPureCall);
        const what = first.type === 'list_comprehension' ? 'list' : 'set';
        ctx.report({
          node: first,
          messageId: SHORT_CIRCUIT.has(fn) ? 'shortCircuit' : 'reduce',
          data: { fn, what },
          fix: { description: `Pass a generator expression to \`${fn}()\` instead of the ${what} comprehension`, edits: safe ? edits : undefined },
        });
      },
    };
  },
});
