import type { Node } from '../python/parser.js';
import { callArguments, field, methodCall, namedChildren, statements, unparen } from '../python/syntax.js';
import { isReadAfter, mentions, shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'list' | 'copy' | 'set' | 'dict';

const BAD = `def squares(numbers):
    result = []
    for n in numbers:
        if n % 2:
            result.append(n * n)
    return result
`;

const GOOD = `def squares(numbers):
    return [n * n for n in numbers if n % 2]
`;

interface Shape {
  kind: MessageId;
  /** The statement or call reported (where Ruff reports PERF401/PERF402/PERF403). */
  at: Node;
  collection: Node;
  /** Expressions evaluated per element: appended value, or key and value. */
  parts: Node[];
}

/** `xs.append(v)`, `s.add(v)` or `d[k] = v`: the single statement a comprehension can replace. */
function accumulation(ctx: RuleContext<MessageId>, stmt: Node): Shape | undefined {
  if (stmt.type !== 'expression_statement') return undefined;
  const exprs = namedChildren(stmt);
  if (exprs.length !== 1) return undefined;
  const expr = exprs[0];
  if (expr.type === 'call') {
    const m = methodCall(expr);
    if (!m || (m.method !== 'append' && m.method !== 'add')) return undefined;
    const receiver = unparen(m.receiver);
    if (receiver.type !== 'identifier') return undefined;
    const { positional, keywords, starred } = callArguments(expr);
    if (positional.length !== 1 || keywords.size > 0 || starred) return undefined;
    const kind = ctx.facts.bindings.kindOf(receiver);
    if (m.method === 'append' && kind === 'list') return { kind: 'list', at: expr, collection: receiver, parts: [positional[0]] };
    if (m.method === 'add' && kind === 'set') return { kind: 'set', at: expr, collection: receiver, parts: [positional[0]] };
    return undefined;
  }
  if (expr.type === 'assignment') {
    const left = expr.childForFieldName('left');
    const right = expr.childForFieldName('right');
    if (!left || !right || expr.childForFieldName('type') || right.type === 'assignment') return undefined;
    if (left.type !== 'subscript') return undefined;
    const value = left.childForFieldName('value');
    const keys = left.childrenForFieldName('subscript').filter((n): n is Node => n !== null);
    if (!value || value.type !== 'identifier' || keys.length !== 1 || keys[0].type === 'slice') return undefined;
    if (ctx.facts.bindings.kindOf(value) !== 'dict') return undefined;
    return { kind: 'dict', at: expr, collection: value, parts: [keys[0], right] };
  }
  return undefined;
}

/** Names bound by a loop target when it is made only of names (`x`, `k, (a, b)`); undefined otherwise. */
function targetNames(target: Node): string[] | undefined {
  const t = unparen(target);
  if (t.type === 'identifier') return [t.text];
  if (t.type === 'pattern_list' || t.type === 'tuple_pattern' || t.type === 'list_pattern' || t.type === 'tuple') {
    const names: string[] = [];
    for (const item of namedChildren(t)) {
      const inner = targetNames(item);
      if (!inner) return undefined;
      names.push(...inner);
    }
    return names;
  }
  return undefined;
}

export default defineRule<MessageId>({
  id: 'HS304',
  name: 'manual-comprehension',
  tier: 3,
  // the gain on CPython 3.11+ is a few per cent of the loop's own overhead (measured): a note, not a warning
  severity: 'info',
  equivalents: ['PERF401', 'PERF402', 'PERF403'],
  fixable: false,
  messages: {
    list: '`for` loop builds the list `{{name}}` one `append` call at a time; a list comprehension runs the same loop without a method call per element',
    copy: '`for` loop copies `{{source}}` into `{{name}}` one `append` call at a time; `list()` or `extend()` copies in C',
    set: '`for` loop builds the set `{{name}}` one `add` call at a time; a set comprehension runs the same loop without a method call per element',
    dict: '`for` loop fills the dict `{{name}}` one item assignment at a time; a dict comprehension runs the same loop in one expression',
  },
  docs: {
    summary: 'Loop that only appends, adds or assigns into a collection',
    what:
      'Checks for `for` loops whose whole body is one `xs.append(v)` (list), `s.add(v)` (set) or `d[k] = v` (dict), ' +
      'optionally under a single `if` without `else`, where the collection is known to be a list, set or dict and is ' +
      'not read by the element expression or the condition.',
    why:
      'A comprehension runs the same loop but appends through a dedicated bytecode instead of looking up and ' +
      'calling a bound method on each iteration, and it does not leak the loop variable. Measured with ' +
      '`benchmarks/idiom-speedups/measure.py` (10,000 ints, `x * 2`): 2.1x on CPython 3.8 and 1.7x on 3.10, but ' +
      '1.1x-1.2x on 3.11-3.13 (1.04x, not significant, in `docs/measured-claims.md`), and a dict comprehension ' +
      '0.9x-1.2x against `d[k] = v`; the gain shrinks to nothing when the element expression does real work. ' +
      'The rewrite is mainly a readability win, so the rule is an `info` note (in the precision benchmark all 102 ' +
      'judged findings were `no-gain`); a plain copy, which `list(xs)` does in C, gains more.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Build the collection with a comprehension (`[f(x) for x in xs if c(x)]`, `{k: v for ...}`), or extend an ' +
      'existing one with `xs.extend(f(x) for x in ...)` / `d.update(...)`; copy a list with `list(xs)`.',
    notes:
      'Covers Ruff PERF401, PERF402 and PERF403. hotspy also flags loops that fill a set with `add` (Ruff has no ' +
      'PERF code for them) and dict loops whose key and value are any expressions of the loop variables (Ruff ' +
      'PERF403 only flags `d[k] = v` where `k` and `v` are themselves loop targets). Like Ruff, it stays silent when ' +
      'the loop variable is read after the loop (a comprehension would not bind it), when the target is an ' +
      'attribute or subscript, under `global`/`nonlocal`, on `if`/`else` bodies, and when the element or the ' +
      'condition reads the collection being built (`if k not in d: d[k] = v` keeps the first value, a comprehension ' +
      'the last). Ruff also loses the list type after `xs += [...]` and stops flagging; hotspy keeps it.',
  },
  create(ctx) {
    return {
      for_statement(node: Node) {
        if (node.childForFieldName('alternative')) return;
        const target = field(node, 'left');
        const iterable = field(node, 'right');
        if (!target || !iterable) return;
        const names = targetNames(target);
        if (!names) return;
        const body = statements(field(node, 'body'));
        if (body.length !== 1) return;
        let stmt = body[0];
        let condition: Node | undefined;
        if (stmt.type === 'if_statement') {
          if (stmt.childForFieldName('alternative')) return;
          const inner = statements(stmt.childForFieldName('consequence'));
          const cond = stmt.childForFieldName('condition');
          if (inner.length !== 1 || !cond) return;
          condition = cond;
          stmt = inner[0];
        }
        const shape = accumulation(ctx, stmt);
        if (!shape) return;
        const name = shape.collection.text;
        if (shape.parts.some((part) => mentions(part, name))) return;
        if (condition && mentions(condition, name)) return;
        if (mentions(iterable, name)) return;
        const scope = ctx.facts.scopeOf(node);
        if (names.some((n) => scope.globals.has(n) || scope.nonlocals.has(n))) return;
        if (names.some((n) => isReadAfter(node, n))) return;
        const isAsync = node.children.some((c) => c?.type === 'async');
        let kind = shape.kind;
        const value = unparen(shape.parts[0]);
        if (kind === 'list' && !condition && !isAsync && unparen(target).type === 'identifier' && value.type === 'identifier' && value.text === unparen(target).text) {
          kind = 'copy';
        }
        const descriptions: Record<MessageId, string> = {
          list: `Build \`${name}\` with a list comprehension (or \`${name}.extend(...)\` with a generator if it already holds items)`,
          copy: `Copy with \`${name} = list(${shortText(iterable)})\` (or \`${name}.extend(${shortText(iterable)})\`)`,
          set: `Build \`${name}\` with a set comprehension (or \`${name}.update(...)\` with a generator)`,
          dict: `Build \`${name}\` with a dict comprehension (or \`${name}.update(...)\` if it already holds items)`,
        };
        ctx.report({
          node: shape.at,
          messageId: kind,
          data: { name, source: shortText(iterable) },
          fix: { description: descriptions[kind] },
        });
      },
    };
  },
});
