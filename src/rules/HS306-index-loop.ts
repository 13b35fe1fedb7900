import type { Node } from '../python/parser.js';
import { callArguments, dottedName, field, namedChildren, unparen } from '../python/syntax.js';
import { builtinName, isReadAfter } from '../python/usage.js';
import { defineRule } from './define-rule.js';

type MessageId = 'indexOnly';

/** Kinds where `x[i]` is not "the i-th element" (columns, keys) or that rules elsewhere cover. */
const NOT_SEQUENCES = new Set(['dict', 'DataFrame', 'Series', 'set', 'frozenset']);

const BAD = `def total(prices, quantities):
    amount = 0
    for i in range(len(prices)):
        amount += prices[i] * quantities[i]
    return amount
`;

const GOOD = `def total(prices, quantities):
    amount = 0
    for price, quantity in zip(prices, quantities):
        amount += price * quantity
    return amount
`;

/**
 * The sequences the index variable subscripts, when every use of it in the body is a read
 * `seq[i]` of a name or dotted name; undefined when it is used any other way.
 */
function indexedSequences(body: Node, index: string): string[] | undefined {
  const sequences = new Set<string>();
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'identifier' && node.text === index) {
      const parent = node.parent;
      if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === node.id) continue;
      if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id) continue;
      if (parent?.type !== 'subscript' || parent.childForFieldName('subscript')?.id !== node.id) return undefined;
      // `x[i, :]` is a row of a 2-D array, not "the i-th element" a loop over `x` would yield
      if (parent.childrenForFieldName('subscript').length !== 1) return undefined;
      const value = parent.childForFieldName('value');
      const name = value ? dottedName(value) : undefined;
      if (!name || isStoreTarget(parent)) return undefined;
      sequences.add(name);
      continue;
    }
    // reversed, so the stack pops in document order and the message lists sequences as written
    for (const child of [...node.namedChildren].reverse()) if (child) stack.push(child);
  }
  return sequences.size > 0 ? [...sequences] : undefined;
}

/** `x[i] = ...`, `x[i] += ...`, `del x[i]`: the loop writes through the index. */
function isStoreTarget(subscript: Node): boolean {
  let current: Node = subscript;
  let parent = current.parent;
  while (parent && (parent.type === 'pattern_list' || parent.type === 'tuple_pattern' || parent.type === 'expression_list')) {
    current = parent;
    parent = current.parent;
  }
  if (!parent) return false;
  if ((parent.type === 'assignment' || parent.type === 'augmented_assignment') && parent.childForFieldName('left')?.id === current.id) return true;
  if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && parent.childForFieldName('left')?.id === current.id) return true;
  return parent.type === 'delete_statement';
}

/** Methods that define iteration: `for x in self` inside them would call themselves. */
const ITERATION_PROTOCOL = new Set(['__iter__', '__reversed__']);

/**
 * `for i in range(len(self)): yield self[i]` inside `__iter__`: the index loop is how the class
 * becomes iterable, and iterating `self` there would recurse forever.
 */
function iteratesItself(loop: Node, sequence: string): boolean {
  for (let n = loop.parent; n; n = n.parent) {
    if (n.type !== 'function_definition') continue;
    const name = n.childForFieldName('name')?.text ?? '';
    const self = namedChildren(n.childForFieldName('parameters') ?? n)[0];
    const selfName = self?.type === 'identifier' ? self.text : undefined;
    return ITERATION_PROTOCOL.has(name) && sequence === selfName;
  }
  return false;
}

export default defineRule<MessageId>({
  id: 'HS306',
  name: 'index-loop',
  tier: 3,
  severity: 'info',
  equivalents: [],
  fixable: false,
  messages: {
    indexOnly: '`for {{index}} in range(len({{sequence}}))` uses `{{index}}` only to subscript {{uses}}: every element costs an extra index lookup',
  },
  docs: {
    summary: 'Loop over `range(len(x))` that only reads `x[i]`',
    what:
      'Checks for `for i in range(len(x)):` whose body uses `i` only to read elements, `x[i]` (and `y[i]` of other ' +
      'sequences), never writing through it, never using it on its own, and not reading it after the loop.',
    why:
      'Iterating the sequence directly hands each element to the loop; the index form builds an int per iteration ' +
      'and pays a subscript (a `BINARY_SUBSCR` and a bounds check) for every element read. Direct iteration, ' +
      '`enumerate()` and `zip()` are 1.2x-1.9x faster on a loop that only adds (measured on CPython 3.8-3.13, benchmarks/idiom-speedups) and make no measurable ' +
      'difference when the body is heavy; the main win is clarity and no off-by-one errors.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Iterate the sequence directly (`for item in x`), or `zip(x, y)` when several sequences are read at the same ' +
      'index; use `enumerate(x)` when the index itself is needed.',
    notes:
      'Ruff has no rule for this pattern (pylint has `consider-using-enumerate`, which also fires when the index is ' +
      'needed). Loops that assign `x[i] = ...` are skipped, since they need the index, and so are dicts and pandas ' +
      'objects, where `x[i]` is a key or column rather than the i-th element, and `__iter__` / `__reversed__` ' +
      'looping over `self` by index (iterating `self` there would call the method itself). Indexing with `i + 1` and similar ' +
      'neighbours counts as using the index.',
  },
  create(ctx) {
    return {
      for_statement(node: Node) {
        if (node.childForFieldName('alternative')) return;
        const target = field(node, 'left');
        const iterable = field(node, 'right');
        const body = field(node, 'body');
        if (!target || !iterable || !body || target.type !== 'identifier') return;
        const range = unparen(iterable);
        if (range.type !== 'call' || builtinName(ctx.facts.bindings.calleeQualifiedName(range)) !== 'range') return;
        const rangeArgs = callArguments(range);
        if (rangeArgs.positional.length !== 1 || rangeArgs.keywords.size > 0 || rangeArgs.starred) return;
        const lenCall = unparen(rangeArgs.positional[0]);
        if (lenCall.type !== 'call' || builtinName(ctx.facts.bindings.calleeQualifiedName(lenCall)) !== 'len') return;
        const lenArgs = callArguments(lenCall).positional;
        const sequence = lenArgs.length === 1 ? dottedName(lenArgs[0]) : undefined;
        if (!sequence || NOT_SEQUENCES.has(ctx.facts.bindings.kindOf(lenArgs[0]))) return;
        if (iteratesItself(node, sequence)) return;
        const index = target.text;
        const used = indexedSequences(body, index);
        if (!used || !used.includes(sequence)) return;
        // a sequence rebound in the body would make the index refer to another object
        const assigned = ctx.facts.loops.assignedIn(node).names;
        if (used.some((name) => assigned.has(name.split('.')[0]))) return;
        if (isReadAfter(node, index)) return;
        ctx.report({
          node,
          endNode: iterable,
          messageId: 'indexOnly',
          data: { index, sequence, uses: used.map((u) => `\`${u}[${index}]\``).join(', ') },
          fix: {
            description: used.length === 1 ? `Iterate \`${sequence}\` directly` : `Iterate \`zip(${used.join(', ')})\``,
          },
        });
      },
    };
  },
});
