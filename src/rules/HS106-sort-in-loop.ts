import { exitsLoopAfter } from '../python/flow.js';
import type { Loop } from '../python/loops.js';
import type { Node } from '../python/parser.js';
import { loopChange } from '../python/mutation.js';
import { callArguments, comparison, dottedName, field, identifiersIn, methodCall, namedChildren, statements, unparen } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'sortedInLoop' | 'sortedGrowing' | 'sortInLoop' | 'pickEnd' | 'extremeOfSorted' | 'scanInsert';

const VIEW_METHODS = new Set(['keys', 'values', 'items']);

/** `xs`, `self.xs`, `d.items()`: an expression that names a collection rather than computing one. */
function namesCollection(ctx: RuleContext<MessageId>, expr: Node, loop: Node): boolean {
  const e = unparen(expr);
  if (e.type === 'identifier' || e.type === 'attribute') return ctx.facts.loops.isInvariant(e, loop);
  const view = methodCall(e);
  if (view && VIEW_METHODS.has(view.method) && callArguments(e).positional.length === 0) {
    return namesCollection(ctx, view.receiver, loop);
  }
  return false;
}

/** A `key=`/`reverse=` argument that gives the same ordering on every iteration. */
function invariantOption(ctx: RuleContext<MessageId>, value: Node, loop: Node): boolean {
  const v = unparen(value);
  if (v.type === 'lambda') {
    const { names } = ctx.facts.loops.assignedIn(loop);
    return !identifiersIn(v).some((n) => names.has(n));
  }
  return ctx.facts.loops.isInvariant(v, loop, { allowCalls: true });
}

/** `0` -> 'first', `-1` -> 'last', anything else -> undefined. */
function endIndex(index: Node): 'first' | 'last' | undefined {
  const i = unparen(index);
  if (i.type === 'integer' && i.text === '0') return 'first';
  if (i.type === 'unary_operator' && i.text.replace(/\s+/g, '') === '-1') return 'last';
  return undefined;
}

/** The collection a `sorted()` argument names: `xs` for `xs`, `self.xs`, `xs.items()`. */
function collectionName(expr: Node): string | undefined {
  const e = unparen(expr);
  const view = methodCall(e);
  if (view && VIEW_METHODS.has(view.method)) return collectionName(view.receiver);
  return dottedName(e);
}

/** Methods that only add items: the collection stays orderable by inserting in place. */
const ADDING = new Set(['append', 'insert', 'add']);

/**
 * How the loop changes the collection between iterations: 'none', 'grows' (only `append`/`add`
 * calls: `bisect.insort` keeps it ordered) or 'changes' (items set, removed, or the object passed
 * to a call that may change it: re-sorting is then required and the rule stays silent).
 */
function changeBetweenIterations(ctx: RuleContext<MessageId>, loop: Node, name: string): 'none' | 'grows' | 'changes' {
  const body = loop.type === 'for_statement' || loop.type === 'while_statement' ? loop.childForFieldName('body') : loop;
  return body ? loopChange(ctx.facts, body, name, ADDING) : 'none';
}

/**
 * A hand-written search for the insertion point of a sorted list: `for i, y in enumerate(xs): if
 * y > v: xs.insert(i, v); break`, or `while i < len(xs) and xs[i] < v: i += 1` before
 * `xs.insert(i, v)`. Returns the list's name.
 */
function scannedInsert(loop: Node): { list: string; insert: Node } | undefined {
  if (loop.type === 'for_statement') {
    const left = unparen(field(loop, 'left') ?? loop);
    const right = unparen(field(loop, 'right') ?? loop);
    if (right.type !== 'call' || !/^enumerate\s*\(/.test(right.text)) return undefined;
    const items = namedChildren(left);
    if (items.length !== 2 || items.some((i) => i.type !== 'identifier')) return undefined;
    const list = dottedName(callArguments(right).positional[0] ?? right);
    if (!list) return undefined;
    const body = statements(field(loop, 'body'));
    if (body.length !== 1 || body[0].type !== 'if_statement') return undefined;
    const cmp = comparison(unparen(body[0].childForFieldName('condition') ?? body[0]));
    if (!cmp || !['<', '<=', '>', '>='].includes(cmp.op) || !identifiersIn(body[0].childForFieldName('condition')!).includes(items[1].text)) return undefined;
    const branch = statements(body[0].childForFieldName('consequence'));
    const last = branch[branch.length - 1];
    if (!last || (last.type !== 'break_statement' && last.type !== 'return_statement')) return undefined;
    const insert = branch.find((s) => isInsertAt(s, list, items[0].text));
    return insert ? { list, insert } : undefined;
  }
  if (loop.type === 'while_statement') {
    const body = statements(field(loop, 'body'));
    if (body.length !== 1 || body[0].type !== 'expression_statement' && body[0].type !== 'augmented_assignment') return undefined;
    const step = body[0].type === 'expression_statement' ? namedChildren(body[0])[0] : body[0];
    if (step?.type !== 'augmented_assignment' || field(step, 'operator')?.type !== '+=') return undefined;
    const index = field(step, 'left')?.text;
    if (!index) return undefined;
    const next = loop.nextNamedSibling;
    if (!next) return undefined;
    const condition = field(loop, 'condition');
    if (!condition) return undefined;
    const subscripts = condition.descendantsOfType('subscript').filter((s) => s && unparen(s.childForFieldName('subscript') ?? s).text === index);
    const list = subscripts[0]?.childForFieldName('value');
    const name = list ? dottedName(list) : undefined;
    if (!name || !condition.descendantsOfType('comparison_operator').some((c) => c && comparison(c) && ['<', '<=', '>', '>='].includes(comparison(c)!.op) && c.text.includes(`${name}[`))) return undefined;
    return isInsertAt(next, name, index) ? { list: name, insert: next } : undefined;
  }
  return undefined;
}

function isInsertAt(statement: Node, list: string, index: string): boolean {
  const expr = statement.type === 'expression_statement' ? namedChildren(statement)[0] : undefined;
  if (expr?.type !== 'call') return false;
  const method = methodCall(expr);
  const args = callArguments(expr).positional;
  return method?.method === 'insert' && dottedName(method.receiver) === list && args.length === 2 && unparen(args[0]).text === index;
}

function isTrue(node: Node | undefined): boolean {
  return !!node && unparen(node).type === 'true';
}

export default defineRule<MessageId>({
  id: 'HS106',
  name: 'sort-in-loop',
  tier: 1,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    sortedInLoop: '`sorted({{collection}})` sorts the same collection again on every loop iteration: O(n log n) each time',
    sortedGrowing: '`sorted({{collection}})` sorts the collection again on every loop iteration as the loop adds to it: O(n log n) each time',
    scanInsert: 'A linear scan finds where to insert into the sorted list `{{list}}`: O(n) Python steps per insert where `bisect` needs O(log n)',
    sortInLoop: '`{{receiver}}.sort()` sorts the whole list again on every loop iteration: O(n log n) each time',
    pickEnd: '`{{call}}` sorts everything to take one item: O(n log n) where `{{builtin}}()` is O(n)',
    extremeOfSorted: '`{{outer}}(sorted(...))` sorts before scanning for the {{extreme}} item: O(n log n) where `{{outer}}()` alone is O(n)',
  },
  docs: {
    summary: 'Sorting inside a loop, or sorting to take the smallest or largest item',
    what:
      'Checks for `sorted(xs)` and `xs.sort()` inside a loop when `xs` (and the `key=`) does not change ' +
      'from one iteration to the next, and, anywhere, for `sorted(xs)[0]`, `sorted(xs)[-1]` and ' +
      '`min(sorted(xs))` / `max(sorted(xs))`.',
    why:
      'A sort costs O(n log n). Repeating it on every iteration of a loop over m items costs O(m * n log n) ' +
      'for a result that could be computed once; re-sorting a list after each `append` makes building it ' +
      'O(n^2 log n) (Timsort helps on nearly sorted input, but still scans the whole list each time) where ' +
      '`bisect.insort` or a heap keeps it ordered for O(log n) comparisons per insert. Taking only the first ' +
      'or last item of a sorted copy pays O(n log n) and a full copy for what `min()`/`max()` find in one O(n) ' +
      'pass without allocating. On thousands of items and a hot loop the gain is 10x to 1000x; on a handful ' +
      'of items it is noise.',
    example: {
      bad: [
        'def ranks(scores, queries):',
        '    out = []',
        '    for q in queries:',
        '        ordered = sorted(scores)',
        '        out.append(ordered.index(q))',
        '    return out',
        '',
      ].join('\n'),
      good: [
        'def ranks(scores, queries):',
        '    ordered = sorted(scores)',
        '    position = {s: i for i, s in reversed(list(enumerate(ordered)))}',
        '    return [position[q] for q in queries]',
        '',
      ].join('\n'),
    },
    fix:
      'Sort once before the loop and reuse the result; keep a growing list ordered with `bisect.insort` or a ' +
      '`heapq`; use `min()`/`max()` (with the same `key=`) or `heapq.nsmallest` instead of sorting to pick items.',
    notes:
      'Ruff and Pylint have no rule for sorting in a loop. A sort whose input or `key=` depends on the ' +
      'iteration (for example `sorted(points, key=lambda p: dist(p, q))` for each `q`) is not reported, nor is ' +
      'a sort followed by `return`/`break`, which runs once. `list.sort()` is reported only when the receiver ' +
      'is known to be a list. A `sorted()` of a collection the loop changes (items set or removed, or the ' +
      'collection passed to a call) must sort again and is not reported; one the loop only appends to is ' +
      'reported with `bisect.insort` as the fix. A linear scan for the insertion point of a sorted list ' +
      '(`for i, y in enumerate(xs): if y > v: xs.insert(i, v); break`) is reported as well.',
  },
  create(ctx) {
    const loopFor = (node: Node): Loop | undefined => {
      const loop = ctx.facts.loops.innermostLoop(node);
      if (!loop || exitsLoopAfter(node, loop.node)) return undefined;
      return loop;
    };

    const scan = (loop: Node) => {
      const found = scannedInsert(loop);
      if (!found) return;
      ctx.report({
        node: loop,
        endNode: loop.type === 'for_statement' ? field(loop, 'right') ?? loop : field(loop, 'condition') ?? loop,
        messageId: 'scanInsert',
        data: { list: found.list },
        fix: { description: `Use \`bisect.insort(${found.list}, value)\` (with \`key=\` on Python 3.10+), which finds the place by binary search in C` },
      });
    };
    return {
      for_statement: scan,
      while_statement: scan,
      call(node: Node) {
        const name = ctx.facts.bindings.calleeQualifiedName(node);
        if (name === 'sorted') {
          const { positional, keywords, starred } = callArguments(node);
          if (starred || positional.length !== 1) return;
          const parent = node.parent;

          const index = parent?.type === 'subscript' && parent.childForFieldName('value')?.id === node.id ? parent.childForFieldName('subscript') : null;
          const end = index ? endIndex(index) : undefined;
          if (parent && end) {
            const reverse = isTrue(keywords.get('reverse'));
            const smallest = (end === 'first') !== reverse;
            const builtin = smallest ? 'min' : 'max';
            const key = keywords.get('key');
            ctx.report({
              node: parent,
              messageId: 'pickEnd',
              data: { call: `sorted(...)[${end === 'first' ? '0' : '-1'}]`, builtin },
              fix: { description: `Use \`${builtin}(${positional[0].text}${key ? `, key=${key.text}` : ''})\`` },
            });
            return;
          }

          const outerCall = parent?.type === 'argument_list' ? parent.parent : null;
          if (outerCall?.type === 'call') {
            const outer = ctx.facts.bindings.calleeQualifiedName(outerCall);
            const outerArgs = callArguments(outerCall);
            if ((outer === 'min' || outer === 'max') && outerArgs.positional.length === 1 && !outerArgs.starred && !keywords.has('key')) {
              ctx.report({
                node: outerCall,
                messageId: 'extremeOfSorted',
                data: { outer, extreme: outer === 'min' ? 'smallest' : 'largest' },
                fix: { description: `Drop \`sorted()\`: \`${outer}(${positional[0].text})\` gives the same result` },
              });
              return;
            }
          }

          const loop = loopFor(node);
          if (!loop) return;
          if (!namesCollection(ctx, positional[0], loop.node)) return;
          for (const [kw, value] of keywords) {
            if (kw !== 'key' && kw !== 'reverse') return;
            if (!invariantOption(ctx, value, loop.node)) return;
          }
          const name = collectionName(positional[0]);
          const change = name ? changeBetweenIterations(ctx, loop.node, name) : 'changes';
          // the loop sets, removes or hands the collection to a call: each sort sees other items
          if (change === 'changes') return;
          if (change === 'grows') {
            ctx.report({
              node,
              messageId: 'sortedGrowing',
              data: { collection: positional[0].text },
              fix: { description: `Keep \`${positional[0].text}\` ordered as it grows (\`bisect.insort\`, or a \`heapq\` when only the smallest items are read) instead of sorting it again` },
            });
            return;
          }
          ctx.report({
            node,
            messageId: 'sortedInLoop',
            data: { collection: positional[0].text },
            fix: { description: `Sort \`${positional[0].text}\` once before the loop and reuse the result` },
          });
          return;
        }

        const method = methodCall(node);
        if (!method || method.method !== 'sort') return;
        const receiver = unparen(method.receiver);
        if (receiver.type !== 'identifier' && receiver.type !== 'attribute') return;
        if (ctx.facts.bindings.kindOf(receiver) !== 'list') return;
        const loop = loopFor(node);
        if (!loop || !ctx.facts.loops.isInvariant(receiver, loop.node)) return;
        const { keywords } = callArguments(node);
        for (const value of keywords.values()) if (!invariantOption(ctx, value, loop.node)) return;
        ctx.report({
          node,
          messageId: 'sortInLoop',
          data: { receiver: receiver.text },
          fix: { description: `Sort \`${receiver.text}\` once after the loop, or keep it ordered with \`bisect.insort\` or a \`heapq\`` },
        });
      },
    };
  },
});
