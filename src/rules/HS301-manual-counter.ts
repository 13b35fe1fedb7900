import type { Node } from '../python/parser.js';
import { callArguments, comparison, methodCall, namedChildren, statements, unparen } from '../python/syntax.js';
import { dictRole } from '../python/dict-role.js';
import { shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'ifElse' | 'getPlusOne' | 'initThenAdd';

/** Kinds whose `d[k]` is a key lookup; unknown too, since the shapes below are mapping idioms. */
const MAPPING_KINDS = new Set(['dict', 'unknown']);

const BAD = `def word_counts(words):
    counts = {}
    for word in words:
        if word in counts:
            counts[word] += 1
        else:
            counts[word] = 1
    return counts
`;

const GOOD = `from collections import Counter

def word_counts(words):
    return Counter(words)
`;

/** `d[k]` as a statement target: the mapping text and the key text. */
function item(node: Node | null): { mapping: Node; key: Node } | undefined {
  if (!node) return undefined;
  const n = unparen(node);
  if (n.type !== 'subscript') return undefined;
  const mapping = n.childForFieldName('value');
  const keys = n.childrenForFieldName('subscript').filter((k): k is Node => k !== null);
  if (!mapping || keys.length !== 1 || keys[0].type === 'slice') return undefined;
  return { mapping: unparen(mapping), key: unparen(keys[0]) };
}

/** The single simple statement of a block, unwrapped from its expression_statement. */
function onlyStatement(block: Node | null): Node | undefined {
  const stmts = statements(block);
  if (stmts.length !== 1) return undefined;
  const stmt = stmts[0];
  if (stmt.type !== 'expression_statement') return undefined;
  const inner = namedChildren(stmt);
  return inner.length === 1 ? inner[0] : undefined;
}

/** `d[k] += n` -> {d, k, n}. */
function increment(stmt: Node | undefined): { mapping: Node; key: Node; amount: Node } | undefined {
  if (stmt?.type !== 'augmented_assignment' || stmt.childForFieldName('operator')?.type !== '+=') return undefined;
  const target = item(stmt.childForFieldName('left'));
  const amount = stmt.childForFieldName('right');
  return target && amount ? { ...target, amount } : undefined;
}

/** `d[k] = n` -> {d, k, n}. */
function store(stmt: Node | undefined): { mapping: Node; key: Node; value: Node } | undefined {
  if (stmt?.type !== 'assignment' || stmt.childForFieldName('type')) return undefined;
  const target = item(stmt.childForFieldName('left'));
  const value = stmt.childForFieldName('right');
  return target && value ? { ...target, value } : undefined;
}

/** A positive integer literal: the step of a count (`+= 1`), not an amount being summed. */
function isCount(node: Node): boolean {
  const n = unparen(node);
  return n.type === 'integer' && /^[1-9][0-9_]*$/.test(n.text);
}

function isNumber(node: Node): boolean {
  const n = unparen(node);
  return n.type === 'integer' || n.type === 'float';
}

/** `d.get(k, 0)` with the same mapping and key. */
function isGetWithZero(node: Node, mapping: Node, key: Node): boolean {
  const call = unparen(node);
  if (call.type !== 'call') return false;
  const m = methodCall(call);
  if (!m || m.method !== 'get' || unparen(m.receiver).text !== mapping.text) return false;
  const { positional, keywords } = callArguments(call);
  return keywords.size === 0 && positional.length === 2 && unparen(positional[0]).text === key.text && isNumber(positional[1]);
}

export default defineRule<MessageId>({
  id: 'HS301',
  name: 'manual-counter',
  tier: 3,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    ifElse: '`{{mapping}}` counts occurrences by hand: a membership test, a lookup and a store per element in Python bytecode',
    getPlusOne: '`{{mapping}}[{{key}}] = {{mapping}}.get(...) + ...` counts occurrences by hand: a method call, an addition and a store per element',
    initThenAdd: '`{{mapping}}` is initialised per key and then incremented: a membership test and two item operations per element',
  },
  docs: {
    summary: 'Occurrences counted by hand in a dict',
    what:
      'Checks, inside loops, for the hand-written counting idioms `if k in d: d[k] += 1 else: d[k] = 1` (either ' +
      'branch order), `d[k] = d.get(k, 0) + 1` and `if k not in d: d[k] = 0` followed by `d[k] += 1`.',
    why:
      '`collections.Counter(iterable)` counts in a C loop (`_count_elements`), without a membership test, a lookup ' +
      'and a store executed as bytecode for each element. On a list of words `Counter(words)` is typically 2x-4x ' +
      'faster than the `if`/`else` idiom; when the count is weighted or the key is computed, ' +
      '`defaultdict(int)` still removes the membership test (about 1.3x). The gain fades when the loop body does ' +
      'much more than count.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Use `collections.Counter(iterable)` (or `Counter(key(x) for x in xs)`, `counter.update(...)`); when the ' +
      'increment is another constant, use `collections.defaultdict(int)` and `d[k] += n`.',
    notes:
      'Ruff has no rule for these idioms. hotspy checks them only inside a loop, where they run per element; a dict ' +
      'known to be something else (a list, a DataFrame) is skipped. Counting that also does other work in the same ' +
      'branch is not flagged, nor are sums of amounts (`d[k] = d.get(k, 0) + price`: not a count), dicts passed ' +
      'in by the caller (their type is the caller\'s), and dicts that also hold values other than numbers.',
  },
  create(ctx: RuleContext<MessageId>) {
    // a counter the function owns: not the caller's dict (its type is theirs to choose), and no
    // values other than numbers stored in it (a record with a count beside a name is not a counter)
    const isMapping = (mapping: Node) => {
      if (!MAPPING_KINDS.has(ctx.facts.bindings.kindOf(mapping))) return false;
      const role = dictRole(ctx.facts, mapping);
      return !role.fromCaller && [...role.valueKinds].every((k) => k === 'int');
    };
    return {
      if_statement(node: Node) {
        const cond = node.childForFieldName('condition');
        const cmp = cond ? comparison(unparen(cond)) : undefined;
        if (!cmp || (cmp.op !== 'in' && cmp.op !== 'not in')) return;
        const mappingText = unparen(cmp.right).text;
        const keyText = unparen(cmp.left).text;
        const alternatives = node.childrenForFieldName('alternative').filter((a): a is Node => a !== null);
        if (alternatives.length === 1 && alternatives[0].type === 'else_clause') {
          const thenStmt = onlyStatement(node.childForFieldName('consequence'));
          const elseStmt = onlyStatement(alternatives[0].childForFieldName('body'));
          const [hit, miss] = cmp.op === 'in' ? [thenStmt, elseStmt] : [elseStmt, thenStmt];
          const inc = increment(hit);
          const init = store(miss);
          if (!inc || !init) return;
          if (inc.mapping.text !== mappingText || init.mapping.text !== mappingText) return;
          if (inc.key.text !== keyText || init.key.text !== keyText) return;
          if (!isCount(inc.amount) || unparen(init.value).text !== unparen(inc.amount).text) return;
          if (!isMapping(inc.mapping) || !ctx.facts.loops.isInsideLoop(node)) return;
          ctx.report({
            node,
            messageId: 'ifElse',
            data: { mapping: shortText(inc.mapping) },
            fix: { description: `Count with \`collections.Counter\` instead of \`${shortText(inc.mapping)}\`` },
          });
          return;
        }
        if (alternatives.length > 0 || cmp.op !== 'not in') return;
        // `if k not in d: d[k] = 0` then `d[k] += 1` as the next statement
        const init = store(onlyStatement(node.childForFieldName('consequence')));
        if (!init || init.mapping.text !== mappingText || init.key.text !== keyText || !isNumber(init.value)) return;
        const next = node.nextNamedSibling;
        const nextInner = next?.type === 'expression_statement' ? namedChildren(next)[0] : undefined;
        const inc = increment(nextInner);
        if (!inc || inc.mapping.text !== mappingText || inc.key.text !== keyText || !isCount(inc.amount)) return;
        if (!isMapping(inc.mapping) || !ctx.facts.loops.isInsideLoop(node)) return;
        ctx.report({
          node,
          messageId: 'initThenAdd',
          data: { mapping: shortText(inc.mapping) },
          fix: { description: `Use \`collections.Counter\` (or \`defaultdict(int)\`) for \`${shortText(inc.mapping)}\`` },
        });
      },
      assignment(node: Node) {
        const target = store(node);
        if (!target) return;
        const value = unparen(target.value);
        if (value.type !== 'binary_operator' || value.childForFieldName('operator')?.type !== '+') return;
        const left = value.childForFieldName('left');
        const right = value.childForFieldName('right');
        if (!left || !right) return;
        const get = isGetWithZero(left, target.mapping, target.key) ? right : isGetWithZero(right, target.mapping, target.key) ? left : undefined;
        // `d.get(k, 0) + amount` sums amounts: a Counter would not say what the code does
        if (!get || !isCount(get) || !isMapping(target.mapping) || !ctx.facts.loops.isInsideLoop(node)) return;
        ctx.report({
          node,
          messageId: 'getPlusOne',
          data: { mapping: shortText(target.mapping), key: shortText(target.key, 30) },
          fix: { description: `Count with \`collections.Counter\` (or \`defaultdict(int)\`) instead of \`${shortText(target.mapping)}.get\`` },
        });
      },
    };
  },
});
