import type { Node } from '../python/parser.js';
import { callArguments, comparison, field, identifiersIn, namedChildren, statements, unparen } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'pairwise';

/** What one loop walks: the collection (when known), the item name and the index name. */
interface Walk {
  collection?: string;
  item?: string;
  index?: string;
}

const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

function dotted(node: Node): string | undefined {
  const n = unparen(node);
  return n.type === 'identifier' || n.type === 'attribute' ? n.text : undefined;
}

/** `xs` or `xs[i + 1:]` -> "xs". */
function collectionOf(node: Node): string | undefined {
  const n = unparen(node);
  if (n.type === 'subscript' && n.childForFieldName('subscript')?.type === 'slice') {
    const value = n.childForFieldName('value');
    return value ? dotted(value) : undefined;
  }
  return dotted(n);
}

/** Reads `for x in xs`, `for x in xs[i+1:]`, `for i, x in enumerate(xs)`, `for i in range(len(xs))`. */
function walkOf(ctx: RuleContext<MessageId>, left: Node, right: Node): Walk | undefined {
  const target = unparen(left);
  const iterable = unparen(right);
  if (iterable.type === 'call') {
    const callee = ctx.facts.bindings.calleeQualifiedName(iterable);
    const { positional } = callArguments(iterable);
    if (callee === 'enumerate' && positional[0]) {
      const items = namedChildren(target);
      if ((target.type !== 'pattern_list' && target.type !== 'tuple_pattern') || items.length !== 2) return undefined;
      if (items.some((i) => i.type !== 'identifier')) return undefined;
      const collection = collectionOf(positional[0]);
      return collection ? { collection, index: items[0].text, item: items[1].text } : undefined;
    }
    if (callee === 'range' && target.type === 'identifier') {
      // `range(len(xs))`, `range(i + 1, len(xs))`: the collection shows in a `len()` argument
      let collection: string | undefined;
      for (const arg of positional) {
        const a = unparen(arg);
        if (a.type === 'call' && ctx.facts.bindings.calleeQualifiedName(a) === 'len') {
          const inner = callArguments(a).positional[0];
          collection = inner ? dotted(inner) : undefined;
        }
      }
      return { collection, index: target.text };
    }
    return undefined;
  }
  if (target.type !== 'identifier') return undefined;
  const collection = collectionOf(iterable);
  return collection ? { collection, item: target.text } : undefined;
}

/**
 * Which loop's item a side of `==` reads: the item name itself or `xs[i]` for the loop's index,
 * and nothing of the other loop. Returns the side with the item replaced by `_`, to compare shapes.
 */
function itemShape(side: Node, mine: Walk, other: Walk): { shape: string; collection?: string } | undefined {
  const ids = identifiersIn(side);
  if ((other.item && ids.includes(other.item)) || (other.index && ids.includes(other.index))) return undefined;
  if (mine.item && ids.includes(mine.item)) {
    if (mine.index && ids.includes(mine.index)) return undefined;
    return { shape: replaceName(side, mine.item), collection: mine.collection };
  }
  if (mine.index && ids.includes(mine.index)) {
    // the index must only be used to pick the item: `xs[i]` / `xs[i].key`
    const subscripts = findSubscripts(side, mine.index);
    if (subscripts.length !== 1) return undefined;
    const sub = subscripts[0];
    if (ids.filter((n) => n === mine.index).length !== 1) return undefined;
    const value = sub.childForFieldName('value');
    const collection = value ? dotted(value) : undefined;
    if (!collection) return undefined;
    const shape = side.text.slice(0, sub.startIndex - side.startIndex) + '_' + side.text.slice(sub.endIndex - side.startIndex);
    return { shape: shape.replace(/\s+/g, ''), collection };
  }
  return undefined;
}

function replaceName(side: Node, name: string): string {
  return side.text.replace(new RegExp(`(?<![\\w.])${name}(?!\\w)`, 'g'), '_').replace(/\s+/g, '');
}

function findSubscripts(node: Node, index: string): Node[] {
  const found: Node[] = [];
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'subscript' && unparen(current.childForFieldName('subscript') ?? current).text === index) {
      found.push(current);
      continue;
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return found;
}

/** Consumers of a generator of comparisons that search for a matching pair. */
const SEARCHING_CONSUMERS = new Set(['any', 'all', 'sum', 'next', 'filter']);

/**
 * True when the comparison's job is to find matching pairs: it decides an `if` (or a
 * comprehension's `if`) whose branch does something with the match, or it is the element a
 * searching consumer (`any`, `sum` ...) reads. Not when it only skips the item paired with itself
 * (`if u == v: continue`), is asserted or passed to a call (all-pairs tests check every pair on
 * purpose), or fills a table cell for every pair (dynamic programming, equality matrices): those
 * loops visit every pair by design and a set cannot replace them.
 */
function findsMatches(ctx: RuleContext<MessageId>, cmp: Node, stop: Node, walks: Walk[]): boolean {
  let child = cmp;
  for (let node = cmp.parent; node && node.id !== stop.id; child = node, node = node.parent) {
    switch (node.type) {
      case 'boolean_operator':
      case 'parenthesized_expression':
        continue;
      case 'not_operator':
        return false;
      case 'if_clause':
        return true;
      case 'if_statement':
      case 'elif_clause': {
        if (node.childForFieldName('condition')?.id !== child.id) return false;
        const branch = statements(node.childForFieldName('consequence'));
        if (branch.every((s) => s.type === 'continue_statement' || s.type === 'pass_statement')) return false;
        return !branch.some((s) => fillsPairTable(s, walks));
      }
      default:
        return false;
    }
  }
  // the comprehension's element itself: `any(a == b for ...)`
  if (child.id !== cmp.id && !['boolean_operator', 'parenthesized_expression'].includes(child.type)) return false;
  const consumer = stop.parent?.type === 'argument_list' ? stop.parent.parent : stop.parent;
  if (stop.type === 'generator_expression' && consumer?.type === 'call') {
    return SEARCHING_CONSUMERS.has(ctx.facts.bindings.calleeQualifiedName(consumer) ?? '');
  }
  return false;
}

/** `dp[i][j] = ...` / `t[i, j] = ...`: a statement that writes a cell keyed by both loops. */
function fillsPairTable(statement: Node, walks: Walk[]): boolean {
  const stack = [statement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      const left = unparen(node.childForFieldName('left') ?? node);
      if (left.type === 'subscript') {
        const ids = identifiersIn(left);
        const uses = (w: Walk) => (w.index && ids.includes(w.index)) || (w.item && ids.includes(w.item));
        if (walks.every(uses)) return true;
      }
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** The first `==` in `roots` that compares an item of the outer walk with an item of the inner one. */
function pairwiseComparison(
  ctx: RuleContext<MessageId>,
  roots: Node[],
  stop: Node,
  outer: Walk,
  inner: Walk,
): { node: Node; collection: string; key: string } | undefined {
  const stack = [...roots];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (NESTED_SCOPES.has(current.type)) continue;
    const cmp = comparison(current);
    if (cmp && cmp.op === '==' && findsMatches(ctx, current, stop, [outer, inner])) {
      for (const [a, b] of [[cmp.left, cmp.right], [cmp.right, cmp.left]]) {
        const o = itemShape(a, outer, inner);
        const i = itemShape(b, inner, outer);
        if (!o || !i || o.shape !== i.shape) continue;
        const collection = o.collection ?? i.collection;
        if (!collection || (o.collection && o.collection !== collection) || (i.collection && i.collection !== collection)) continue;
        return { node: current, collection, key: o.shape };
      }
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return undefined;
}

export default defineRule<MessageId>({
  id: 'HS103',
  name: 'quadratic-pairwise-loop',
  tier: 1,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    pairwise: 'Nested loops over `{{collection}}` compare every pair of its items (`{{comparison}}`): O(n^2)',
  },
  docs: {
    summary: 'Nested loops over one collection comparing its items pairwise',
    what:
      'Checks for two nested loops (or a comprehension with two `for` clauses) over the same collection ' +
      'whose body tests two items for equality on the same field: `for i in range(n): for j in range(i + 1, ' +
      'n): if a[i] == a[j]`, `for x in xs: for y in xs: if x.key == y.key`, `enumerate` and slices included. ' +
      'This is the hand-written duplicate finder.',
    why:
      'Comparing every pair costs n*(n-1)/2 comparisons: 50 million for 10,000 items. Grouping by the ' +
      'compared value in one pass with a `set`, a `dict` or `collections.Counter` finds the same duplicates in ' +
      'O(n): 1000x fewer operations at that size, and the gap widens with n. For a few dozen items it does not ' +
      'matter. The rule only looks at equality; pairwise tests such as distances or overlaps need other ' +
      'structures (sorting, spatial indexes) and are not reported.',
    example: {
      bad: [
        'def has_duplicates(items):',
        '    for i in range(len(items)):',
        '        for j in range(i + 1, len(items)):',
        '            if items[i] == items[j]:',
        '                return True',
        '    return False',
        '',
      ].join('\n'),
      good: [
        'def has_duplicates(items):',
        '    seen = set()',
        '    for item in items:',
        '        if item in seen:',
        '            return True',
        '        seen.add(item)',
        '    return False',
        '',
      ].join('\n'),
    },
    fix:
      'Walk the collection once: keep a `set` of the keys seen so far (or `collections.Counter` / a dict of ' +
      'lists when you need counts or all the members of each group).',
    notes:
      'Ruff, Pylint and perflint have no rule for this. Comparisons of indices (`i == j`), of different fields ' +
      '(`x.start == y.end`), of two different collections (see HS102 for searching one collection per item of ' +
      'another) and non-equality tests are not reported; nor are loops that visit every pair by design: a ' +
      '`if u == v: continue` guard that skips an item paired with itself, assertions over all pairs, and ' +
      'tables filled with a cell per pair (dynamic programming). Items must be hashable for the set-based fix.',
  },
  create(ctx) {
    const check = (report: Node, endNode: Node, outer: Walk, inner: Walk, roots: Node[], outerLoop: Node): void => {
      const found = pairwiseComparison(ctx, roots, report, outer, inner);
      if (!found) return;
      const names = ctx.facts.loops.assignedIn(outerLoop).names;
      if (names.has(found.collection.split('.')[0])) return;
      ctx.report({
        node: report,
        endNode,
        messageId: 'pairwise',
        data: { collection: found.collection, comparison: found.node.text },
        fix: { description: `Find equal items in one pass with a \`set\` or \`collections.Counter\` of \`${found.key.replace(/_/g, 'item')}\`` },
      });
    };

    return {
      for_statement(node: Node) {
        const outer = ctx.facts.loops.innermostLoop(node);
        if (!outer || outer.node.type !== 'for_statement') return;
        const walk = (loop: Node) => {
          const left = loop.childForFieldName('left');
          const right = loop.childForFieldName('right');
          return left && right ? walkOf(ctx, left, right) : undefined;
        };
        const o = walk(outer.node);
        const i = walk(node);
        if (!o || !i) return;
        if (o.collection && i.collection && o.collection !== i.collection) return;
        const body = field(node, 'body');
        const right = field(node, 'right');
        if (!body || !right) return;
        check(node, right, o, i, [body], outer.node);
      },
      ...Object.fromEntries(
        ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'].map((type) => [
          type,
          (node: Node) => {
            const children = namedChildren(node);
            const fors = children.filter((c) => c.type === 'for_in_clause');
            if (fors.length !== 2) return;
            const walks = fors.map((f) => {
              const left = f.childForFieldName('left');
              const right = f.childForFieldName('right');
              return left && right ? walkOf(ctx, left, right) : undefined;
            });
            const [o, i] = walks;
            if (!o || !i) return;
            if (o.collection && i.collection && o.collection !== i.collection) return;
            const roots = children.filter((c) => c.type !== 'for_in_clause');
            check(node, node, o, i, roots, node);
          },
        ]),
      ),
    };
  },
});
