import type { Node } from '../python/parser.js';
import { callArguments, namedChildren, unparen } from '../python/syntax.js';
import { shortText } from '../python/usage.js';
import { defineRule } from './define-rule.js';

type MessageId = 'vectorize';

const BAD = `import numpy as np

def tax(price):
    return price * 0.2 if price > 100 else price * 0.1

def taxes(prices):
    return np.vectorize(tax)(prices)
`;

const GOOD = `import numpy as np

def taxes(prices):
    return np.where(prices > 100, prices * 0.2, prices * 0.1)
`;

const VECTORIZE = 'numpy.vectorize';

const FIX =
  'Express the function with NumPy ufuncs and `np.where`/`np.select` on whole arrays, or, when it does not ' +
  'vectorize cleanly, compile it with Numba `@vectorize` (or `@njit` on a loop)';

export default defineRule<MessageId>({
  id: 'HS504',
  name: 'numpy-vectorize',
  tier: 5,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    vectorize: '`np.vectorize` runs `{{fn}}` as a Python loop, one interpreted call per element: it is a convenience, not a speed-up',
  },
  docs: {
    summary: '`np.vectorize` used as if it made a Python function fast',
    what:
      'Checks for calls of `numpy.vectorize` (`np.vectorize(f)`, `np.vectorize(f, otypes=[float])`) and its use ' +
      'as a decorator (`@np.vectorize`). Names are resolved through imports, so `import numpy as np`, ' +
      '`import numpy` and `from numpy import vectorize` all count; a local function or another library\'s ' +
      '`vectorize` (Numba, JAX) does not.',
    why:
      'The NumPy documentation says it plainly: "The vectorize function is provided primarily for convenience, ' +
      'not for performance. The implementation is essentially a for loop." Each element still costs a Python ' +
      'function call plus boxing the value into a Python object and back, so an `np.vectorize`d function runs at ' +
      'the speed of a plain Python loop, while the same computation written with ufuncs on whole arrays runs in ' +
      'C, typically 10x-100x faster on arrays of thousands of elements.',
    example: { bad: BAD, good: GOOD },
    fix: `${FIX}.`,
    notes:
      'Ruff has no equivalent. `np.frompyfunc` is the same kind of loop but is not reported here. `numba.vectorize` ' +
      'and `jax.numpy.vectorize` compile or trace the function and are left alone.',
    references: ['https://numpy.org/doc/stable/reference/generated/numpy.vectorize.html'],
  },
  create(ctx) {
    const isVectorize = (expr: Node): boolean => ctx.facts.bindings.qualifiedName(expr) === VECTORIZE;
    return {
      call(node: Node) {
        if (ctx.facts.bindings.calleeQualifiedName(node) !== VECTORIZE) return;
        const { positional, keywords } = callArguments(node);
        const target = positional[0] ?? keywords.get('pyfunc');
        const decorated = node.parent?.type === 'decorator' ? decoratedName(node.parent) : undefined;
        const fn = target ? shortText(unparen(target), 30) : decorated ?? 'the function';
        ctx.report({ node, messageId: 'vectorize', data: { fn }, fix: { description: FIX } });
      },
      decorator(node: Node) {
        // `@np.vectorize(otypes=...)` is a call, reported by the call visitor
        const expr = namedChildren(node)[0];
        if (!expr || expr.type === 'call' || !isVectorize(expr)) return;
        ctx.report({ node, messageId: 'vectorize', data: { fn: decoratedName(node) ?? 'the function' }, fix: { description: FIX } });
      },
    };
  },
});

/** Name of the function a decorator applies to. */
function decoratedName(decorator: Node): string | undefined {
  const definition = decorator.parent?.childForFieldName('definition');
  return definition?.childForFieldName('name')?.text;
}
