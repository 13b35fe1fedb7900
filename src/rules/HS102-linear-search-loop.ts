import type { ValueKind } from '../python/bindings.js';
import type { Loop } from '../python/loops.js';
import type { Node } from '../python/parser.js';
import { loopChange } from '../python/mutation.js';
import { callArguments, comparison, dottedName, field, identifiersIn, methodCall, namedChildren, statements, unparen } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'searchLoop' | 'searchNext';

/** Scanning these for an equal item is a substring or counter question, not a lookup. */
const NOT_COLLECTIONS = new Set<ValueKind>(['str', 'bytes', 'range', 'int', 'float', 'bool', 'none']);
const VIEW_METHODS = new Set(['keys', 'values', 'items']);

/** `ref`, `self.rows`, `index.values()`: a collection that can be indexed ahead of time. */
function collectionRoot(expr: Node): Node | undefined {
  const e = unparen(expr);
  if (e.type === 'identifier' || e.type === 'attribute') return e;
  const view = methodCall(e);
  if (view && VIEW_METHODS.has(view.method) && callArguments(e).positional.length === 0) return collectionRoot(view.receiver);
  return undefined;
}

/** Conjuncts of an `and` chain: `a == b and c` -> [a == b, c]. */
function conjuncts(node: Node): Node[] {
  const n = unparen(node);
  if (n.type === 'boolean_operator' && n.childForFieldName('operator')?.type === 'and') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    return [...(left ? conjuncts(left) : []), ...(right ? conjuncts(right) : [])];
  }
  return [n];
}

/** Kinds that can never be a dict key. */
const UNHASHABLE = new Set<ValueKind>(['list', 'dict', 'set', 'ndarray', 'DataFrame', 'Series']);
/** Kinds that are always usable as a dict key. */
const HASHABLE = new Set<ValueKind>(['str', 'bytes', 'int', 'float', 'bool', 'tuple', 'frozenset', 'none']);

/**
 * The key equality of a search: `r.key == k` where one side reads only the searched item and
 * the other reads only values that change with the outer loop. Returns the item side, and the
 * other conditions (which read only the item: the dict is then built from the items that pass
 * them). Undefined when a dict keyed by the compared value would not give the same first match:
 * another condition reads the outer loop (`r.key == k and r.start <= t`), or the key cannot be
 * hashed (a list, or whole items of unknown kind compared with a value of unknown kind).
 */
function keyEquality(
  ctx: RuleContext<MessageId>,
  condition: Node,
  itemNames: Set<string>,
  outer: Loop,
): { item: Node | Node[]; filters: Node[] } | undefined {
  const outerNames = ctx.facts.loops.assignedIn(outer.node).names;
  const parts = conjuncts(condition);
  /** The item side of `item.f == value from the outer loop`, either way round. */
  const itemSide = (part: Node): { item: Node; needle: Node } | undefined => {
    const cmp = comparison(part);
    if (!cmp || cmp.op !== '==') return undefined;
    for (const [item, needle] of [[cmp.left, cmp.right], [cmp.right, cmp.left]]) {
      const itemIds = identifiersIn(item);
      const needleIds = identifiersIn(needle);
      if (!itemIds.some((n) => itemNames.has(n))) continue;
      if (needleIds.some((n) => itemNames.has(n))) continue;
      if (!needleIds.some((n) => outerNames.has(n))) continue;
      return { item, needle };
    }
    return undefined;
  };
  const itemOnly = (p: Node) => {
    const ids = identifiersIn(p);
    return ids.some((n) => itemNames.has(n)) && !ids.some((n) => outerNames.has(n) && !itemNames.has(n));
  };
  const keys: Node[] = [];
  const filters: Node[] = [];
  for (const part of parts) {
    const side = itemSide(part);
    if (side) {
      if (!hashableKey(ctx, unparen(side.item), side.needle, itemNames)) return undefined;
      keys.push(side.item);
    } else if (itemOnly(part)) {
      filters.push(part);
    } else {
      // another condition on the outer loop (`r.start <= t`): the first match by key is not the answer
      return undefined;
    }
  }
  if (keys.length === 0) return undefined;
  return { item: keys.length === 1 ? keys[0] : keys, filters };
}

function hashableKey(ctx: RuleContext<MessageId>, item: Node, needle: Node, itemNames: Set<string>): boolean {
  const kinds = [ctx.facts.bindings.kindOf(item), ctx.facts.bindings.kindOf(needle)];
  if (kinds.some((k) => UNHASHABLE.has(k))) return false;
  // the whole item as the key: rows of lists or dicts cannot be dict keys
  if (item.type === 'identifier' && itemNames.has(item.text)) return kinds.some((k) => HASHABLE.has(k));
  return true;
}

const NO_METHODS: ReadonlySet<string> = new Set();

function isSearchedCollection(ctx: RuleContext<MessageId>, iterable: Node, outer: Loop): Node | undefined {
  const root = collectionRoot(iterable);
  if (!root) return undefined;
  if (NOT_COLLECTIONS.has(ctx.facts.bindings.kindOf(root))) return undefined;
  if (!ctx.facts.loops.isInvariant(root, outer.node)) return undefined;
  // the loops add to the collection or change it (`states.append(st)` after a failed search): an
  // index built once before them misses the new items
  const name = dottedName(root);
  const outermost = ctx.facts.loops.enclosingLoops(iterable).pop();
  if (name && outermost && loopChange(ctx.facts, outermost.node, name, NO_METHODS) !== 'none') return undefined;
  // two loops over the same collection compare pairs: HS103's business
  if (outer.node.type === 'for_statement') {
    const outerIterable = field(outer.node, 'right');
    const outerRoot = outerIterable ? collectionRoot(outerIterable) : undefined;
    if (outerRoot && outerRoot.text === root.text) return undefined;
  }
  return root;
}

const keyText = (item: Node | Node[]) => (Array.isArray(item) ? `(${item.map((i) => i.text).join(', ')})` : item.text);

const fixFor = (collection: string, key: string, filters: Node[]) =>
  `Index \`${collection}\` once before the outer loop in a dict keyed by \`${key}\`` +
  (filters.length > 0 ? ` (only the items where \`${filters.map((f) => f.text).join(' and ')}\`)` : '') +
  ' and look items up in it (keep the first item per key, as the search did)';

export default defineRule<MessageId>({
  id: 'HS102',
  name: 'linear-search-loop',
  tier: 1,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    searchLoop: '`for {{item}} in {{collection}}` searches `{{collection}}` for a match on every iteration of the enclosing loop: O(n*m)',
    searchNext: '`next({{item}} for {{item}} in {{collection}} if ...)` searches `{{collection}}` for a match on every iteration of the enclosing loop: O(n*m)',
  },
  docs: {
    summary: 'Nested loop that only searches a collection for a matching item',
    what:
      'Checks for an inner loop whose whole body is `if <item field> == <value from the outer loop>: ... ' +
      'break` (or `return`), and for `next(x for x in xs if x.key == k)`, inside another loop, when the ' +
      'searched collection is the same on every outer iteration.',
    why:
      'The inner loop is a hand-written linear search: O(len(collection)) for every outer item, O(n*m) in ' +
      'total. Building a dict keyed by the compared field once costs O(n), after which each lookup is O(1) ' +
      'on average, so the whole job becomes O(n + m). Joining 10,000 records against 10,000 references drops ' +
      'from 10^8 comparisons to 2*10^4 dict operations: 100x to 1000x. With a handful of references the loop ' +
      'is fine.',
    example: {
      bad: [
        'def attach_owners(orders, customers):',
        '    for order in orders:',
        '        for c in customers:',
        '            if c.id == order.customer_id:',
        '                order.owner = c',
        '                break',
        '',
      ].join('\n'),
      good: [
        'def attach_owners(orders, customers):',
        '    by_id = {}',
        '    for c in customers:',
        '        by_id.setdefault(c.id, c)',
        '    for order in orders:',
        '        order.owner = by_id.get(order.customer_id)',
        '',
      ].join('\n'),
    },
    fix:
      'Before the outer loop, build a dict from the compared field to the item (`setdefault` keeps the first ' +
      'match, as the `break` did; use a dict of lists when every match is needed) and replace the inner loop ' +
      'with a lookup.',
    notes:
      'Ruff, Pylint and perflint have no rule for this. The inner loop must do nothing but the search (a single ' +
      '`if` ending in `break`/`return`); a comparison that does not involve the outer loop, a collection ' +
      'rebuilt per outer item, a search over a string (substring search) and two loops over the same ' +
      'collection (see HS103) are not reported; nor is a search whose dict would not give the same first match: ' +
      'another condition reads the outer loop (`r.key == k and r.start <= t`), or the compared value cannot be ' +
      'a dict key (a list, or whole items of unknown kind). Several key equalities make a tuple key.',
  },
  create(ctx) {
    return {
      for_statement(node: Node) {
        const outer = ctx.facts.loops.innermostLoop(node);
        if (!outer) return;
        const iterable = field(node, 'right');
        const left = field(node, 'left');
        if (!iterable || !left) return;
        const collection = isSearchedCollection(ctx, iterable, outer);
        if (!collection) return;
        const body = statements(field(node, 'body')).filter((s) => s.type !== 'pass_statement');
        if (body.length !== 1 || body[0].type !== 'if_statement') return;
        const branch = body[0];
        if (branch.childrenForFieldName('alternative').length > 0) return;
        const consequence = statements(branch.childForFieldName('consequence'));
        const last = consequence[consequence.length - 1];
        if (!last || (last.type !== 'break_statement' && last.type !== 'return_statement')) return;
        const condition = branch.childForFieldName('condition');
        if (!condition) return;
        const key = keyEquality(ctx, condition, new Set(identifiersIn(left)), outer);
        if (!key) return;
        ctx.report({
          node,
          endNode: iterable,
          messageId: 'searchLoop',
          data: { item: left.text, collection: iterable.text },
          fix: { description: fixFor(iterable.text, keyText(key.item), key.filters) },
        });
      },
      call(node: Node) {
        if (ctx.facts.bindings.calleeQualifiedName(node) !== 'next') return;
        const outer = ctx.facts.loops.innermostLoop(node);
        if (!outer) return;
        const gen = callArguments(node).positional[0];
        if (!gen || unparen(gen).type !== 'generator_expression') return;
        const clauses = namedChildren(unparen(gen)).slice(1);
        const fors = clauses.filter((c) => c.type === 'for_in_clause');
        const ifs = clauses.filter((c) => c.type === 'if_clause');
        if (fors.length !== 1 || ifs.length !== 1) return;
        const left = fors[0].childForFieldName('left');
        const iterable = fors[0].childForFieldName('right');
        if (!left || !iterable) return;
        const collection = isSearchedCollection(ctx, iterable, outer);
        if (!collection) return;
        const condition = namedChildren(ifs[0])[0];
        if (!condition) return;
        const key = keyEquality(ctx, condition, new Set(identifiersIn(left)), outer);
        if (!key) return;
        ctx.report({
          node,
          messageId: 'searchNext',
          data: { item: left.text, collection: iterable.text },
          fix: { description: fixFor(iterable.text, keyText(key.item), key.filters) },
        });
      },
    };
  },
});
