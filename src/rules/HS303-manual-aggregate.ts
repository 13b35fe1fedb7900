import type { Node } from '../python/parser.js';
import { callArguments, comparison, field, namedChildren, statements, unparen } from '../python/syntax.js';
import { builtinName, mentions } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'sum' | 'extreme' | 'anyAll';

const NUMERIC = new Set(['int', 'float']);

const BAD = `def stats(orders):
    total = 0
    for order in orders:
        total += order.amount
    return total
`;

const GOOD = `def stats(orders):
    return sum(order.amount for order in orders)
`;

function expressionOf(stmt: Node): Node | undefined {
  if (stmt.type !== 'expression_statement') return undefined;
  const inner = namedChildren(stmt);
  return inner.length === 1 ? inner[0] : undefined;
}

/** `return True` / `return False` -> the boolean, else undefined. */
function returnedBool(stmt: Node | null | undefined): boolean | undefined {
  if (stmt?.type !== 'return_statement') return undefined;
  const value = namedChildren(stmt)[0];
  if (value?.type === 'true') return true;
  if (value?.type === 'false') return false;
  return undefined;
}

export default defineRule<MessageId>({
  id: 'HS303',
  name: 'manual-aggregate',
  tier: 3,
  severity: 'warning',
  equivalents: ['SIM110'],
  fixable: false,
  messages: {
    sum: '`for` loop only adds to `{{acc}}`: the addition runs as bytecode per element where `sum()` loops in C',
    extreme: '`for` loop only tracks the {{which}} in `{{acc}}`: a comparison and a store per element in bytecode where `{{which}}()` loops in C',
    anyAll: '`for` loop only searches for the first element that matches and returns `{{result}}`: `{{fn}}()` with a generator does the same in one expression',
  },
  docs: {
    summary: 'Loop that only sums, takes a max/min, or tests any/all by hand',
    what:
      'Checks for `for` loops whose whole body is `total += x` on a number (optionally under one `if`), ' +
      '`best = max(best, x)` / `min(...)`, or `if x > best: best = x` (any comparison direction), and for ' +
      '`for x in xs: if cond: return True` followed by `return False` (and the `all` form).',
    why:
      '`sum()`, `max()` and `min()` run their loop in C and skip the per-element store into a Python variable; ' +
      'with a generator expression as argument the element expression still runs as bytecode, so expect about ' +
      '1.2x-2x for light bodies, up to 5x-10x when the iterable can be passed directly (`sum(prices)`). `any()`/' +
      '`all()` mostly win on clarity; they short-circuit exactly like the loop.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Write `total = sum(f(x) for x in xs if c(x))`, `best = max(xs, default=best)` (or `max(best, max(xs))`), ' +
      '`return any(c(x) for x in xs)`.',
    notes:
      'Ruff SIM110 covers the `any`/`all` form; it has no rule for the sum and max/min loops, which hotspy adds. The ' +
      'sum check requires the accumulator to be known as a number (`total = 0`): `+=` on strings is HS104, on lists ' +
      'it is an `extend`, and an accumulator of unknown type is skipped. Loops with `else` or more than one ' +
      'statement are not flagged, nor `async for` loops (the builtins cannot consume an async iterator).',
  },
  create(ctx: RuleContext<MessageId>) {
    const kindOf = (node: Node) => ctx.facts.bindings.kindOf(node);
    return {
      for_statement(node: Node) {
        if (node.childForFieldName('alternative')) return;
        // `sum()`, `max()` and `any()` cannot consume an async iterator
        if (node.children.some((c) => c?.type === 'async')) return;
        const iterable = field(node, 'right');
        const body = statements(field(node, 'body'));
        if (!iterable || body.length !== 1) return;
        let stmt = body[0];
        let filtered = false;
        if (stmt.type === 'if_statement' && !stmt.childForFieldName('alternative')) {
          const inner = statements(stmt.childForFieldName('consequence'));
          const cond = stmt.childForFieldName('condition');
          if (inner.length !== 1 || !cond) return;

          // any/all: `if c: return True` then `return False` right after the loop
          const returned = returnedBool(inner[0]);
          if (returned !== undefined) {
            if (returnedBool(node.nextNamedSibling) !== !returned) return;
            ctx.report({
              node,
              messageId: 'anyAll',
              data: { result: returned ? 'True' : 'False', fn: returned ? 'any' : 'all' },
              fix: { description: returned ? 'Return `any(<condition> for ... in ...)`' : 'Return `all(not <condition> for ... in ...)`' },
            });
            return;
          }

          // max/min: `if x > best: best = x`
          const assign = expressionOf(inner[0]);
          const cmp = comparison(unparen(cond));
          if (assign?.type === 'assignment' && cmp && ['<', '<=', '>', '>='].includes(cmp.op)) {
            const left = assign.childForFieldName('left');
            const right = assign.childForFieldName('right');
            if (left?.type === 'identifier' && right) {
              const acc = left.text;
              const l = unparen(cmp.left).text;
              const r = unparen(cmp.right).text;
              const value = unparen(right).text;
              const greater = cmp.op.startsWith('>');
              let which: 'max' | 'min' | undefined;
              if (l === value && r === acc) which = greater ? 'max' : 'min';
              else if (r === value && l === acc) which = greater ? 'min' : 'max';
              if (which && !mentions(right, acc)) {
                ctx.report({
                  node,
                  messageId: 'extreme',
                  data: { which, acc },
                  fix: { description: `Use \`${acc} = ${which}(..., default=${acc})\` over the loop's values` },
                });
                return;
              }
            }
          }
          stmt = inner[0];
          filtered = true;
        }
        const expr = expressionOf(stmt);
        if (!expr) return;
        if (expr.type === 'augmented_assignment' && expr.childForFieldName('operator')?.type === '+=') {
          const left = expr.childForFieldName('left');
          const right = expr.childForFieldName('right');
          if (left?.type !== 'identifier' || !right || mentions(right, left.text)) return;
          if (!NUMERIC.has(kindOf(left)) || (!NUMERIC.has(kindOf(right)) && kindOf(right) !== 'unknown')) return;
          ctx.report({
            node,
            messageId: 'sum',
            data: { acc: left.text },
            fix: { description: `Compute \`${left.text} += sum(... for ... in ...${filtered ? ' if ...' : ''})\`` },
          });
          return;
        }
        if (expr.type === 'assignment' && !filtered) {
          const left = expr.childForFieldName('left');
          const right = expr.childForFieldName('right');
          if (left?.type !== 'identifier' || !right) return;
          const call = unparen(right);
          if (call.type !== 'call') return;
          const fn = builtinName(ctx.facts.bindings.calleeQualifiedName(call));
          if (fn !== 'max' && fn !== 'min') return;
          const { positional, keywords, starred } = callArguments(call);
          if (positional.length !== 2 || keywords.size > 0 || starred) return;
          const accIndex = positional.findIndex((p) => unparen(p).type === 'identifier' && unparen(p).text === left.text);
          if (accIndex < 0 || mentions(positional[1 - accIndex], left.text)) return;
          ctx.report({
            node,
            messageId: 'extreme',
            data: { which: fn, acc: left.text },
            fix: { description: `Use \`${left.text} = ${fn}(..., default=${left.text})\` over the loop's values` },
          });
        }
      },
    };
  },
});
