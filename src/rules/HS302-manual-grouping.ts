import type { Node } from '../python/parser.js';
import { callArguments, comparison, methodCall, namedChildren, statements, unparen } from '../python/syntax.js';
import { dictRole } from '../python/dict-role.js';
import { builtinName, shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'group';

const MAPPING_KINDS = new Set(['dict', 'unknown']);

const BAD = `def by_city(people):
    groups = {}
    for person in people:
        if person.city not in groups:
            groups[person.city] = []
        groups[person.city].append(person)
    return groups
`;

const GOOD = `from collections import defaultdict

def by_city(people):
    groups = defaultdict(list)
    for person in people:
        groups[person.city].append(person)
    return groups
`;

function onlyStatement(block: Node | null): Node | undefined {
  const stmts = statements(block);
  if (stmts.length !== 1 || stmts[0].type !== 'expression_statement') return undefined;
  const inner = namedChildren(stmts[0]);
  return inner.length === 1 ? inner[0] : undefined;
}

function subscriptParts(node: Node | null): { mapping: string; key: string } | undefined {
  if (!node) return undefined;
  const n = unparen(node);
  if (n.type !== 'subscript') return undefined;
  const mapping = n.childForFieldName('value');
  const keys = n.childrenForFieldName('subscript').filter((k): k is Node => k !== null);
  if (!mapping || keys.length !== 1 || keys[0].type === 'slice') return undefined;
  return { mapping: unparen(mapping).text, key: unparen(keys[0]).text };
}

/** `d[k] = []` / `list()` / `set()` / `[x]` / `{x}`: the container kind it starts the group with. */
function groupInit(ctx: RuleContext<MessageId>, stmt: Node | undefined): { mapping: string; key: string; container: 'list' | 'set'; seeded: boolean } | undefined {
  if (stmt?.type !== 'assignment' || stmt.childForFieldName('type')) return undefined;
  const target = subscriptParts(stmt.childForFieldName('left'));
  const value = stmt.childForFieldName('right');
  if (!target || !value) return undefined;
  const v = unparen(value);
  if (v.type === 'list') return { ...target, container: 'list', seeded: namedChildren(v).length > 0 };
  if (v.type === 'set') return { ...target, container: 'set', seeded: true };
  if (v.type === 'call' && callArguments(v).positional.length === 0 && callArguments(v).keywords.size === 0) {
    const name = builtinName(ctx.facts.bindings.calleeQualifiedName(v));
    if (name === 'list' || name === 'set') return { ...target, container: name, seeded: false };
  }
  return undefined;
}

/** `d[k].append(x)` / `d[k].add(x)`. */
function groupAdd(stmt: Node | undefined): { mapping: string; key: string; method: string } | undefined {
  if (stmt?.type !== 'call') return undefined;
  const m = methodCall(stmt);
  if (!m || (m.method !== 'append' && m.method !== 'add')) return undefined;
  const target = subscriptParts(m.receiver);
  return target ? { ...target, method: m.method } : undefined;
}

export default defineRule<MessageId>({
  id: 'HS302',
  name: 'manual-grouping',
  tier: 3,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    group: '`{{mapping}}` groups items by hand: a membership test per element before every `{{method}}`',
  },
  docs: {
    summary: 'Groups built by hand with a membership test per element',
    what:
      'Checks, inside loops, for `if k not in d: d[k] = []` followed by `d[k].append(x)`, and for ' +
      '`if k in d: d[k].append(x) else: d[k] = [x]` (either branch order; also with sets and `add`). ' +
      '`d.setdefault(k, []).append(x)` is fine and not flagged.',
    why:
      'Each element pays for a membership test, then a second hash lookup for the append. ' +
      '`collections.defaultdict(list)` creates the group on the first missing lookup inside C, so the loop does one ' +
      'lookup per element. The gain is about 1.2x-1.5x on the grouping loop, more readable code, and nothing ' +
      'measurable when each element needs heavy work anyway.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Create the dict as `collections.defaultdict(list)` (or `defaultdict(set)`) and append directly; convert ' +
      'with `dict(groups)` if callers must not see the default behaviour. `itertools.groupby` fits input already ' +
      'sorted by the key.',
    notes:
      'Ruff has no rule for this idiom. A dict known to be something other than a dict is skipped; the check is ' +
      'textual on the dict and key expressions, so `d[key(x)]` is matched only when written the same way in both ' +
      'statements. Dicts passed in by the caller and dicts holding values of several kinds are not reported.',
  },
  create(ctx) {
    const isMapping = (ifNode: Node, mapping: string) => {
      const cond = ifNode.childForFieldName('condition');
      const cmp = cond ? comparison(unparen(cond)) : undefined;
      if (cmp === undefined || !MAPPING_KINDS.has(ctx.facts.bindings.kindOf(cmp.right)) || unparen(cmp.right).text !== mapping) return false;
      // the caller's dict keeps the type the caller gave it; a dict whose values are of several
      // kinds is a record, and a default factory would invent the wrong value for its other keys
      const role = dictRole(ctx.facts, cmp.right);
      return !role.fromCaller && role.valueKinds.size <= 1;
    };
    return {
      if_statement(node: Node) {
        const cond = node.childForFieldName('condition');
        const cmp = cond ? comparison(unparen(cond)) : undefined;
        if (!cmp || (cmp.op !== 'in' && cmp.op !== 'not in')) return;
        const mapping = unparen(cmp.right).text;
        const key = unparen(cmp.left).text;
        const alternatives = node.childrenForFieldName('alternative').filter((a): a is Node => a !== null);
        let method: string | undefined;
        if (alternatives.length === 0 && cmp.op === 'not in') {
          const init = groupInit(ctx, onlyStatement(node.childForFieldName('consequence')));
          if (!init || init.seeded || init.mapping !== mapping || init.key !== key) return;
          const next = node.nextNamedSibling;
          const add = groupAdd(next?.type === 'expression_statement' ? namedChildren(next)[0] : undefined);
          if (!add || add.mapping !== mapping || add.key !== key) return;
          method = add.method;
        } else if (alternatives.length === 1 && alternatives[0].type === 'else_clause') {
          const thenStmt = onlyStatement(node.childForFieldName('consequence'));
          const elseStmt = onlyStatement(alternatives[0].childForFieldName('body'));
          const [hit, miss] = cmp.op === 'in' ? [thenStmt, elseStmt] : [elseStmt, thenStmt];
          const add = groupAdd(hit);
          const init = groupInit(ctx, miss);
          if (!add || !init || !init.seeded) return;
          if (add.mapping !== mapping || init.mapping !== mapping || add.key !== key || init.key !== key) return;
          method = add.method;
        } else {
          return;
        }
        if (!isMapping(node, mapping) || !ctx.facts.loops.isInsideLoop(node)) return;
        ctx.report({
          node,
          messageId: 'group',
          data: { mapping: shortText(unparen(cmp.right)), method },
          fix: { description: `Make \`${shortText(unparen(cmp.right))}\` a \`collections.defaultdict(${method === 'add' ? 'set' : 'list'})\` and ${method} directly` },
        });
      },
    };
  },
});
