import type { ValueKind } from '../python/bindings.js';
import { plusOperands, sameStorageEachTime, storeTarget } from '../python/accumulators.js';
import { exitsLoopAfter, reads, resetsIn, targetKey } from '../python/flow.js';
import type { Node } from '../python/parser.js';
import { callArguments, field, namedChildren, unparen } from '../python/syntax.js';
import { defineRule } from './define-rule.js';

type MessageId = 'concat' | 'prepend' | 'sum' | 'reduce';

const SEQUENCES = new Set<ValueKind>(['list', 'tuple']);

/** True when code of `loop` outside `statement` reads the target spelled `key`. */
function readsElsewhere(loop: Node, statement: Node, key: string): boolean {
  const stack: Node[] = [loop];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.id === statement.id) continue;
    if (node.type === 'identifier' || node.type === 'attribute' || node.type === 'subscript') {
      if (reads(node, key)) return true;
      continue;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** `lambda a, b: a + b` */
function isAddLambda(node: Node): boolean {
  const n = unparen(node);
  if (n.type !== 'lambda') return false;
  const params = n.childForFieldName('parameters');
  const body = n.childForFieldName('body');
  const names = params ? namedChildren(params) : [];
  if (names.length !== 2 || !body || names.some((p) => p.type !== 'identifier')) return false;
  const operands = plusOperands(body);
  return operands.length === 2 && operands[0].text === names[0].text && operands[1].text === names[1].text;
}

export default defineRule<MessageId>({
  id: 'HS105',
  name: 'list-concat-in-loop',
  tier: 1,
  severity: 'warning',
  equivalents: ['RUF017'],
  fixable: false,
  messages: {
    concat: '`{{target}}` is rebuilt by {{kind}} concatenation on every loop iteration: each step copies all of it, O(n^2) overall',
    prepend: '`{{target}}` is rebuilt by prepending to it on every loop iteration: each step copies all of it, O(n^2) overall',
    sum: '`{{call}}` concatenates the lists pairwise: each step copies everything summed so far, O(n^2) in the total length',
    reduce: '`{{call}}` concatenates the lists pairwise: each step copies everything accumulated so far, O(n^2) in the total length',
  },
  docs: {
    summary: 'List or tuple rebuilt by concatenation inside a loop, or lists flattened with `sum()`',
    what:
      'Checks for `acc = acc + [...]`, `acc = acc + other` and `acc = [...] + acc` inside a loop when `acc` ' +
      'is known to be a list or tuple, `t += (...)` on a tuple in a loop, and `sum(lists, [])` or ' +
      '`functools.reduce(operator.add, lists, [])` anywhere.',
    why:
      '`acc + other` builds a brand-new list and copies every element of both operands into it; the old list ' +
      'is then thrown away. Repeated n times the loop copies 1 + 2 + ... + n elements: O(n^2). `acc += other` ' +
      'and `acc.extend(other)` append in place in amortized O(len(other)). `sum(lists, [])` is the same ' +
      'quadratic concatenation hidden in one call. For 10,000 small lists this is roughly 100x to 1000x ' +
      'slower than `extend` or `itertools.chain`; for a few dozen items the difference is negligible. Tuples ' +
      'are immutable, so even `t += (x,)` copies: collect in a list and convert once.',
    example: {
      bad: [
        'def flatten(groups):',
        '    out = []',
        '    for group in groups:',
        '        out = out + list(group)',
        '    return out',
        '',
      ].join('\n'),
      good: [
        'def flatten(groups):',
        '    out = []',
        '    for group in groups:',
        '        out.extend(group)',
        '    return out',
        '',
      ].join('\n'),
    },
    fix:
      'Use `acc.append(x)` / `acc.extend(other)` (or `acc += other`, which extends in place), or ' +
      '`list(itertools.chain.from_iterable(lists))` instead of `sum(lists, [])`. For tuples, build a list ' +
      'and call `tuple()` once at the end.',
    notes:
      'Ruff has no rule for the loop form; its `RUF017` covers only `sum(lists, [])` and hotspy reports the ' +
      'same call (plus the `functools.reduce(operator.add, ..., [])` spelling). `acc += other` on a list is ' +
      'not reported: it extends in place. NumPy arrays are left alone (`arr + [1]` adds element-wise), as are ' +
      'accumulators whose kind is unknown and ones the loop resets.',
  },
  create(ctx) {
    const checkLoopConcat = (statement: Node, target: Node, value: Node, augmented: boolean): void => {
      const loop = ctx.facts.loops.innermostLoop(statement);
      if (!loop) return;
      const key = targetKey(target);
      const kind = ctx.facts.bindings.kindOf(target);
      if (!SEQUENCES.has(kind)) return;
      if (augmented) {
        // `list += x` extends in place; only immutable tuples copy
        if (kind !== 'tuple') return;
      }
      const operands = augmented ? [target, value] : plusOperands(value);
      const at = operands.findIndex((o) => targetKey(o) === key);
      if (at < 0 || operands.findIndex((o, i) => i > at && targetKey(o) === key) >= 0) return;
      // `acc = piece + acc` prepends: extending in place would reverse the order, and the fix that
      // keeps it (collect the pieces, join them reversed once) holds only when nothing else in the
      // loop reads `acc` on the way (a `pop(0)` queue, a scan of the items so far)
      const prepends = at === operands.length - 1 && at > 0;
      if (!prepends && at !== 0) return;
      if (prepends && readsElsewhere(loop.node, statement, key)) return;
      if (!sameStorageEachTime(ctx.facts.loops, target, loop.node)) return;
      if (resetsIn(loop.node, key)) return;
      if (exitsLoopAfter(statement, loop.node)) return;
      if (prepends) {
        ctx.report({
          node: statement,
          messageId: 'prepend',
          data: { target: target.text, kind },
          fix: {
            description:
              `Collect the pieces in a list as the loop goes and join them once after it in reverse order ` +
              `(\`list(itertools.chain.from_iterable(reversed(pieces)))\`${kind === 'tuple' ? ', then `tuple()`' : ''}), ` +
              `or keep a \`collections.deque\` and \`extendleft(reversed(piece))\``,
          },
        });
        return;
      }
      ctx.report({
        node: statement,
        messageId: 'concat',
        data: { target: target.text, kind },
        fix: {
          description:
            kind === 'tuple'
              ? `Collect the items in a list and build the tuple once after the loop`
              : `Extend \`${target.text}\` in place (\`.extend()\`, \`.append()\` or \`+=\`) instead of rebuilding it`,
        },
      });
    };

    return {
      assignment(node: Node) {
        const store = storeTarget(node);
        if (store?.value.type !== 'binary_operator' || !reads(store.value, targetKey(store.target))) return;
        checkLoopConcat(node, store.target, store.value, false);
      },
      augmented_assignment(node: Node) {
        if (field(node, 'operator')?.type !== '+=') return;
        const left = field(node, 'left');
        const right = field(node, 'right');
        if (left && right) checkLoopConcat(node, unparen(left), right, true);
      },
      call(node: Node) {
        const name = ctx.facts.bindings.calleeQualifiedName(node);
        if (name === 'sum') {
          const { positional, keywords } = callArguments(node);
          const start = positional[1] ?? keywords.get('start');
          if (!start || ctx.facts.bindings.kindOf(start) !== 'list') return;
          ctx.report({
            node,
            messageId: 'sum',
            data: { call: 'sum(..., [])' },
            fix: { description: 'Flatten with `list(itertools.chain.from_iterable(...))` or a nested comprehension' },
          });
        } else if (name === 'functools.reduce') {
          const { positional } = callArguments(node);
          const [fn, , initial] = positional;
          if (!fn || !initial || ctx.facts.bindings.kindOf(initial) !== 'list') return;
          const fnName = ctx.facts.bindings.qualifiedName(fn);
          if (fnName !== 'operator.add' && fnName !== 'operator.concat' && !isAddLambda(fn)) return;
          ctx.report({
            node,
            messageId: 'reduce',
            data: { call: 'reduce(..., [])' },
            fix: { description: 'Flatten with `list(itertools.chain.from_iterable(...))` or a nested comprehension' },
          });
        }
      },
    };
  },
});
