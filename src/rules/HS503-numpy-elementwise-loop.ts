import type { Node } from '../python/parser.js';
import { compiledByNumba, elementLoop } from '../python/element-loop.js';
import { shortText } from '../python/usage.js';
import { defineRule } from './define-rule.js';

type MessageId = 'elementwise' | 'recurrence';

const BAD = `import numpy as np

def scale(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    out = np.empty(len(a))
    for i in range(len(a)):
        out[i] = a[i] * 2 + b[i]
    return out
`;

const GOOD = `import numpy as np

def scale(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return a * 2 + b
`;

const GENERIC_FIX =
  'Replace the loop with whole-array operations: arithmetic and ufuncs on the arrays, `np.where` for branches, ' +
  '`.sum()`/`np.count_nonzero(mask)` for totals and counts, slices such as `a[1:] - a[:-1]` for neighbours';

const RECURRENCE_FIX =
  'Look for a NumPy function that computes the recurrence (`np.cumsum`, `np.cumprod`, `np.maximum.accumulate`, ' +
  '`scipy.signal.lfilter` for linear filters); otherwise compile the loop with Numba `@njit` (HS508 says so when the ' +
  'profile shows it hot)';

export default defineRule<MessageId>({
  id: 'HS503',
  name: 'numpy-elementwise-loop',
  tier: 5,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    elementwise: 'Python loop walks `{{arrays}}` one element per iteration: every step boxes NumPy scalars and runs interpreted arithmetic',
    recurrence: 'Python loop over `{{arrays}}` carries a value from one iteration to the next (`{{carried}}`): it does not vectorize as written',
  },
  docs: {
    summary: 'A Python `for` loop over the elements of a NumPy array',
    what:
      'Checks for `for` loops over the indices (`range(len(a))`, `range(n)`, `enumerate(a)`) or the elements (`for x in a`, ' +
      '`zip(a, b)`) of arrays known to be NumPy arrays, whose body only does element arithmetic: writes `out[i] = ...`, ' +
      'accumulates `total += a[i]`, counts `if a[i] > limit: n += 1`, keeps a running maximum, with math functions and ' +
      'ufuncs on single elements. When the whole-array form follows mechanically from the body it is given ' +
      '(`out[:] = a * 2 + b`, `n += np.count_nonzero(a > limit)`, `total += a.sum()`). A loop that carries a value ' +
      'from one iteration to the next (`level[i] = level[i - 1] * decay + x[i]`, `s = s * decay + x[i]`) is reported ' +
      'as a recurrence, which does not vectorize as written.',
    why:
      'Indexing an array from Python creates a new Python float or int object for every element read, and every ' +
      'operation on it goes through the interpreter: roughly 50-100 ns per element and operation, against about 1 ns ' +
      'when NumPy runs the same arithmetic over the whole array in C. Measured here (numpy 2.4, 1,000,000 float64 ' +
      'elements, `benchmarks/numeric-rules`, two runs on a shared machine): `out[i] = a[i] * 2 + b[i]` 0.7-2.7 s in ' +
      'the loop, 2.1-2.3 ms as `a * 2 + b` (320x-1,200x); counting `a[i] > limit` 0.3-1.0 s against 0.4-0.9 ms for ' +
      '`np.count_nonzero(a > limit)` (370x-2,500x). The guides\' "10x-100x" is the floor: the gain grows with the work per element the loop boxes.',
    example: { bad: BAD, good: GOOD },
    fix: `${GENERIC_FIX}. For a recurrence: ${RECURRENCE_FIX}.`,
    notes:
      'Only arrays known to be ndarrays count (built by NumPy calls, annotated `np.ndarray`, returned by a function of ' +
      'the module that builds one); a loop that calls other functions, leaves early (`break`, `return`), nests ' +
      'another loop or uses a whole array per iteration is left alone, and so are loops in functions compiled by ' +
      'Numba (`@njit`, `@jit`). The whole-array form assumes one-dimensional arrays for totals (`a.sum()`); NumPy ' +
      'integer arithmetic wraps around where Python integers grow, so check integer sums of large values.',
    references: ['https://numpy.org/doc/stable/user/basics.broadcasting.html', 'https://numpy.org/doc/stable/reference/ufuncs.html'],
  },
  create(ctx) {
    return {
      for_statement(node: Node) {
        const found = elementLoop(ctx.facts, node);
        if (!found || compiledByNumba(ctx.facts, node)) return;
        const arrays = found.arrays.join('`, `');
        if (found.carried) {
          ctx.report({
            node,
            messageId: 'recurrence',
            data: { arrays, carried: shortText(found.carried, 40) },
            fix: { description: RECURRENCE_FIX },
          });
          return;
        }
        const description = found.vector ? `Replace the loop with \`${found.vector.join('; ')}\`` : GENERIC_FIX;
        ctx.report({ node, messageId: 'elementwise', data: { arrays }, fix: { description } });
      },
    };
  },
});
