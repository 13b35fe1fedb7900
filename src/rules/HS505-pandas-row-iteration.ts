import type { Node } from '../python/parser.js';
import { columnExpression, columnStatements, type RowScope } from '../python/row-loop.js';
import { callArguments, methodCall, namedChildren, statements, stringLiteral, unparen } from '../python/syntax.js';
import { shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'iterrows' | 'itertuples' | 'apply';

const BAD = `import pandas as pd

def totals(path):
    orders = pd.read_csv(path)
    values = []
    for _, row in orders.iterrows():
        values.append(row["price"] * row["qty"])
    return values
`;

const GOOD = `import pandas as pd

def totals(path):
    orders = pd.read_csv(path)
    return (orders["price"] * orders["qty"]).tolist()
`;

const GENERIC_FIX =
  'Compute the values with column operations on the whole frame (`df["price"] * df["qty"]`, `np.where(cond, a, b)`, ' +
  '`Series.map(dict)`, `merge` for lookups); when the per-row code cannot be written that way, iterate ' +
  '`df.itertuples(index=False)` or `zip(df["a"], df["b"])`, which build no Series per row';

/** Kinds that cannot be a DataFrame: their `iterrows`/`apply` is someone else's method. */
const NOT_FRAMES = new Set(['list', 'tuple', 'set', 'frozenset', 'dict', 'str', 'bytes', 'ndarray', 'Series', 'int', 'float', 'bool', 'none']);

export default defineRule<MessageId>({
  id: 'HS505',
  name: 'pandas-row-iteration',
  tier: 5,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    iterrows: '`{{frame}}.iterrows()` builds a pandas Series for every row and runs the loop body in the interpreter',
    itertuples: '`{{frame}}.itertuples()` computes one value per row in the interpreter; the same arithmetic on whole columns runs in C',
    apply: '`{{frame}}.apply(..., axis=1)` calls a Python function once per row, with a Series built for each',
  },
  docs: {
    summary: 'A DataFrame processed row by row: `iterrows`, `itertuples`, `apply(axis=1)`',
    what:
      'Checks for `for ... in df.iterrows()` loops, `for row in df.itertuples()` loops whose body computes per-row values ' +
      '(appends, sums, counts or writes back an expression of the row\'s fields), and `df.apply(f, axis=1)`. When the ' +
      'per-row code is arithmetic, comparisons, conditional expressions, math functions or string methods on the row\'s ' +
      'fields, the fix gives the column expression (`df["price"] * df["qty"]`, `np.where(df["country"] == "FR", 0.2, 0.1)`).',
    why:
      'pandas stores a frame by column; a row is assembled on demand. `iterrows` builds a Series (with its index and a ' +
      'common dtype) for each row, `apply(axis=1)` does the same and calls the function, and even `itertuples` boxes ' +
      'every value into a Python object. The column expression does the same arithmetic in a few vectorized C loops. ' +
      'Measured here (pandas 3.1, 20,000 rows, `benchmarks/numeric-rules`, two runs on a shared machine): `iterrows` ' +
      'computing `price * qty` 3.4-5.5 s against 0.15-0.2 ms for the column product; `itertuples` 68-85 ms (340x-520x); ' +
      'a conditional tax with `apply(axis=1)` 0.5-0.9 s against 1.9-2.5 ms with `np.where` (200x-470x).',
    example: { bad: BAD, good: GOOD },
    fix: `${GENERIC_FIX}.`,
    notes:
      'An `itertuples` loop is reported only when its body is column arithmetic in disguise; one that calls other ' +
      'functions per row is already the cheap way to iterate. `df.items()` (columns) and `apply` along the default ' +
      'axis (one call per column) are not row iteration. The derived expression keeps pandas\' alignment on the index; ' +
      'check the dtype when the loop built Python ints from an integer column with missing values.',
    references: ['https://pandas.pydata.org/docs/user_guide/basics.html#iteration', 'https://pandas.pydata.org/docs/user_guide/enhancingperf.html'],
  },
  create(ctx: RuleContext<MessageId>) {
    // `self.apply(...)` in a class is the class's own method (or a subclass of DataFrame: pandas itself)
    const mayBeFrame = (receiver: Node) =>
      !NOT_FRAMES.has(ctx.facts.bindings.kindOf(receiver)) && !(unparen(receiver).type === 'identifier' && ctx.facts.scopeOf(receiver).functionScope().selfName === unparen(receiver).text) && !isStyler(ctx, receiver);
    return {
      for_statement(node: Node) {
        const iterable = node.childForFieldName('right');
        const call = iterable ? unparen(iterable) : undefined;
        const method = call?.type === 'call' ? methodCall(call) : undefined;
        if (!method || (method.method !== 'iterrows' && method.method !== 'itertuples') || !mayBeFrame(method.receiver)) return;
        const frame = unparen(method.receiver);
        if (frame.type !== 'identifier' && frame.type !== 'attribute') return;
        const target = unparen(node.childForFieldName('left')!);
        let row: string | undefined;
        let label: string | undefined;
        if (method.method === 'iterrows') {
          const parts = target.type === 'pattern_list' || target.type === 'tuple_pattern' ? namedChildren(target) : [];
          if (parts.length === 2 && parts[1].type === 'identifier') {
            row = parts[1].text;
            label = parts[0].type === 'identifier' && parts[0].text !== '_' ? parts[0].text : undefined;
          }
        } else if (target.type === 'identifier' && callArguments(call!).keywords.get('name') === undefined) {
          row = target.text;
        }
        const scope: RowScope | undefined = row ? { facts: ctx.facts, row, label, frame: frame.text, owner: node } : undefined;
        const vector = scope ? columnStatements(scope, node) : undefined;
        const data = { frame: shortText(frame, 30) };
        if (method.method === 'itertuples') {
          if (!vector) return;
          ctx.report({ node, messageId: 'itertuples', data, fix: { description: `Replace the loop with \`${vector.join('; ')}\`` } });
          return;
        }
        // a body that only hands each row to I/O (or nothing at all) is not per-row computation
        if (statements(node.childForFieldName('body')).length === 0) return;
        ctx.report({ node, messageId: 'iterrows', data, fix: { description: vector ? `Replace the loop with \`${vector.join('; ')}\`` : GENERIC_FIX } });
      },
      call(node: Node) {
        const method = methodCall(node);
        if (method?.method !== 'apply' || !mayBeFrame(method.receiver)) return;
        const { positional, keywords } = callArguments(node);
        const axis = keywords.get('axis') ?? positional[1];
        if (!axis || !(unparen(axis).text === '1' || stringLiteral(axis) === 'columns')) return;
        const frame = unparen(method.receiver);
        const fn = positional[0] ?? keywords.get('func');
        const expression = fn && (frame.type === 'identifier' || frame.type === 'attribute') ? appliedExpression(ctx, unparen(fn), frame.text) : undefined;
        const description = expression ? `Compute \`${expression}\` on the whole columns instead of \`apply\`` : GENERIC_FIX;
        ctx.report({ node, messageId: 'apply', data: { frame: shortText(frame, 30) }, fix: { description } });
      },
    };
  },
});

/** The column form of `lambda row: E` or of a module function whose body is `return E`. */
function appliedExpression(ctx: RuleContext<MessageId>, fn: Node, frame: string): string | undefined {
  let owner: Node | undefined;
  let body: Node | undefined;
  if (fn.type === 'lambda') {
    owner = fn;
    body = fn.childForFieldName('body') ?? undefined;
  } else if (fn.type === 'identifier') {
    const bindings = ctx.facts.scopeOf(fn).resolve(fn.text)?.bindings.get(fn.text) ?? [];
    const def = bindings.length === 1 && bindings[0].kind === 'def' ? bindings[0].site : undefined;
    const stmts = def?.type === 'function_definition' ? statements(def.childForFieldName('body')) : [];
    const only = stmts.filter((s) => s.type !== 'expression_statement' || namedChildren(s)[0]?.type !== 'string');
    if (only.length !== 1 || only[0].type !== 'return_statement') return undefined;
    owner = def;
    body = namedChildren(only[0])[0];
  }
  const params = owner?.childForFieldName('parameters');
  const names = params ? namedChildren(params) : [];
  if (!owner || !body || names.length !== 1 || names[0].type !== 'identifier') return undefined;
  return columnExpression({ facts: ctx.facts, row: names[0].text, frame, owner }, body);
}

/** `df.style` (a Styler, whose `apply(f, axis=1)` styles cells) or a name some binding of which is one. */
function isStyler(ctx: RuleContext<MessageId>, receiver: Node): boolean {
  const r = unparen(receiver);
  const values = r.type === 'identifier' ? (ctx.facts.scopeOf(r).resolve(r.text)?.bindings.get(r.text) ?? []).map((b) => b.value).filter((v): v is Node => !!v) : [r];
  return values.some((v) => /\.style\b/.test(unparen(v).text.split('(')[0]));
}
