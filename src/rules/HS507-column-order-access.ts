import { compiledByNumba } from '../python/element-loop.js';
import type { Node } from '../python/parser.js';
import { callArguments, namedChildren, statements, stringLiteral, unparen } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'columnSlices' | 'compiledColumnOrder';

const BAD = `import numpy as np

def column_scores(path):
    m = np.loadtxt(path, delimiter=",")
    out = np.empty(m.shape[1])
    for j in range(m.shape[1]):
        out[j] = m[:, j].std()
    return out
`;

const GOOD = `import numpy as np

def column_scores(path):
    m = np.loadtxt(path, delimiter=",")
    return m.std(axis=0)
`;

const SLICES_FIX =
  'Work along `axis=0` on the whole array (`m.std(axis=0)`, `m / m.std(axis=0)`, `m.sum(axis=0)`); when the ' +
  'loop over columns must stay, take `np.asfortranarray(m)` once before it so that each column is contiguous';

const COMPILED_FIX = 'Swap the loops so that the inner loop runs over the last index (`for i ...: for j ...: m[i, j]`), or store the array in Fortran order (`np.asfortranarray`)';

export default defineRule<MessageId>({
  id: 'HS507',
  name: 'column-order-access',
  tier: 5,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    columnSlices: '`{{access}}` takes a strided column of the C-ordered array `{{array}}` on every iteration: each element sits in its own cache line',
    compiledColumnOrder: 'the inner loop walks `{{array}}` down a column (`{{access}}`): in a compiled loop over a C-ordered array every step jumps a whole row',
  },
  docs: {
    summary: 'A C-ordered 2-D array walked column by column',
    what:
      'Checks for loops over the columns of a 2-D NumPy array that take the column as a strided slice on each ' +
      'iteration (`for j in range(m.shape[1]): m[:, j].std()`), and, in functions compiled by Numba (`@njit`, `@jit`), ' +
      'nested loops whose inner loop walks the first index (`for j ...: for i ...: m[i, j]`). Arrays known to be in ' +
      'Fortran order (`np.asfortranarray`, `order="F"`, a transpose `.T`) are left alone.',
    why:
      'NumPy stores a 2-D array row after row (C order): a row is contiguous, a column is a strided view whose ' +
      'consecutive elements are a whole row apart, so every element of a column costs a cache line of its own and the ' +
      'column loop adds one Python-level NumPy call per column. Measured here (numpy 2.4, `benchmarks/numeric-rules`): ' +
      'the standard deviation of each column of a 2000x2000 float64 array with `m[:, j].std()` in a loop took ' +
      '0.15-0.52 s, `m.std(axis=0)` 17-59 ms (8.8x-9x); on `np.asfortranarray(m)` the same loop ran 1.9x-2x faster. In a Numba-compiled sum ' +
      'over a 4000x4000 array the column-order loop took 0.40-0.48 s and the row-order loop 0.06-0.07 s (6.5x). In an ' +
      'interpreted double loop the order makes no measurable difference (10.0 s against 10.5 s): there HS503 applies.',
    example: { bad: BAD, good: GOOD },
    fix: `${SLICES_FIX}. In a compiled loop: ${COMPILED_FIX}.`,
    notes:
      'The array must be known to be an ndarray; an array whose memory order cannot be told (a parameter) is taken to ' +
      'be C-ordered, NumPy\'s default. Interpreted element-by-element double loops are HS503\'s business, not this rule\'s.',
    references: ['https://numpy.org/doc/stable/reference/arrays.ndarray.html#internal-memory-layout-of-an-ndarray'],
  },
  create(ctx: RuleContext<MessageId>) {
    // one finding per array and loop: `m[:, j] = m[:, j] / norm(m[:, j])` is one column walk
    const seen = new Set<string>();
    return {
      subscript(node: Node) {
        const value = unparen(node.childForFieldName('value')!);
        const keys = node.childrenForFieldName('subscript').filter((n): n is Node => n !== null);
        if (keys.length !== 2 || value.type !== 'identifier') return;
        // in compiled code a two-index subscript is an array even when nothing else says so
        const kind = ctx.facts.bindings.kindOf(value);
        if (kind !== 'ndarray' && !(kind === 'unknown' && compiledByNumba(ctx.facts, node))) return;
        if (fortranOrdered(ctx, value)) return;
        const [rowKey, colKey] = keys.map(unparen);
        const loops = ctx.facts.loops.enclosingLoops(node).filter((l) => l.kind !== 'while');
        if (loops.length === 0 || !ctx.facts.loops.isInvariant(value, loops[0].node)) return;
        const key = `${loops[0].node.id}:${value.text}`;
        if (seen.has(key)) return;
        const varies = (key: Node, loop: Node) => !ctx.facts.loops.isInvariant(key, loop);
        if (rowKey.type === 'slice' && rowKey.text === ':' && colKey.type !== 'slice') {
          if (!varies(colKey, loops[0].node) || compiledByNumba(ctx.facts, node)) return;
          // only a loop that does nothing but column arithmetic has an `axis=0` form; a loop that hands each
          // column to other code pays the strided copy once per column, small beside that work
          if (!columnArithmeticOnly(ctx, loops[0].node)) return;
          seen.add(key);
          ctx.report({ node, messageId: 'columnSlices', data: { access: node.text, array: value.text }, fix: { description: SLICES_FIX } });
          return;
        }
        if (rowKey.type === 'slice' || colKey.type === 'slice' || loops.length < 2 || !compiledByNumba(ctx.facts, node)) return;
        // inner loop moves the row index, an outer loop the column index
        const [inner, ...outer] = loops;
        if (varies(rowKey, inner.node) && !varies(colKey, inner.node) && outer.some((l) => varies(colKey, l.node))) {
          seen.add(key);
          ctx.report({ node, messageId: 'compiledColumnOrder', data: { access: node.text, array: value.text }, fix: { description: COMPILED_FIX } });
        }
      },
    };
  },
});

/** True when some binding of the array makes it Fortran-ordered (or a transpose, which is). */
function fortranOrdered(ctx: RuleContext<MessageId>, name: Node): boolean {
  const bindings = ctx.facts.scopeOf(name).resolve(name.text)?.bindings.get(name.text) ?? [];
  return bindings.some((b) => {
    const v = b.value ? unparen(b.value) : undefined;
    if (!v) return false;
    if (v.type === 'attribute' && v.childForFieldName('attribute')?.text === 'T') return true;
    if (v.type !== 'call') return false;
    const callee = ctx.facts.bindings.calleeQualifiedName(v);
    if (callee === 'numpy.asfortranarray' || callee === 'numpy.transpose') return true;
    const order = callArguments(v).keywords.get('order');
    const method = v.childForFieldName('function');
    if (method?.type === 'attribute' && method.childForFieldName('attribute')?.text === 'transpose') return true;
    return !!order && stringLiteral(order) === 'F';
  });
}

/** NumPy reductions and ufuncs that have an `axis` form, as functions or array methods. */
const AXIS_FUNCS = new Set([
  'sum', 'mean', 'std', 'var', 'min', 'max', 'prod', 'median', 'any', 'all', 'argmin', 'argmax', 'ptp', 'nansum',
  'nanmean', 'nanstd', 'nanmin', 'nanmax', 'cumsum', 'cumprod', 'sqrt', 'abs', 'exp', 'log', 'square', 'linalg.norm',
  'count_nonzero', 'average', 'percentile', 'quantile', 'sort', 'argsort', 'isnan', 'isfinite', 'round', 'clip',
]);

/**
 * True when the loop's repeated code is only assignments (or a comprehension's element) built from
 * column slices, NumPy reductions and ufuncs, arithmetic, constants and loop-invariant names.
 */
function columnArithmeticOnly(ctx: RuleContext<MessageId>, loop: Node): boolean {
  const roots: Node[] = [];
  if (loop.type === 'for_statement') {
    for (const stmt of statements(loop.childForFieldName('body'))) {
      const expr = stmt.type === 'expression_statement' ? namedChildren(stmt)[0] : undefined;
      if (expr?.type !== 'assignment' && expr?.type !== 'augmented_assignment') return false;
      // a local or an array element: a column handed to a frame, a dict or an attribute has no axis form
      const left = unparen(expr.childForFieldName('left')!);
      const stored = left.type === 'subscript' ? unparen(left.childForFieldName('value')!) : undefined;
      if (left.type !== 'identifier' && !(stored?.type === 'identifier' && ctx.facts.bindings.kindOf(stored) === 'ndarray')) return false;
      roots.push(expr.childForFieldName('right')!);
    }
  } else {
    const element = namedChildren(loop)[0];
    if (!element || element.type === 'for_in_clause') return false;
    roots.push(element);
  }
  const stack = [...roots];
  while (stack.length > 0) {
    const node = unparen(stack.pop()!);
    switch (node.type) {
      case 'identifier':
      case 'integer':
      case 'float':
      case 'subscript':
      case 'attribute':
        // `m[:, j]`, `out[j]`, `self.scale`: no call hides behind them
        if (node.type === 'subscript' || node.type === 'attribute') stack.push(...namedChildren(node).filter((c) => c.type !== 'identifier'));
        continue;
      case 'binary_operator':
      case 'unary_operator':
      case 'slice':
      case 'keyword_argument':
        stack.push(...namedChildren(node));
        continue;
      case 'call': {
        const name = ctx.facts.bindings.calleeQualifiedName(node);
        const fn = node.childForFieldName('function');
        const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')!.text : undefined;
        const ok = name?.startsWith('numpy.') ? AXIS_FUNCS.has(name.slice(6)) : !name && method !== undefined && AXIS_FUNCS.has(method);
        if (!ok) return false;
        if (method && !name) stack.push(fn!.childForFieldName('object')!);
        stack.push(...namedChildren(node.childForFieldName('arguments')!));
        continue;
      }
      default:
        return false;
    }
  }
  return true;
}
