import type { ValueKind } from '../python/bindings.js';
import { holdsUnhashable, knownUnhashable } from '../python/hashable.js';
import type { Node } from '../python/parser.js';
import { comparison, unparen } from '../python/syntax.js';
import { defineRule } from './define-rule.js';
import { listChangeInLoop, OncePerLoop } from './same-list-in-loop.js';

const SEQUENCES = new Set<ValueKind>(['list', 'tuple']);
/** Node types that can name a long-lived collection (displays like `[1, 2]` are small constants). */
const NAMED = new Set(['identifier', 'attribute', 'call']);

export default defineRule<'membership' | 'growing'>({
  id: 'HS101',
  name: 'list-membership-in-loop',
  tier: 1,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    membership: '`{{test}}` scans the {{kind}} `{{haystack}}` on every loop iteration (O(n) each time)',
    growing: '`{{test}}` scans the list `{{haystack}}` that the loop itself grows: O(n) per test, O(n^2) in all',
  },
  docs: {
    summary: 'Membership test against a list or tuple inside a loop',
    what:
      'Checks for `x in xs` and `x not in xs` inside a loop or comprehension, where `xs` is known to be a ' +
      'list or tuple (from a literal, `list()`, `sorted()`, `.split()`, a comprehension, an annotation ...) ' +
      'and does not change from one iteration to the next.',
    why:
      'Testing membership in a list compares the needle with every element until one matches: O(len(xs)). ' +
      'Inside a loop over m items the loop becomes O(n*m). A `set` or `dict` answers the same question in ' +
      'O(1) on average by hashing. On 200,000 records checked against a 5,000-entry list this is the ' +
      'difference between minutes and a fraction of a second; the guides measure list-vs-set membership at ' +
      '80x to 400x on lists of a few thousand items. The gain is small for lists of a handful of items.',
    example: {
      bad: [
        'blocked = ["alice", "bob", "carol"]',
        'def visible(users):',
        '    return [u for u in users if u not in blocked]',
        '',
      ].join('\n'),
      good: [
        'blocked = {"alice", "bob", "carol"}',
        'def visible(users):',
        '    return [u for u in users if u not in blocked]',
        '',
      ].join('\n'),
    },
    fix:
      'Build `set(xs)` once before the loop (or a dict keyed by the field you look up) and test membership ' +
      'against it. Keep the list too if its order matters. When the loop itself appends to the list (the ' +
      'order-preserving de-duplication `if x not in seen: seen.append(x)`), a set built before the loop would ' +
      'go stale: keep a companion set that the loop adds to beside the list, or replace the loop with ' +
      '`list(dict.fromkeys(items))`.',
    notes:
      'Several tests against one list in one loop are one finding, with the other lines as related ' +
      'locations; a suppression comment on any of them silences it. ' +
      'Ruff has no rule for this pattern (its `PLR6201` only covers literal displays such as `x in [1, 2]`, ' +
      'which hotspy leaves alone because their size is a small constant).',
  },
  create(ctx) {
    const once = new OncePerLoop();
    /** The list a membership test scans in a loop, when it is one this rule reports. */
    const scanned = (node: Node): { haystack: Node; loop: Node; kind: ValueKind } | undefined => {
      const cmp = comparison(node);
      if (!cmp || (cmp.op !== 'in' && cmp.op !== 'not in')) return undefined;
      const haystack = unparen(cmp.right);
      if (!NAMED.has(haystack.type)) return undefined;
      const loop = ctx.facts.loops.innermostLoop(node);
      if (!loop) return undefined;
      const kind = ctx.facts.bindings.kindOf(haystack);
      if (!SEQUENCES.has(kind)) return undefined;
      // a set cannot hold lists, dicts or tuples of them: the fix would raise TypeError
      if (knownUnhashable(ctx.facts, cmp.left) || holdsUnhashable(ctx.facts, haystack)) return undefined;
      // a list rebuilt on every iteration costs O(n) to build anyway: the membership test adds nothing
      if (!ctx.facts.loops.isInvariant(haystack, loop.node, { allowCalls: true })) return undefined;
      return { haystack, loop: loop.node, kind };
    };
    return {
      comparison_operator(node: Node) {
        const found = scanned(node);
        if (!found) return;
        const { haystack, loop, kind } = found;
        const related = once.claim(ctx.facts, loop, haystack.text, node, 'comparison_operator', (other) => {
          const o = scanned(other);
          return o !== undefined && o.haystack.text === haystack.text;
        });
        if (!related) return;
        const data = { test: node.text, kind, haystack: haystack.text };
        const change = kind === 'list' ? listChangeInLoop(ctx.facts, node, haystack.text) : 'none';
        // items set, deleted or popped in the loop: neither a set built once nor one kept beside it by adding holds
        if (change === 'changes') return;
        if (change === 'grows') {
          ctx.report({
            node,
            related,
            messageId: 'growing',
            data,
            fix: {
              description:
                `Keep a \`set\` beside \`${haystack.text}\` and test membership against it (add to both), or build the ` +
                `list once with \`list(dict.fromkeys(items))\` when it only removes duplicates in order`,
            },
          });
          return;
        }
        ctx.report({
          node,
          related,
          messageId: 'membership',
          data,
          fix: { description: `Build a \`set\` from \`${haystack.text}\` once before the loop and test membership against it` },
        });
      },
    };
  },
});
