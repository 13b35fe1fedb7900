import { exitsLoopAfter } from '../python/flow.js';
import type { Loop } from '../python/loops.js';
import type { Node } from '../python/parser.js';
import { callArguments, identifiersIn, methodCall, unparen } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'sortedInLoop' | 'sortInLoop' | 'pickEnd' | 'extremeOfSorted';

const VIEW_METHODS = new Set(['keys', 'values', 'items']);

/** `xs`, `self.xs`, `d.items()`: an expression that names a collection rather than computing one. */
function namesCollection(ctx: RuleContext<MessageId>, expr: Node, loop: Node): boolean {
  const e = unparen(expr);
  if (e.type === 'identifier' || e.type === 'attribute') return ctx.facts.loops.isInvariant(e, loop);
  const view = methodCall(e);
  if (view && VIEW_METHODS.has(view.method) && callArguments(e).positional.length === 0) {
    return namesCollection(ctx, view.receiver, loop);
  }
  return false;
}

/** A `key=`/`reverse=` argument that gives the same ordering on every iteration. */
function invariantOption(ctx: RuleContext<MessageId>, value: Node, loop: Node): boolean {
  const v = unparen(value);
  if (v.type === 'lambda') {
    const { names } = ctx.facts.loops.assignedIn(loop);
    return !identifiersIn(v).some((n) => names.has(n));
  }
  return ctx.facts.loops.isInvariant(v, loop, { allowCalls: true });
}

/** `0` -> 'first', `-1` -> 'last', anything else -> undefined. */
function endIndex(index: Node): 'first' | 'last' | undefined {
  const i = unparen(index);
  if (i.type === 'integer' && i.text === '0') return 'first';
  if (i.type === 'unary_operator' && i.text.replace(/\s+/g, '') === '-1') return 'last';
  return undefined;
}

function isTrue(node: Node | undefined): boolean {
  return !!node && unparen(node).type === 'true';
}

export default defineRule<MessageId>({
  id: 'HS106',
  name: 'sort-in-loop',
  tier: 1,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    sortedInLoop: '`sorted({{collection}})` sorts the same collection again on every loop iteration: O(n log n) each time',
    sortInLoop: '`{{receiver}}.sort()` sorts the whole list again on every loop iteration: O(n log n) each time',
    pickEnd: '`{{call}}` sorts everything to take one item: O(n log n) where `{{builtin}}()` is O(n)',
    extremeOfSorted: '`{{outer}}(sorted(...))` sorts before scanning for the {{extreme}} item: O(n log n) where `{{outer}}()` alone is O(n)',
  },
  docs: {
    summary: 'Sorting inside a loop, or sorting to take the smallest or largest item',
    what:
      'Checks for `sorted(xs)` and `xs.sort()` inside a loop when `xs` (and the `key=`) does not change ' +
      'from one iteration to the next, and, anywhere, for `sorted(xs)[0]`, `sorted(xs)[-1]` and ' +
      '`min(sorted(xs))` / `max(sorted(xs))`.',
    why:
      'A sort costs O(n log n). Repeating it on every iteration of a loop over m items costs O(m * n log n) ' +
      'for a result that could be computed once; re-sorting a list after each `append` makes building it ' +
      'O(n^2 log n) (Timsort helps on nearly sorted input, but still scans the whole list each time) where ' +
      '`bisect.insort` or a heap keeps it ordered for O(log n) comparisons per insert. Taking only the first ' +
      'or last item of a sorted copy pays O(n log n) and a full copy for what `min()`/`max()` find in one O(n) ' +
      'pass without allocating. On thousands of items and a hot loop the gain is 10x to 1000x; on a handful ' +
      'of items it is noise.',
    example: {
      bad: [
        'def ranks(scores, queries):',
        '    out = []',
        '    for q in queries:',
        '        ordered = sorted(scores)',
        '        out.append(ordered.index(q))',
        '    return out',
        '',
      ].join('\n'),
      good: [
        'def ranks(scores, queries):',
        '    ordered = sorted(scores)',
        '    position = {s: i for i, s in reversed(list(enumerate(ordered)))}',
        '    return [position[q] for q in queries]',
        '',
      ].join('\n'),
    },
    fix:
      'Sort once before the loop and reuse the result; keep a growing list ordered with `bisect.insort` or a ' +
      '`heapq`; use `min()`/`max()` (with the same `key=`) or `heapq.nsmallest` instead of sorting to pick items.',
    notes:
      'Ruff and Pylint have no rule for sorting in a loop. A sort whose input or `key=` depends on the ' +
      'iteration (for example `sorted(points, key=lambda p: dist(p, q))` for each `q`) is not reported, nor is ' +
      'a sort followed by `return`/`break`, which runs once. `list.sort()` is reported only when the receiver ' +
      'is known to be a list.',
  },
  create(ctx) {
    const loopFor = (node: Node): Loop | undefined => {
      const loop = ctx.facts.loops.innermostLoop(node);
      if (!loop || exitsLoopAfter(node, loop.node)) return undefined;
      return loop;
    };

    return {
      call(node: Node) {
        const name = ctx.facts.bindings.calleeQualifiedName(node);
        if (name === 'sorted') {
          const { positional, keywords, starred } = callArguments(node);
          if (starred || positional.length !== 1) return;
          const parent = node.parent;

          const index = parent?.type === 'subscript' && parent.childForFieldName('value')?.id === node.id ? parent.childForFieldName('subscript') : null;
          const end = index ? endIndex(index) : undefined;
          if (parent && end) {
            const reverse = isTrue(keywords.get('reverse'));
            const smallest = (end === 'first') !== reverse;
            const builtin = smallest ? 'min' : 'max';
            const key = keywords.get('key');
            ctx.report({
              node: parent,
              messageId: 'pickEnd',
              data: { call: `sorted(...)[${end === 'first' ? '0' : '-1'}]`, builtin },
              fix: { description: `Use \`${builtin}(${positional[0].text}${key ? `, key=${key.text}` : ''})\`` },
            });
            return;
          }

          const outerCall = parent?.type === 'argument_list' ? parent.parent : null;
          if (outerCall?.type === 'call') {
            const outer = ctx.facts.bindings.calleeQualifiedName(outerCall);
            const outerArgs = callArguments(outerCall);
            if ((outer === 'min' || outer === 'max') && outerArgs.positional.length === 1 && !outerArgs.starred && !keywords.has('key')) {
              ctx.report({
                node: outerCall,
                messageId: 'extremeOfSorted',
                data: { outer, extreme: outer === 'min' ? 'smallest' : 'largest' },
                fix: { description: `Drop \`sorted()\`: \`${outer}(${positional[0].text})\` gives the same result` },
              });
              return;
            }
          }

          const loop = loopFor(node);
          if (!loop) return;
          if (!namesCollection(ctx, positional[0], loop.node)) return;
          for (const [kw, value] of keywords) {
            if (kw !== 'key' && kw !== 'reverse') return;
            if (!invariantOption(ctx, value, loop.node)) return;
          }
          ctx.report({
            node,
            messageId: 'sortedInLoop',
            data: { collection: positional[0].text },
            fix: { description: `Sort \`${positional[0].text}\` once before the loop and reuse the result` },
          });
          return;
        }

        const method = methodCall(node);
        if (!method || method.method !== 'sort') return;
        const receiver = unparen(method.receiver);
        if (receiver.type !== 'identifier' && receiver.type !== 'attribute') return;
        if (ctx.facts.bindings.kindOf(receiver) !== 'list') return;
        const loop = loopFor(node);
        if (!loop || !ctx.facts.loops.isInvariant(receiver, loop.node)) return;
        const { keywords } = callArguments(node);
        for (const value of keywords.values()) if (!invariantOption(ctx, value, loop.node)) return;
        ctx.report({
          node,
          messageId: 'sortInLoop',
          data: { receiver: receiver.text },
          fix: { description: `Sort \`${receiver.text}\` once after the loop, or keep it ordered with \`bisect.insort\` or a \`heapq\`` },
        });
      },
    };
  },
});
