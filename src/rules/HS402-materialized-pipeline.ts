import type { Node } from '../python/parser.js';
import { singleIteration } from '../python/single-use.js';
import { callArguments, contains, dottedName, identifiersIn, namedChildren, unparen } from '../python/syntax.js';
import { builtinName, isLightBuiltin, mayMutate, mentions, onlyLightCalls, shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'pipeline';

/** Lazy iterators that `list(...)` drains at once. */
const LAZY_CALLS = new Set(['map', 'filter', 'zip', 'enumerate', 'reversed']);
/** Statements that end a loop early: a lazy pipeline would then skip the rest of its work. */
const EARLY_EXITS = new Set(['break_statement', 'return_statement', 'raise_statement', 'yield', 'await']);

const BAD = `def shipped_weight(orders):
    weights = [o.weight * o.quantity for o in orders if o.shipped]
    total = 0.0
    for w in weights:
        total += w
    return total
`;

const GOOD = `def shipped_weight(orders):
    weights = (o.weight * o.quantity for o in orders if o.shipped)
    total = 0.0
    for w in weights:
        total += w
    return total
`;

/** `[... for ...]`, or `list(<generator | map | filter ...>)`: the list and the pipeline it drains. */
function materialized(ctx: RuleContext<MessageId>, node: Node): Node | undefined {
  if (node.type === 'list_comprehension') return node;
  if (node.type !== 'call' || builtinName(ctx.facts.bindings.calleeQualifiedName(node)) !== 'list') return undefined;
  const { positional, keywords, starred } = callArguments(node);
  if (positional.length !== 1 || keywords.size > 0 || starred) return undefined;
  const inner = unparen(positional[0]);
  if (inner.type === 'generator_expression') return inner;
  if (inner.type === 'call' && LAZY_CALLS.has(builtinName(ctx.facts.bindings.calleeQualifiedName(inner)) ?? '')) return inner;
  return undefined;
}

/** `filter(None, xs)`, `map(str, xs)`: a lazy call whose function is a light builtin (its arguments are checked apart). */
function lazyPure(call: Node): boolean {
  const fn = callArguments(call).positional[0];
  return fn !== undefined && (fn.type === 'none' || (fn.type === 'identifier' && isLightBuiltin(fn.text)));
}

/**
 * Names the pipeline reads from outside itself (its sources and the functions it calls), and the
 * dotted spelling of each iterable it walks (`self.jar`): a loop that changes one of them while a
 * generator still walks it fails ("changed size during iteration") or sees other items.
 */
function freeNames(pipeline: Node): Set<string> {
  const bound = new Set<string>();
  const iterables: string[] = [];
  const clauses = pipeline.type === 'call' ? callArguments(pipeline).positional.slice(1) : namedChildren(pipeline).filter((c) => c.type === 'for_in_clause');
  for (const clause of clauses) {
    const left = clause.type === 'for_in_clause' ? clause.childForFieldName('left') : null;
    if (left) for (const id of identifiersIn(left)) bound.add(id);
    const right = clause.type === 'for_in_clause' ? clause.childForFieldName('right') : clause;
    const dotted = right ? dottedName(unparen(right)) : undefined;
    if (dotted?.includes('.')) iterables.push(dotted);
  }
  return new Set([...identifiersIn(pipeline).filter((n) => !bound.has(n)), ...iterables]);
}

/** The statements that run between the binding and the loop, in the same block. */
function between(statement: Node, loop: Node): Node[] | undefined {
  const loopStatement = loop.type === 'for_statement' ? loop : enclosingStatement(loop);
  if (!loopStatement || loopStatement.parent?.id !== statement.parent?.id) return undefined;
  const out: Node[] = [];
  for (let s = statement.nextNamedSibling; s && s.id !== loopStatement.id; s = s.nextNamedSibling) out.push(s);
  return out;
}

function enclosingStatement(node: Node): Node | undefined {
  let current: Node | null = node;
  while (current && !(current.parent?.type === 'block' || current.parent?.type === 'module')) current = current.parent;
  return current ?? undefined;
}

/** What runs once per item besides the pipeline: the `for` body, or the comprehension's other parts. */
function consumerParts(loop: Node): Node[] {
  if (loop.type === 'for_statement') return [loop.childForFieldName('body'), loop.childForFieldName('alternative')].filter((n): n is Node => !!n);
  const first = namedChildren(loop).find((c) => c.type === 'for_in_clause');
  return namedChildren(loop).filter((c) => c.id !== first?.id);
}

export default defineRule<MessageId>({
  id: 'HS402',
  name: 'materialized-pipeline',
  tier: 4,
  severity: 'info',
  equivalents: [],
  fixable: false,
  messages: {
    pipeline: '`{{name}}` holds a whole list built only to be iterated once at line {{line}}: a generator expression yields the same items one at a time',
  },
  docs: {
    summary: 'A list built only to be iterated once',
    what:
      'Checks for a local name bound to a list comprehension or to `list(<generator | map | filter ...>)` whose only ' +
      'use is as the iterable of one loop in the same block (a `for` statement or a comprehension) that runs no more ' +
      'often than the binding: never indexed, measured, returned, passed on or iterated twice.',
    why:
      'The list holds every item at once: its pointer array (8 bytes an item) and every item it computed, all alive ' +
      'until the loop ends. A generator computes each item when the loop asks for it and drops it after, so peak ' +
      'memory no longer grows with the input (measured in docs/measured-claims.md: a million ints peak at ' +
      '40.4 MB in a list, 0.001 MB through a generator). Time stays about the same; CPython iterates a ' +
      'list slightly faster than it resumes a generator, so the gain is memory only and matters for large inputs.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Replace the brackets with parentheses (`(... for ...)`), or drop the `list()` around the generator, `map` ' +
      'or `filter`. Keep the list when the loop needs the items more than once or in another order.',
    notes:
      'A generator runs the pipeline interleaved with the loop instead of before it, so hotspy stays silent when ' +
      'that could be seen: the loop or the statements before it change a name the pipeline reads (`rows.clear()`, ' +
      'passing it to a call), the pipeline calls functions while the loop also calls anything but harmless builtins ' +
      '(the order of their side effects would change), the loop can stop early (`break`, `return`, `raise`) while ' +
      'the pipeline calls functions (a generator would skip their remaining calls), or the list and the loop are ' +
      'in different blocks (a file closed by the end of a `with` block would be read too late). Exceptions raised ' +
      'by the pipeline then surface during the loop instead of before it.',
  },
  create(ctx) {
    const check = (node: Node) => {
      const pipeline = materialized(ctx, node);
      if (!pipeline) return;
      const single = singleIteration(ctx.facts, node);
      if (!single) return;
      const before = between(single.statement, single.loop);
      if (!before) return;
      const consumer = consumerParts(single.loop);
      const sources = [...freeNames(pipeline)];
      // the loop, or what runs before it, must not change what the pipeline reads
      const { names } = ctx.facts.loops.assignedIn(single.loop);
      for (const source of sources) {
        if (names.has(source)) return;
        if (consumer.some((part) => mayMutate(part, source))) return;
        if (before.some((s) => mentions(s, source.split('.')[0]) || mayMutate(s, source))) return;
      }
      if (!before.every((s) => onlyLightCalls(s))) return;
      // side effects of the pipeline's calls must keep their order relative to the loop's
      const pipelineCalls = !onlyLightCalls(pipeline, (call) => call.id === pipeline.id && pipeline.type === 'call' && lazyPure(call));
      if (pipelineCalls && !consumer.every((part) => onlyLightCalls(part))) return;
      if (pipelineCalls && consumer.some((part) => contains(part, EARLY_EXITS))) return;
      ctx.report({
        node,
        messageId: 'pipeline',
        data: { name: single.name, line: single.loop.startPosition.row + 1, text: shortText(node) },
        related: [single.use],
      });
    };
    return { list_comprehension: check, call: check };
  },
});
