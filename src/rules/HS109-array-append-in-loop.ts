import { sameStorageEachTime, storeTarget } from '../python/accumulators.js';
import { exitsLoopAfter, reads, resetsIn, targetKey } from '../python/flow.js';
import type { Node } from '../python/parser.js';
import { callArguments, methodCall, namedChildren, unparen } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'accumulate';

/** Functions that return a new array or frame holding a copy of every input. */
const COPYING_FUNCTIONS = new Set([
  'numpy.append',
  'numpy.concatenate',
  'numpy.vstack',
  'numpy.hstack',
  'numpy.dstack',
  'numpy.column_stack',
  'numpy.row_stack',
  'numpy.stack',
  'numpy.insert',
  'pandas.concat',
]);

/** `DataFrame.append` (removed in pandas 2) and its private successor copy the frame too. */
const FRAME_METHODS = new Set(['append', '_append']);

/**
 * True when the loop also cuts the accumulator down (`acc = np.delete(acc, i)`, `acc = acc[1:]`):
 * its size stays bounded (a sliding window, a fixed-size buffer), so nothing accumulates.
 */
function shrinksIn(ctx: RuleContext<MessageId>, loop: Node, key: string | undefined): boolean {
  if (key === undefined) return false;
  for (const assignment of loop.descendantsOfType('assignment')) {
    const store = assignment ? storeTarget(assignment) : undefined;
    if (!store || targetKey(store.target) !== key) continue;
    const value = unparen(store.value);
    if (value.type === 'subscript' && targetKey(unparen(value.childForFieldName('value') ?? value)) === key) return true;
    if (value.type !== 'call' || ctx.facts.bindings.calleeQualifiedName(value) !== 'numpy.delete') continue;
    const first = callArguments(value).positional[0];
    if (first && targetKey(unparen(first)) === key) return true;
  }
  return false;
}

export default defineRule<MessageId>({
  id: 'HS109',
  name: 'array-append-in-loop',
  tier: 1,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    accumulate: '`{{target}}` is rebuilt from itself with `{{callee}}()` on every loop iteration: each call copies the whole {{what}}, O(n^2) overall',
  },
  docs: {
    summary: 'NumPy array or pandas DataFrame grown by copying inside a loop',
    what:
      'Checks for an accumulator rebuilt inside a loop from itself with `np.append`, `np.concatenate`, ' +
      '`np.vstack`/`hstack`/`dstack`/`column_stack`/`stack`, `np.insert`, `pd.concat`, or ' +
      '`DataFrame.append`/`_append`: `arr = np.append(arr, x)`, `df = pd.concat([df, row])`. Names are ' +
      'resolved through imports, so `import numpy as np` and `from numpy import append` both count.',
    why:
      'NumPy arrays and pandas frames have a fixed size: each of these calls allocates a new block and copies ' +
      'every existing row into it. Growing an array of n rows one row at a time copies 1 + 2 + ... + n rows, ' +
      'O(n^2), and pandas adds index alignment on top. Appending to a Python list is amortized O(1); one ' +
      '`np.array(rows)` / `np.vstack(rows)` / `pd.concat(frames)` at the end copies each row once. For 10,000 ' +
      'rows this is typically 100x to 1000x faster; for a few dozen it hardly matters.',
    example: {
      bad: [
        'import numpy as np',
        '',
        'def collect(samples):',
        '    out = np.empty((0, 3))',
        '    for s in samples:',
        '        out = np.vstack([out, s.vector])',
        '    return out',
        '',
      ].join('\n'),
      good: [
        'import numpy as np',
        '',
        'def collect(samples):',
        '    rows = [s.vector for s in samples]',
        '    return np.vstack(rows) if rows else np.empty((0, 3))',
        '',
      ].join('\n'),
    },
    fix:
      'Append the pieces to a Python list inside the loop and build the array or frame once after it ' +
      '(`np.array(rows)`, `np.concatenate(chunks)`, `pd.concat(frames)`, `pd.DataFrame(records)`); or ' +
      'preallocate with `np.empty(n)` and fill by index when the size is known.',
    notes:
      'Ruff has no rule for this (pandas-vet flags `DataFrame.append` only because it is deprecated, wherever ' +
      'it appears). A call that does not feed its own result back (`x = np.concatenate([a, b])` with fresh `a` ' +
      'and `b` on each iteration) is not reported: it copies only the current pieces. The method form is ' +
      'reported only when the receiver is known to be a DataFrame or Series.',
  },
  create(ctx) {
    return {
      assignment(node: Node) {
        const store = storeTarget(node);
        if (!store) return;
        const { target } = store;
        // `acc = x if acc is None else np.concatenate([acc, x])`: an accumulator that starts as None
        const call = store.value.type === 'conditional_expression' ? namedChildren(store.value).find((c) => unparen(c).type === 'call') : store.value;
        if (call?.type !== 'call') return;
        const key = targetKey(target);
        const args = call.childForFieldName('arguments');
        if (!args) return;

        let callee: string;
        let what = 'array';
        const qualified = ctx.facts.bindings.calleeQualifiedName(call);
        if (qualified && COPYING_FUNCTIONS.has(qualified)) {
          if (!reads(args, key)) return;
          callee = call.childForFieldName('function')?.text ?? qualified;
          what = qualified.startsWith('pandas.') ? 'frame' : 'array';
        } else {
          const method = methodCall(call);
          if (!method || !FRAME_METHODS.has(method.method) || targetKey(method.receiver) !== key) return;
          const kind = ctx.facts.bindings.kindOf(method.receiver);
          if (kind !== 'DataFrame' && kind !== 'Series') return;
          callee = `${method.receiver.text}.${method.method}`;
          what = kind === 'Series' ? 'series' : 'frame';
        }

        const loop = ctx.facts.loops.innermostLoop(node);
        if (!loop) return;
        if (!sameStorageEachTime(ctx.facts.loops, target, loop.node)) return;
        if (resetsIn(loop.node, key)) return;
        if (exitsLoopAfter(node, loop.node)) return;
        if (shrinksIn(ctx, loop.node, key)) return;
        ctx.report({
          node,
          messageId: 'accumulate',
          data: { target: target.text, callee, what },
          fix: {
            description:
              what === 'array'
                ? `Append the pieces to a list in the loop and build \`${target.text}\` once after it (\`np.array\` / \`np.concatenate\`)`
                : `Collect the rows or frames in a list in the loop and call \`pd.concat\` (or \`pd.DataFrame\`) once after it`,
          },
        });
      },
    };
  },
});
