import type { Node } from '../python/parser.js';
import { isArrayKind } from '../python/array-kinds.js';
import { callArguments, comparison, field, methodCall, namedChildren, statements, unparen } from '../python/syntax.js';
import { builtinName, mentions, shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'sum' | 'extreme' | 'member';

const NUMERIC = new Set(['int', 'float']);

const BAD = `def stats(amounts):
    total = 0
    for amount in amounts:
        total += amount
    return total
`;

const GOOD = `def stats(amounts):
    return sum(amounts)
`;

/** Kinds where `e in xs` is not "some element equals e" (a substring search on a string). */
const TEXT_KINDS = new Set(['str', 'bytes']);

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
    sum: '`for` loop only adds each element to `{{acc}}`: the addition runs as bytecode per element where `sum({{iterable}})` loops in C',
    extreme: '`for` loop only tracks the {{which}} in `{{acc}}`: {{cost}} per element in bytecode where `{{which}}()` loops in C',
    member: '`for` loop only compares each element with `{{needle}}`: `{{needle}} {{op}} {{iterable}}` does the comparisons in C',
  },
  docs: {
    summary: 'Loop that only sums, takes a max/min, or tests membership by hand',
    what:
      'Checks for `for x in xs:` loops whose whole body is `total += x` on a number (the element itself), ' +
      '`best = max(best, f(x))` / `min(...)`, or `if x > best: best = x` (any comparison direction, for targets ' +
      'below Python 3.11), and for `for x in xs: if x == e: return True` followed by `return False` (or the ' +
      '`not in` form).',
    why:
      'Measured with `benchmarks/idiom-speedups/measure.py` (10,000 items, CPython 3.8-3.13, shared machine, ' +
      'noisy): `sum(xs)` is 3.8x-6.3x faster than `total += x`, and `max(xs)` 9x-18x faster than ' +
      '`best = max(best, x)` (a builtin call per element); `e in xs` 1.5x-2x faster than the comparing loop. ' +
      'The rewrites that need a generator are not faster: `sum(x.amount for x in xs)` ran 0.9x-1.6x of the ' +
      'loop (slower on 3.11), `any(cond for x in xs)` 0.4x-1.05x (2.2x slower on 3.11, a generator resume per ' +
      'item), and `max(genexpr)` against `if x.amount > best` 0.4x-0.8x, so the rule stays silent on those ' +
      'loops. `if x > best: best = x` runs as fast as `max(xs)` on 3.11 and later (1.0x-1.1x; 1.4x-1.7x on 3.8 ' +
      'and 3.10), so that form is reported only for older targets.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Write `total += sum(xs)`, `best = max(xs, default=best)` (`max((f(x) for x in xs), default=best)` for a ' +
      'call per element), `return e in xs`.',
    notes:
      'Ruff SIM110 suggests `any()` for every early-return loop; hotspy does not, since that is slower on ' +
      'CPython 3.11+ (it suggests `in` only where the loop compares elements with one value by `==`, not on ' +
      'strings, where `in` is a substring test; `in` also matches an element that `is` the value, which differs ' +
      'only for objects unequal to themselves, such as NaN). The sum check requires the accumulator to be known ' +
      'as a number (`total = 0`): `+=` on strings is HS104, on lists it is an `extend`, and an accumulator of ' +
      'unknown type is skipped; on 3.12+ `sum()` of floats rounds more accurately than the loop (compensated ' +
      'summation), so the last digits can differ. Loops with `else` or more than one statement are not flagged, ' +
      'nor `async for` loops.',
  },
  create(ctx: RuleContext<MessageId>) {
    const kindOf = (node: Node) => ctx.facts.bindings.kindOf(node);
    const [major, minor] = ctx.settings.targetVersion;
    // 3.11's specializing interpreter runs `if x > best: best = x` as fast as `max()` (measured)
    const compareLoopIsSlow = major === 3 && minor < 11;
    return {
      for_statement(node: Node) {
        if (node.childForFieldName('alternative')) return;
        // `sum()`, `max()` and `in` cannot consume an async iterator
        if (node.children.some((c) => c?.type === 'async')) return;
        const iterable = field(node, 'right');
        const target = field(node, 'left');
        const body = statements(field(node, 'body'));
        if (!iterable || !target || target.type !== 'identifier' || body.length !== 1) return;
        // over NumPy/pandas data `sum()` is as slow as the loop: the array rules (HS503, HS505) give the vector form
        if (iteratesArrayData(ctx, iterable)) return;
        const element = target.text;
        const isElement = (n: Node | null | undefined) => !!n && unparen(n).type === 'identifier' && unparen(n).text === element;
        const over = shortText(iterable);
        const stmt = body[0];
        if (stmt.type === 'if_statement') {
          if (stmt.childForFieldName('alternative')) return;
          const inner = statements(stmt.childForFieldName('consequence'));
          const cond = stmt.childForFieldName('condition');
          if (inner.length !== 1 || !cond) return;
          const cmp = comparison(unparen(cond));

          // `if x == e: return True` then `return False`: `e in xs`
          const returned = returnedBool(inner[0]);
          if (returned !== undefined) {
            if (returnedBool(node.nextNamedSibling) !== !returned || !cmp || cmp.op !== '==') return;
            const needle = isElement(cmp.left) ? cmp.right : isElement(cmp.right) ? cmp.left : undefined;
            if (!needle || mentions(needle, element) || TEXT_KINDS.has(kindOf(iterable))) return;
            const op = returned ? 'in' : 'not in';
            ctx.report({
              node,
              messageId: 'member',
              data: { needle: shortText(needle), op, iterable: over },
              fix: { description: `Return \`${shortText(needle)} ${op} ${over}\`` },
            });
            return;
          }

          // max/min: `if x > best: best = x`
          const assign = expressionOf(inner[0]);
          if (!compareLoopIsSlow || assign?.type !== 'assignment' || !cmp || !['<', '<=', '>', '>='].includes(cmp.op)) return;
          const left = assign.childForFieldName('left');
          const right = assign.childForFieldName('right');
          if (left?.type !== 'identifier' || !isElement(right)) return;
          const acc = left.text;
          const greater = cmp.op.startsWith('>');
          let which: 'max' | 'min' | undefined;
          if (isElement(cmp.left) && unparen(cmp.right).text === acc) which = greater ? 'max' : 'min';
          else if (isElement(cmp.right) && unparen(cmp.left).text === acc) which = greater ? 'min' : 'max';
          if (!which) return;
          ctx.report({
            node,
            messageId: 'extreme',
            data: { which, acc, cost: 'a comparison and a store' },
            fix: { description: `Use \`${acc} = ${which}(${over}, default=${acc})\`` },
          });
          return;
        }
        const expr = expressionOf(stmt);
        if (!expr) return;
        // `total += x`: `sum(xs)`; `total += f(x)` would need a generator, no faster on 3.11+ (measured)
        if (expr.type === 'augmented_assignment' && expr.childForFieldName('operator')?.type === '+=') {
          const left = expr.childForFieldName('left');
          const right = expr.childForFieldName('right');
          if (left?.type !== 'identifier' || left.text === element || !isElement(right) || !NUMERIC.has(kindOf(left))) return;
          ctx.report({
            node,
            messageId: 'sum',
            data: { acc: left.text, iterable: over },
            fix: { description: `Compute \`${left.text} += sum(${over})\`` },
          });
          return;
        }
        // `best = max(best, f(x))`: a call of `max()` per element
        if (expr.type === 'assignment') {
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
          const value = positional[1 - accIndex];
          if (accIndex < 0 || mentions(value, left.text)) return;
          const values = isElement(value) ? over : `${shortText(value)} for ${element} in ${over}`;
          ctx.report({
            node,
            messageId: 'extreme',
            data: { which: fn, acc: left.text, cost: `a call of \`${fn}()\`` },
            fix: { description: `Use \`${left.text} = ${fn}(${isElement(value) ? values : `(${values})`}, default=${left.text})\`` },
          });
        }
      },
    };
  },
});

/** An ndarray, Series or DataFrame, `enumerate`/`zip` of one, or a frame's `iterrows()`/`itertuples()`. */
function iteratesArrayData(ctx: RuleContext<MessageId>, iterable: Node): boolean {
  const it = unparen(iterable);
  if (isArrayKind(ctx.facts.bindings.kindOf(it))) return true;
  if (it.type !== 'call') return false;
  const method = methodCall(it)?.method;
  if (method === 'iterrows' || method === 'itertuples') return true;
  const name = ctx.facts.bindings.calleeQualifiedName(it);
  return (name === 'enumerate' || name === 'zip') && callArguments(it).positional.some((a) => isArrayKind(ctx.facts.bindings.kindOf(a)));
}
