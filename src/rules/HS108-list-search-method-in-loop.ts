import type { ValueKind } from '../python/bindings.js';
import { exitsLoopAfter } from '../python/flow.js';
import { holdsUnhashable, knownUnhashable } from '../python/hashable.js';
import type { Node } from '../python/parser.js';
import { callArguments, methodCall, unparen } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';
import { GROWING, listChangeInLoop, OncePerLoop } from './same-list-in-loop.js';

/** `remove` in the loop, with the growing methods. */
const REMOVING = new Set([...GROWING, 'remove']);
const ONLY_REMOVE = new Set(['remove']);

type MessageId = 'search' | 'removeFromCopy';

/** Method -> the sequence kinds that have it, the argument counts it takes, and the fix. */
const METHODS: Record<string, { kinds: ValueKind[]; args: [number, number]; fix: string }> = {
  index: { kinds: ['list', 'tuple'], args: [1, 3], fix: 'Build a dict from item to position once before the loop' },
  count: { kinds: ['list', 'tuple'], args: [1, 1], fix: 'Count every item once with `collections.Counter` before the loop' },
  // `remove` drops the first copy only: a plain set filter would drop every copy of a duplicate
  remove: {
    kinds: ['list'],
    args: [1, 1],
    fix:
      'Filter once after collecting the items to drop: with `drop = collections.Counter(...)`, keep each item unless ' +
      '`drop[x] > 0` (then decrement it), which drops one copy per `remove` call as the loop does; a plain set ' +
      'filter is right only when the list holds no duplicates',
  },
};

/** Fixes when the loop itself grows the list: an index built before the loop would go stale. */
const GROWING_FIX: Record<string, string> = {
  index: 'Keep a dict from item to position up to date beside the list (the loop grows it, so an index built before the loop goes stale)',
  count: 'Keep a `collections.Counter` up to date beside the list (the loop grows it)',
  remove:
    'Keep the items in a dict instead of a list (insertion-ordered): `del d[x]` and `d[x] = None` are O(1), and ' +
    '`OrderedDict.move_to_end(x)` moves an item to the end',
};

/**
 * `for x in xs[:]:` / `for x in list(xs):` / `for x in xs.copy():` around `xs.remove(...)`: the loop
 * walks a copy so that it can remove from the original, one O(n) `remove` per dropped item. A slice
 * copy shows `xs` is a sequence even when its kind is unknown; the other copies need a known list
 * (a set has `.copy()` and an O(1) `remove`).
 */
function iteratesCopyOf(ctx: RuleContext<MessageId>, loop: Node, receiver: Node, known: boolean): boolean {
  if (loop.type !== 'for_statement') return false;
  const iterable = unparen(loop.childForFieldName('right') ?? loop);
  const name = receiver.text;
  if (iterable.type === 'subscript') {
    const index = iterable.childForFieldName('subscript');
    return iterable.childForFieldName('value')?.text === name && index?.type === 'slice' && index.text.replace(/\s/g, '') === ':';
  }
  if (!known || iterable.type !== 'call') return false;
  const args = callArguments(iterable).positional;
  if (ctx.facts.bindings.calleeQualifiedName(iterable) === 'list' && args.length === 1) return unparen(args[0]).text === name;
  const method = methodCall(iterable);
  return method?.method === 'copy' && args.length === 0 && unparen(method.receiver).text === name;
}

export default defineRule<MessageId>({
  id: 'HS108',
  name: 'list-search-method-in-loop',
  tier: 1,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    search: '`{{receiver}}.{{method}}()` scans the {{kind}} on every loop iteration: O(n) each time, O(n*m) overall',
    removeFromCopy:
      '`{{receiver}}.remove()` in a loop over a copy of `{{receiver}}` scans and shifts the list once per removed item: O(n^2)',
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
      'result once with a comprehension that skips the items to drop (a set of them when the list holds no ' +
      'duplicates; a `Counter` of them, decremented as copies are dropped, when it may: `remove` drops one copy per call).',
    notes:
      'Ruff and Pylint have no rule for this. `str.index` / `str.count` (substring search) are not reported: ' +
      'the receiver must be known to be a list or tuple. A list rebuilt inside the loop is not reported, nor ' +
      'is a call followed by `break`/`return`. Several calls of one method on one list in one loop are one ' +
      'finding with related locations. `xs.remove(x)` in a loop over a copy (`for x in xs[:]`) is reported even ' +
      'when the kind of `xs` is unknown: the slice shows it is a sequence. When the loop itself grows the list, ' +
      'the fix keeps a dict or `Counter` up to date beside it instead of building one before the loop.',
  },
  create(ctx) {
    const once = new OncePerLoop();
    /** The search a call makes in a loop, when it is one this rule reports. */
    const search = (node: Node) => {
      const method = methodCall(node);
      const spec = method ? METHODS[method.method] : undefined;
      if (!method || !spec) return undefined;
      const { positional, keywords, starred } = callArguments(node);
      if (starred || keywords.size > 0 || positional.length < spec.args[0] || positional.length > spec.args[1]) return undefined;
      const receiver = unparen(method.receiver);
      if (receiver.type !== 'identifier' && receiver.type !== 'attribute') return undefined;
      const loop = ctx.facts.loops.innermostLoop(node);
      if (!loop || !ctx.facts.loops.isInvariant(receiver, loop.node)) return undefined;
      const kind = ctx.facts.bindings.kindOf(receiver);
      const overCopy = method.method === 'remove' && (kind === 'list' || kind === 'unknown') && iteratesCopyOf(ctx, loop.node, receiver, kind === 'list');
      if (!spec.kinds.includes(kind) && !overCopy) return undefined;
      if (exitsLoopAfter(node, loop.node)) return undefined;
      // a position dict, a Counter or a set of the items to drop all hash them: lists and dicts raise TypeError
      if (!overCopy && (knownUnhashable(ctx.facts, positional[0]) || holdsUnhashable(ctx.facts, receiver))) return undefined;
      return { method: method.method, spec, receiver, loop: loop.node, kind, overCopy };
    };
    return {
      call(node: Node) {
        const found = search(node);
        if (!found) return;
        const { receiver, spec, loop, kind } = found;
        const related = once.claim(ctx.facts, loop, `${receiver.text}.${found.method}`, node, 'call', (other) => {
          const o = search(other);
          return o !== undefined && o.receiver.text === receiver.text && o.method === found.method;
        });
        if (!related) return;
        if (found.overCopy) {
          ctx.report({
            node,
            related,
            messageId: 'removeFromCopy',
            data: { receiver: receiver.text },
            fix: { description: `Rebuild the list once instead: \`${receiver.text}[:] = [x for x in ${receiver.text} if <keep x>]\`` },
          });
          return;
        }
        // `remove` itself changes the list; any other change (items set or deleted, pops, a call that
        // may change it) leaves no index or filter that can be built once, nor one kept beside it by adding
        const removes = found.method === 'remove';
        const change = listChangeInLoop(ctx.facts, node, receiver.text, removes ? REMOVING : GROWING);
        if (change === 'changes') return;
        const grows = removes ? listChangeInLoop(ctx.facts, node, receiver.text, ONLY_REMOVE) !== 'grows' : change === 'grows';
        ctx.report({
          node,
          related,
          messageId: 'search',
          data: { receiver: receiver.text, method: found.method, kind },
          fix: { description: grows ? GROWING_FIX[found.method] : spec.fix },
        });
      },
    };
  },
});
