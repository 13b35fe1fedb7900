import type { ValueKind } from '../python/bindings.js';
import { exitsLoopAfter } from '../python/flow.js';
import type { Node } from '../python/parser.js';
import { callArguments, methodCall, unparen } from '../python/syntax.js';
import { defineRule } from './define-rule.js';

type MessageId = 'search';

/** Method -> the sequence kinds that have it, the argument counts it takes, and the fix. */
const METHODS: Record<string, { kinds: ValueKind[]; args: [number, number]; fix: string }> = {
  index: { kinds: ['list', 'tuple'], args: [1, 3], fix: 'Build a dict from item to position once before the loop' },
  count: { kinds: ['list', 'tuple'], args: [1, 1], fix: 'Count every item once with `collections.Counter` before the loop' },
  remove: { kinds: ['list'], args: [1, 1], fix: 'Filter once with a set of the items to drop (`[x for x in xs if x not in drop]`)' },
};

export default defineRule<MessageId>({
  id: 'HS108',
  name: 'list-search-method-in-loop',
  tier: 1,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    search: '`{{receiver}}.{{method}}()` scans the {{kind}} on every loop iteration: O(n) each time, O(n*m) overall',
  },
  docs: {
    summary: '`list.index()`, `list.count()` or `list.remove()` inside a loop',
    what:
      'Checks for `xs.index(x)`, `xs.count(x)` and `xs.remove(x)` inside a loop or comprehension, when `xs` is ' +
      'known to be a list (or a tuple, for `index`/`count`) and is the same object on every iteration.',
    why:
      'Each of these methods walks the list from the start comparing items until it finds a match (`index`, ' +
      '`remove`) or to the very end (`count`); `remove` then shifts every later item. Called once per ' +
      'iteration, the loop becomes O(n*m). A dict of positions, a `collections.Counter` built in one pass, or ' +
      'a set of the items to drop answer each question in O(1). On lists of thousands of items the gain is ' +
      '100x and more; on a handful of items it does not matter.',
    example: {
      bad: [
        'def positions(order, wanted):',
        '    seq = list(order)',
        '    return [seq.index(w) for w in wanted]',
        '',
      ].join('\n'),
      good: [
        'def positions(order, wanted):',
        '    where = {item: i for i, item in reversed(list(enumerate(order)))}',
        '    return [where[w] for w in wanted]',
        '',
      ].join('\n'),
    },
    fix:
      'Build the index once before the loop: `{item: i for i, item in enumerate(xs)}` for `index` (iterate in ' +
      'reverse to keep the first position), `collections.Counter(xs)` for `count`, and for `remove` build the ' +
      'result once with a comprehension that skips the items in a set.',
    notes:
      'Ruff and Pylint have no rule for this. `str.index` / `str.count` (substring search) are not reported: ' +
      'the receiver must be known to be a list or tuple. A list rebuilt inside the loop is not reported, nor ' +
      'is a call followed by `break`/`return`.',
  },
  create(ctx) {
    return {
      call(node: Node) {
        const method = methodCall(node);
        const spec = method ? METHODS[method.method] : undefined;
        if (!method || !spec) return;
        const { positional, keywords, starred } = callArguments(node);
        if (starred || keywords.size > 0 || positional.length < spec.args[0] || positional.length > spec.args[1]) return;
        const receiver = unparen(method.receiver);
        if (receiver.type !== 'identifier' && receiver.type !== 'attribute') return;
        const kind = ctx.facts.bindings.kindOf(receiver);
        if (!spec.kinds.includes(kind)) return;
        const loop = ctx.facts.loops.innermostLoop(node);
        if (!loop || !ctx.facts.loops.isInvariant(receiver, loop.node)) return;
        if (exitsLoopAfter(node, loop.node)) return;
        ctx.report({
          node,
          messageId: 'search',
          data: { receiver: receiver.text, method: method.method, kind },
          fix: { description: spec.fix },
        });
      },
    };
  },
});
