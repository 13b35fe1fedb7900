import { cacheDecorator } from '../python/cache-decorators.js';
import type { FileFacts } from '../python/facts.js';
import type { Node } from '../python/parser.js';
import { purityOf } from '../python/purity.js';
import { namedChildren, unparen } from '../python/syntax.js';
import { defineRule } from './define-rule.js';

type MessageId = 'mutable';

const MUTABLE_KINDS = new Set(['list', 'dict', 'set']);
const NESTED = new Set(['function_definition', 'class_definition', 'lambda']);
const TUPLE_FOR: Record<string, string> = {
  list: 'a tuple',
  dict: 'a `types.MappingProxyType` (or a tuple of pairs)',
  set: 'a frozenset',
};

/** The first `return <list/dict/set>` of the function's own body, with the kind it returns. */
function mutableReturn(facts: FileFacts, fn: Node): { node: Node; kind: string } | undefined {
  const body = fn.childForFieldName('body');
  const stack: Node[] = body ? [body] : [];
  const found: { node: Node; kind: string }[] = [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'return_statement') {
      const value = namedChildren(n)[0];
      if (value) {
        const kind = facts.bindings.kindOf(unparen(value));
        if (MUTABLE_KINDS.has(kind)) found.push({ node: value, kind });
      }
      continue;
    }
    for (const c of n.namedChildren) if (c && !NESTED.has(c.type)) stack.push(c);
  }
  found.sort((a, b) => a.node.startIndex - b.node.startIndex);
  return found[0];
}

export default defineRule<MessageId>({
  id: 'HS204',
  name: 'cached-mutable-result',
  tier: 2,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    mutable:
      '`{{name}}` is cached and returns a {{kind}}: every hit hands out the same object, so a caller that changes it changes the answer for all later callers',
  },
  docs: {
    summary: 'A cached function returns a list, dict or set that callers can change',
    what:
      'Checks for `@functools.cache` / `@functools.lru_cache` on a function that returns a list, a dict or a set ' +
      '(a display, a comprehension, `list(...)`/`dict(...)`/`set(...)`/`sorted(...)`, or a name bound only to one).',
    why:
      'A cache stores the object, not a copy: the first call builds it and every hit returns that same object. ' +
      'One caller that appends to the list, pops from the dict or sorts the list in place corrupts the cache for ' +
      'the rest of the run, and the bug shows up far from its cause. Defensive copies at every call site cost what ' +
      'the cache saved; returning an immutable value costs nothing on a hit.',
    example: {
      bad: [
        'from functools import lru_cache',
        '',
        '',
        '@lru_cache(maxsize=256)',
        'def divisors(n):',
        '    return [d for d in range(1, n + 1) if n % d == 0]',
        '',
      ].join('\n'),
      good: [
        'from functools import lru_cache',
        '',
        '',
        '@lru_cache(maxsize=256)',
        'def divisors(n):',
        '    return tuple(d for d in range(1, n + 1) if n % d == 0)',
        '',
      ].join('\n'),
    },
    fix:
      'Return an immutable value: a tuple instead of a list, a frozenset instead of a set, a ' +
      '`types.MappingProxyType` (read-only view) or a tuple of pairs instead of a dict. Or copy at the call ' +
      'sites that change the result, and say so in the docstring.',
    notes: 'Results of unknown kind (objects of other classes, values from other modules) are not reported.',
  },
  create(ctx) {
    return {
      function_definition(node: Node) {
        // a generator's `return` ends the iteration; it is not what callers get
        if (!cacheDecorator(ctx.facts, node) || purityOf(ctx.facts, node)?.generator) return;
        const found = mutableReturn(ctx.facts, node);
        if (!found) return;
        const name = node.childForFieldName('name')!;
        ctx.report({
          node: found.node,
          messageId: 'mutable',
          data: { name: name.text, kind: found.kind },
          fix: { description: `Return ${TUPLE_FOR[found.kind]} from \`${name.text}\`, or copy where callers change it` },
        });
      },
    };
  },
});
