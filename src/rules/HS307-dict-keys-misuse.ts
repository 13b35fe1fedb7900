import type { Node } from '../python/parser.js';
import { callArguments, comparison, field, methodCall, namedChildren, unparen } from '../python/syntax.js';
import { isReadAfter, mayMutate, mentions, shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'keysIn' | 'keysLoop' | 'itemsKeys' | 'itemsValues';

/** Kinds whose `.keys()` / `.items()` behave like a dict's (unknown receivers included, as Ruff does). */
const MAPPING_KINDS = new Set(['dict', 'unknown']);
/** Ruff's default dummy-variable pattern: `_`, `__`, `_unused`. */
const DUMMY = /^(_+|_+[a-zA-Z0-9_]*[a-zA-Z0-9]+?)$/;

const BAD = `prices = {"apple": 3, "pear": 2}
def total(order):
    amount = 0
    for name in prices.keys():
        if name in order.keys():
            amount += prices[name]
    for _, price in prices.items():
        amount += price
    return amount
`;

const GOOD = `prices = {"apple": 3, "pear": 2}
def total(order):
    amount = 0
    for name in prices:
        if name in order:
            amount += prices[name]
    for price in prices.values():
        amount += price
    return amount
`;

/** A no-argument `.keys()` / `.items()` call and its receiver. */
function viewCall(expr: Node, method: string): { call: Node; receiver: Node } | undefined {
  const call = unparen(expr);
  const m = call.type === 'call' ? methodCall(call) : undefined;
  if (!m || m.method !== method) return undefined;
  const { positional, keywords, starred } = callArguments(call);
  if (positional.length > 0 || keywords.size > 0 || starred) return undefined;
  return { call, receiver: m.receiver };
}

/** `self.keys()` inside a class usually implements the mapping protocol itself (Ruff skips it too). */
function isSelf(ctx: RuleContext<MessageId>, receiver: Node): boolean {
  const r = unparen(receiver);
  if (r.type !== 'identifier') return false;
  const scope = ctx.facts.scopeOf(r).functionScope();
  return scope.selfName === r.text;
}

/** Is every name in this target a dummy (`_`, `(_, _)`)? */
function allDummy(target: Node): boolean {
  const t = unparen(target);
  if (t.type === 'identifier') return DUMMY.test(t.text);
  if (t.type === 'tuple_pattern' || t.type === 'pattern_list' || t.type === 'tuple' || t.type === 'list_pattern') {
    const items = namedChildren(t);
    return items.length > 0 && items.every(allDummy);
  }
  return false;
}

/** How many identifiers `name` under `node` pass `counts` (attribute and keyword names excluded). */
function countMentions(node: Node, name: string, counts: (id: Node) => boolean): number {
  let count = 0;
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'identifier') {
      if (current.text === name && mentions(current, name) && counts(current)) count++;
      continue;
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return count;
}

function mentionsAny(node: Node, names: string[]): boolean {
  return names.some((n) => mentions(node, n));
}

function namesIn(target: Node): string[] {
  const t = unparen(target);
  if (t.type === 'identifier') return [t.text];
  return namedChildren(t).flatMap(namesIn);
}

export default defineRule<MessageId>({
  id: 'HS307',
  name: 'dict-keys-misuse',
  tier: 3,
  severity: 'info',
  equivalents: ['PERF102', 'SIM118'],
  fixable: true,
  messages: {
    keysIn: '`{{test}}` builds a keys view to test membership; `{{op}} {{dict}}` asks the dict directly',
    keysLoop: '`for {{target}} in {{call}}` builds a keys view to iterate; iterating `{{dict}}` yields the same keys',
    itemsKeys: '`{{call}}` builds a (key, value) tuple per entry but only the key is used',
    itemsValues: '`{{call}}` builds a (key, value) tuple per entry but only the value is used',
  },
  docs: {
    summary: 'Keys view or items tuple that the code does not need',
    what:
      'Checks for `k in d.keys()` and `k not in d.keys()`, for `for k in d.keys()` (also in comprehensions), and for ' +
      'iterating `d.items()` into a pair whose key or value is never used (`for _, v in d.items()`, ' +
      '`for k, unused in d.items()`).',
    why:
      'A dict is already a container of its keys: `k in d` and `for k in d` skip the method call and the view ' +
      'object. `d.items()` creates a tuple for every entry and unpacks it; when half of it is thrown away, ' +
      '`d.values()` or the dict itself does the same work with less. Measured with ' +
      '`benchmarks/idiom-speedups/measure.py` (10,000 entries, CPython 3.8-3.13): `x in d` is 1.6x-2.1x faster ' +
      'than `x in d.keys()`, and `for k in d` 1.1x-1.9x faster than `for k, _ in d.items()`; the gain vanishes ' +
      'when the loop body is heavy, and the change also reads better.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Write `k in d` and `for k in d`; iterate `d.values()` when only values are used, and the dict itself when ' +
      'only keys are used.',
    notes:
      'Covers Ruff SIM118 and PERF102. Ruff (stable) flags unused `.items()` halves only in `for` statements; ' +
      'hotspy also flags them in comprehensions (as Ruff preview does). Like Ruff, hotspy flags receivers of unknown ' +
      'type (a no-argument `.keys()` / `.items()` is the mapping protocol) but never `self.keys()`, which usually ' +
      'implements the protocol. A receiver not known to be a dict is reported at confidence `low` (shown with ' +
      '`--confidence low`): a DataFrame\'s `.values` is an array, a duck-typed mapping may have `keys()` but iterate ' +
      'otherwise, and a client\'s `keys()` may be a command; in the precision benchmark those were 11 of the 12 ' +
      'wrong findings. hotspy offers the rewrite as an automatic fix only when the receiver is known to be a ' +
      'dict and the loop does not change it, and drops the unused half of an `items()` pair only inside a function ' +
      'that names it nowhere else (a closure, `locals()` or a later read would see it unbound).',
  },
  create(ctx) {
    const kindOf = (receiver: Node) => ctx.facts.bindings.kindOf(receiver);
    /** Receivers not known to be dicts stay reported (Ruff does) but hidden by default. */
    const capFor = (receiver: Node) =>
      kindOf(receiver) === 'dict'
        ? undefined
        : {
            confidence: 'low' as const,
            evidence: `\`${shortText(receiver)}\` is not known to be a dict (a DataFrame, a duck-typed mapping or a client object may not iterate its keys)`,
          };
    /** Edits are only safe on a real dict that the loop leaves alone. */
    const safe = (receiver: Node, repeated: Node[]) => {
      if (kindOf(receiver) !== 'dict') return false;
      const text = unparen(receiver).text;
      return !repeated.some((part) => mayMutate(part, text));
    };
    const dropCall = (view: { call: Node; receiver: Node }) =>
      ctx.facts.text.slice(view.receiver.endIndex, view.call.endIndex).includes('#')
        ? undefined
        : [{ start: view.receiver.endIndex, end: view.call.endIndex, content: '' }];
    /**
     * A `for` statement's target is a variable of the whole function: dropping one of its names is
     * only unobservable in a function that names it nowhere else (a closure, a `global`, a read
     * before the loop or `locals()` would all see the difference). At module level the name is
     * also an attribute importers may read, so it stays.
     */
    const unusedElsewhere = (loop: Node, target: Node) => (names: string[]) => {
      const scope = ctx.facts.scopeOf(loop).functionScope();
      if (scope.kind !== 'function' || mentionsAny(scope.node, ['locals', 'vars', 'eval', 'exec'])) return false;
      const count = (node: Node, n: string) => countMentions(node, n, (id) => ctx.facts.scopeOf(id).resolve(n) === scope);
      return names.every((n) => !scope.globals.has(n) && !scope.nonlocals.has(n) && count(scope.node, n) === count(target, n));
    };

    const checkLoop = (
      target: Node | null,
      iterable: Node | null,
      repeated: Node[],
      isUsed: (name: string) => boolean,
      mayDrop: (names: string[]) => boolean,
    ) => {
      if (!target || !iterable) return;
      const keys = viewCall(iterable, 'keys');
      if (keys && MAPPING_KINDS.has(kindOf(keys.receiver)) && !isSelf(ctx, keys.receiver)) {
        const canFix = safe(keys.receiver, repeated);
        ctx.report({
          node: target,
          messageId: 'keysLoop',
          data: { target: shortText(target), call: shortText(keys.call), dict: shortText(keys.receiver) },
          fix: { description: `Iterate \`${shortText(keys.receiver)}\` directly`, edits: canFix ? dropCall(keys) : undefined },
          confidenceCap: capFor(keys.receiver),
        });
        return;
      }
      const items = viewCall(iterable, 'items');
      if (!items || !MAPPING_KINDS.has(kindOf(items.receiver)) || isSelf(ctx, items.receiver)) return;
      const t = unparen(target);
      if (t.type !== 'pattern_list' && t.type !== 'tuple_pattern' && t.type !== 'list_pattern') return;
      const parts = namedChildren(t);
      if (parts.length !== 2) return;
      // `for _, v in d.items()` says which half is wanted even when the body is still empty
      const dummy = parts.map(allDummy);
      const unused = dummy[0] !== dummy[1] ? dummy : parts.map((part) => dummy[0] || namesIn(part).every((n) => !isUsed(n)));
      if (unused[0] === unused[1]) return;
      const kept = unused[0] ? parts[1] : parts[0];
      // the dropped half is no longer bound: nothing may read it, whatever its name (`_` may be gettext)
      const dropped = namesIn(unused[0] ? parts[0] : parts[1]);
      const canFix =
        safe(items.receiver, repeated) &&
        !ctx.facts.text.slice(target.startIndex, items.call.endIndex).includes('#') &&
        dropped.every((n) => !isUsed(n)) &&
        mayDrop(dropped);
      const receiverText = unparen(items.receiver).text;
      const edits = canFix
        ? unused[0]
          ? [
              { start: target.startIndex, end: target.endIndex, content: kept.text },
              { start: items.receiver.endIndex, end: items.call.endIndex, content: `${ctx.facts.text.slice(items.receiver.endIndex, items.call.endIndex).replace(/items\s*\(\s*\)$/, 'values()')}` },
            ]
          : [
              { start: target.startIndex, end: target.endIndex, content: kept.text },
              { start: items.receiver.endIndex, end: items.call.endIndex, content: '' },
            ]
        : undefined;
      ctx.report({
        node: items.call,
        messageId: unused[0] ? 'itemsValues' : 'itemsKeys',
        data: { call: shortText(items.call) },
        fix: {
          description: unused[0] ? `Iterate \`${receiverText}.values()\`` : `Iterate \`${receiverText}\` itself for its keys`,
          edits,
        },
        confidenceCap: capFor(items.receiver),
      });
    };

    return {
      comparison_operator(node: Node) {
        const cmp = comparison(node);
        if (!cmp || (cmp.op !== 'in' && cmp.op !== 'not in')) return;
        const keys = viewCall(cmp.right, 'keys');
        if (!keys || !MAPPING_KINDS.has(kindOf(keys.receiver)) || isSelf(ctx, keys.receiver)) return;
        ctx.report({
          node,
          messageId: 'keysIn',
          data: { test: shortText(node), op: cmp.op, dict: shortText(keys.receiver) },
          fix: {
            description: `Test \`${cmp.op} ${shortText(keys.receiver)}\` directly`,
            edits: kindOf(keys.receiver) === 'dict' ? dropCall(keys) : undefined,
          },
          confidenceCap: capFor(keys.receiver),
        });
      },
      for_statement(node: Node) {
        const body = field(node, 'body');
        const alternative = node.childForFieldName('alternative');
        const repeated = [body, alternative].filter((n): n is Node => !!n);
        const left = field(node, 'left');
        checkLoop(
          left,
          field(node, 'right'),
          repeated,
          (name) => repeated.some((part) => mentions(part, name)) || isReadAfter(node, name),
          left ? unusedElsewhere(node, left) : () => false,
        );
      },
      for_in_clause(node: Node) {
        const comprehension = node.parent;
        if (!comprehension) return;
        const others = comprehension.namedChildren.filter((c): c is Node => c !== null && c.id !== node.id);
        // comprehension targets are local to the comprehension: only its own parts can read them
        checkLoop(
          field(node, 'left'),
          field(node, 'right'),
          others,
          (name) => others.some((part) => mentions(part, name)),
          () => true,
        );
      },
    };
  },
});
