import type { ValueKind } from '../python/bindings.js';
import type { Node } from '../python/parser.js';
import { callArguments, contains, dottedName, field, methodCall, unparen } from '../python/syntax.js';
import { staysUnchanged } from '../python/mutation.js';
import { builtinName, calleeTail, callsOutside, mayMutate, shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'iterate' | 'wrapped';

/** Kinds that iterate the same elements as a list copy of them. */
const ITERABLE = new Set<ValueKind>(['list', 'tuple', 'set', 'frozenset', 'str', 'bytes', 'range', 'dict']);
/** Calls that already return a new list, so `list()` around them copies it once more. */
const LIST_PRODUCERS = new Set(['sorted', 'list']);
const DICT_VIEWS = new Set(['keys', 'values', 'items']);
/** Replacement text that can stand anywhere an expression can, without parentheses. */
const ATOMS = new Set([
  'identifier', 'attribute', 'call', 'subscript', 'list', 'set', 'tuple', 'dictionary', 'list_comprehension',
  'set_comprehension', 'dictionary_comprehension', 'generator_expression', 'parenthesized_expression', 'string',
  'concatenated_string', 'integer', 'float', 'true', 'false', 'none',
]);
/** Bracketed forms whose text may span lines without parentheses around it. */
const BRACKETED = new Set([
  'list', 'set', 'tuple', 'dictionary', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension',
  'generator_expression', 'parenthesized_expression', 'call',
]);

const BAD = `def report(scores):
    total = 0
    for score in list(scores):
        total += score
    return total

scores = [3, 1, 2]
report(scores)
ranked = list(sorted(scores))
`;

const GOOD = `def report(scores):
    total = 0
    for score in scores:
        total += score
    return total

scores = [3, 1, 2]
report(scores)
ranked = sorted(scores)
`;

/** Builtins that run a generator to its end before anything else runs. */
const EAGER_CONSUMERS = new Set(['sum', 'any', 'all', 'min', 'max', 'sorted', 'list', 'tuple', 'set', 'frozenset', 'dict']);
/** Builtins a consumer may call back as `key=` without reaching any collection. */
const HARMLESS_KEYS = new Set(['len', 'str', 'repr', 'abs', 'int', 'float', 'bool', 'id', 'hash', 'ord']);

/**
 * The code that runs while a generator expression is iterated, when it is handed straight to a
 * builtin that drains it (`sum(f(x) for x in list(s))`): the consumer's other arguments. Undefined
 * when the generator may be iterated later or by code we cannot see (`s.update(... for x in list(s))`
 * adds to `s` while the generator still reads it): the copy is then the snapshot the code needs.
 */
function drainingConsumer(ctx: RuleContext<MessageId>, generator: Node): Node[] | undefined {
  let call = generator.parent;
  if (call?.type === 'argument_list') call = call.parent;
  if (call?.type !== 'call') return undefined;
  const { positional, keywords, starred } = callArguments(call);
  if (starred || (positional[0]?.id !== generator.id && call.childForFieldName('arguments')?.id !== generator.id)) return undefined;
  const name = builtinName(ctx.facts.bindings.calleeQualifiedName(call));
  const join = methodCall(call);
  const isJoin = join?.method === 'join' && ctx.facts.bindings.kindOf(join.receiver) === 'str';
  if (!isJoin && (name === undefined || !EAGER_CONSUMERS.has(name))) return undefined;
  const others = positional.slice(1);
  for (const [keyword, value] of keywords) {
    if (keyword !== 'key') others.push(value);
    else if (value.type === 'lambda') others.push(value);
    else if (value.type !== 'identifier' || !HARMLESS_KEYS.has(builtinName(ctx.facts.bindings.qualifiedName(value)) ?? '')) return undefined;
  }
  return others;
}

/** The single plain positional argument of a `list(...)` call, or undefined. */
function listCallArgument(ctx: RuleContext<MessageId>, call: Node): Node | undefined {
  if (call.type !== 'call' || calleeTail(call) !== 'list') return undefined;
  if (builtinName(ctx.facts.bindings.calleeQualifiedName(call)) !== 'list') return undefined;
  const { positional, keywords, starred } = callArguments(call);
  if (positional.length !== 1 || keywords.size > 0 || starred) return undefined;
  const arg = positional[0];
  // `list(x for x in y)` is the generator form of a comprehension, not a copy of a collection
  if (arg.type === 'generator_expression') return undefined;
  return arg;
}

/** The collection whose mutation would make the copy necessary: `d` for `d.keys()`, else the argument. */
function copiedCollection(ctx: RuleContext<MessageId>, arg: Node): { node: Node; kind: string } | undefined {
  const value = unparen(arg);
  const view = value.type === 'call' ? methodCall(value) : undefined;
  if (view && DICT_VIEWS.has(view.method) && callArguments(value).positional.length === 0) {
    const kind = ctx.facts.bindings.kindOf(view.receiver);
    return kind === 'dict' ? { node: view.receiver, kind: 'dict view' } : undefined;
  }
  const kind = ctx.facts.bindings.kindOf(value);
  return ITERABLE.has(kind) ? { node: value, kind } : undefined;
}

/** Text edits replacing `list(arg)` with `arg`, or undefined when the result could change meaning. */
function unwrapEdits(ctx: RuleContext<MessageId>, call: Node, arg: Node) {
  if (contains(call, new Set(['comment']))) return undefined;
  let content = arg.text;
  if (content.includes('\n') && !BRACKETED.has(arg.type)) return undefined;
  if (!ATOMS.has(arg.type)) content = `(${content})`;
  // `for i in(list)(x)` has no space before the call: keep the keyword apart from the name
  const before = ctx.facts.text[call.startIndex - 1] ?? '';
  if (/[\w]/.test(before) && /^[\w]/.test(content)) content = ` ${content}`;
  return [{ start: call.startIndex, end: call.endIndex, content }];
}

export default defineRule<MessageId>({
  id: 'HS308',
  name: 'unnecessary-list-copy',
  tier: 3,
  // copying a list is one C pass: 1.0x-1.2x on a light loop (measured), a note rather than a warning
  severity: 'info',
  equivalents: ['PERF101', 'C411', 'C413'],
  fixable: true,
  messages: {
    iterate: '`{{call}}` copies a {{kind}} into a new list only to iterate it (an extra O(n) pass and allocation)',
    wrapped: '`list()` around `{{inner}}` copies a list that is already new',
  },
  docs: {
    summary: 'A list copy that serves nothing',
    what:
      'Checks for `for x in list(y)` (and the same in a comprehension) where `y` is a list, tuple, set, string, ' +
      'range or dict (also `list(d.keys())` and friends) that the loop does not mutate, and for `list()` wrapped ' +
      'around a call that already returns a new list: `list(sorted(x))`, `list([... for ...])`, `list(list(x))`.',
    why:
      'Copying allocates a list and touches every element once before the real work starts: O(n) time and O(n) ' +
      'memory that buy nothing when the source does not change during the loop. The copy itself runs in C, so the ' +
      'saving is small: `for x in xs` against `for x in list(xs)` measured 1.0x-1.2x on a loop that only adds ' +
      '(10,000 ints, CPython 3.8-3.13, `benchmarks/idiom-speedups/measure.py`), negligible when the body ' +
      'dominates; on large collections the avoided allocation also lowers peak memory. Hence an `info` note.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Iterate the collection directly (`for x in y`), and drop `list()` around `sorted(...)` or a list ' +
      'comprehension. Keep the copy when the loop adds to or removes from the collection.',
    notes:
      'Ruff (PERF101) checks only `for` statements over a list, tuple or set it can see. hotspy also checks ' +
      'comprehensions, strings, ranges, dicts and dict views (`for k in list(d)`, `list(d.items())`) when the loop ' +
      'body never mentions the dict in a way that could mutate it, and `list()` around `sorted()` or a ' +
      'comprehension anywhere (flake8-comprehensions C411/C413). A call in the loop that receives the collection ' +
      'counts as a possible mutation, and a global or attribute is only flagged when the loop calls nothing but ' +
      'harmless builtins, since any other call (a callback, a `close()` that unregisters itself) may change it: there ' +
      'the copy is the usual defence, which Ruff does not consider. The automatic fix is stricter still: it ' +
      'drops the copy only when nothing that runs during the loop can change the collection: an immutable value, ' +
      'or a local that nobody else can reach (built fresh, never aliased, stored, passed on or captured) and that ' +
      'the loop never mutates by name, or a loop that calls nothing but harmless builtins and stores through no ' +
      'other name. A generator expression must be drained at once by a builtin (`sum`, `sorted`, `set` ...): ' +
      'and `s.update(f(x) for x in list(s))` is not reported at all: `update` changes `s` while the generator ' +
      'reads it, so the copy is needed.',
  },
  create(ctx) {
    /** A name bound in the scope that runs the loop (a local, or a module name used at module level). */
    const isLocal = (node: Node, loop: Node) => {
      if (node.type !== 'identifier') return false;
      const scope = ctx.facts.scopeOf(loop).functionScope();
      return scope.resolve(node.text) === scope;
    };
    const checkLoop = (loop: Node, iterable: Node | null, repeated: Node[]) => {
      if (!iterable) return;
      const call = unparen(iterable);
      const arg = listCallArgument(ctx, call);
      if (!arg) return;
      const copied = copiedCollection(ctx, arg);
      if (!copied) return;
      const source = dottedName(copied.node);
      // a display or a call result is a fresh object nothing else can reach, so only names can change
      if (source && repeated.some((part) => mayMutate(part, source))) return;
      // `d.update(f(k) for k in list(d))`: the call consuming the generator changes the source while it reads
      if (source && loop.type === 'generator_expression') {
        const consumer = loop.parent?.type === 'argument_list' ? loop.parent.parent : loop.parent;
        const receiver = consumer?.type === 'call' ? methodCall(consumer)?.receiver : undefined;
        if (receiver && consumer && mayMutate(consumer, source) && dottedName(receiver) === source) return;
      }
      // a global or an attribute can also change inside whatever the loop calls (callbacks, `close()`
      // that unregisters itself): the copy is the usual defence, so only calls-free loops are flagged
      if (source && !isLocal(copied.node, loop) && repeated.some(callsOutside)) return;
      // the edit must keep behaviour: nothing that runs during the loop may change the source
      const during = loop.type === 'generator_expression' ? drainingConsumer(ctx, loop) : [];
      const safe = during !== undefined && staysUnchanged(ctx.facts, copied.node, [...repeated, ...during]);
      ctx.report({
        node: call,
        messageId: 'iterate',
        data: { call: shortText(call), kind: copied.kind },
        fix: { description: `Iterate \`${shortText(arg)}\` directly`, edits: safe ? unwrapEdits(ctx, call, arg) : undefined },
      });
    };
    return {
      for_statement(node: Node) {
        const repeated = [field(node, 'body'), node.childForFieldName('alternative')].filter((n): n is Node => !!n);
        checkLoop(node, field(node, 'right'), repeated);
      },
      for_in_clause(node: Node) {
        const comprehension = node.parent;
        if (!comprehension) return;
        const repeated = comprehension.namedChildren.filter((c): c is Node => c !== null && c.id !== node.id);
        checkLoop(comprehension, field(node, 'right'), repeated);
      },
      call(node: Node) {
        const arg = listCallArgument(ctx, node);
        if (!arg) return;
        const inner = unparen(arg);
        const innerName = inner.type === 'call' ? builtinName(ctx.facts.bindings.calleeQualifiedName(inner)) : undefined;
        const producesList = inner.type === 'list_comprehension' || (innerName !== undefined && LIST_PRODUCERS.has(innerName));
        if (!producesList) return;
        // the loop visitor reports `for x in list(sorted(y))` already, as one finding
        const parent = node.parent;
        if ((parent?.type === 'for_statement' || parent?.type === 'for_in_clause') && parent.childForFieldName('right')?.id === node.id) {
          if (copiedCollection(ctx, arg)) return;
        }
        ctx.report({
          node,
          messageId: 'wrapped',
          data: { inner: shortText(inner) },
          fix: { description: 'Remove the outer `list()` call', edits: unwrapEdits(ctx, node, arg) },
        });
      },
    };
  },
});
