import { exitsLoopAfter } from '../python/flow.js';
import type { Node } from '../python/parser.js';
import { callArguments, methodCall, namedChildren, unparen } from '../python/syntax.js';
import { compiledBy } from '../python/compiled.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'popFront' | 'insertFront' | 'delFront';

function isZero(node: Node | undefined): boolean {
  return !!node && unparen(node).type === 'integer' && unparen(node).text === '0';
}

/** A collection expression that stays the same object: a name or a dotted attribute. */
function isNamed(node: Node): boolean {
  const n = unparen(node);
  return n.type === 'identifier' || n.type === 'attribute';
}

/**
 * Outside a loop a front operation is still a queue when the list is an attribute of `self`
 * that the class also works at the other end (`append` with `pop(0)`, `pop()` with `insert(0)`):
 * every call of the method then pays O(n).
 */
function usedAsQueue(ctx: RuleContext<MessageId>, receiver: Node, otherEnd: RegExp): boolean {
  if (receiver.type !== 'attribute') return false;
  const object = receiver.childForFieldName('object');
  const fn = ctx.facts.scopeOf(receiver).functionScope();
  const cls = fn.enclosingClass();
  if (!cls || !object || object.text !== fn.selfName) return false;
  const attr = receiver.childForFieldName('attribute')?.text ?? '';
  const escaped = attr.replace(/[^\w]/g, '');
  return new RegExp(`\\b\\w+\\s*\\.\\s*${escaped}\\s*\\.\\s*${otherEnd.source}`).test(cls.node.text);
}

/**
 * `while q: ... q.pop(0)`: a loop that runs until the collection is empty and takes from its
 * front is a queue drained item by item. `pop(0)` with an argument rules out `deque` and `set`, so
 * even a name of unknown kind is a list here (or a list-like class: the rule says so).
 */
function drainedByWhile(ctx: RuleContext<MessageId>, receiver: Node, loop: Node): boolean {
  if (loop.type !== 'while_statement') return false;
  const kinds = ctx.facts.bindings.kindsOf(receiver);
  if ([...kinds].some((k) => k !== 'unknown' && k !== 'list')) return false;
  let condition = unparen(loop.childForFieldName('condition') ?? loop);
  // `while q and budget:` tests the queue among others
  while (condition.type === 'boolean_operator' && condition.childForFieldName('operator')?.type === 'and') {
    condition = unparen(condition.childForFieldName('left') ?? condition);
  }
  if (condition.text === receiver.text) return true;
  // `while len(q) > 0:` / `while len(q):`
  const lenCall = condition.type === 'comparison_operator' ? namedChildren(condition)[0] : condition;
  if (lenCall?.type !== 'call' || ctx.facts.bindings.calleeQualifiedName(lenCall) !== 'len') return false;
  const arg = callArguments(lenCall).positional[0];
  return !!arg && unparen(arg).text === receiver.text;
}

export default defineRule<MessageId>({
  id: 'HS107',
  name: 'list-front-operations',
  tier: 1,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    popFront: '`{{receiver}}.pop(0)` shifts every remaining item of the list: O(n) per call, O(n^2) to drain it',
    insertFront: '`{{receiver}}.insert(0, ...)` shifts every item of the list: O(n) per call, O(n^2) to fill it',
    delFront: '`del {{receiver}}[0]` shifts every remaining item of the list: O(n) per call, O(n^2) to drain it',
  },
  docs: {
    summary: 'Removing or inserting at the front of a list in a loop or a queue',
    what:
      'Checks for `xs.pop(0)`, `xs.insert(0, x)` and `del xs[0]` on a name known to be a list, inside a loop ' +
      '(where the list is the same object on every iteration), or in a method that uses a `self.` list as a ' +
      'queue (the class also appends at the other end). In a `while q:` loop, `q.pop(0)` is reported even when ' +
      'the kind of `q` is unknown: draining a collection from the front is a queue, and `pop(0)` with an ' +
      'argument is not a `deque` method.',
    why:
      'A Python list is an array: removing or inserting the first item moves every other item one slot. ' +
      'Draining a list of n items with `pop(0)` (a FIFO queue, a breadth-first search) costs O(n^2) in total. ' +
      '`collections.deque` does `popleft()` and `appendleft()` in O(1). For a queue of 100,000 items this is ' +
      'seconds against milliseconds (100x and more); below a few hundred items the difference is small.',
    example: {
      bad: [
        'def bfs(graph, start):',
        '    queue = [start]',
        '    seen = {start}',
        '    while queue:',
        '        node = queue.pop(0)',
        '        for nxt in graph[node]:',
        '            if nxt not in seen:',
        '                seen.add(nxt)',
        '                queue.append(nxt)',
        '    return seen',
        '',
      ].join('\n'),
      good: [
        'from collections import deque',
        '',
        'def bfs(graph, start):',
        '    queue = deque([start])',
        '    seen = {start}',
        '    while queue:',
        '        node = queue.popleft()',
        '        for nxt in graph[node]:',
        '            if nxt not in seen:',
        '                seen.add(nxt)',
        '                queue.append(nxt)',
        '    return seen',
        '',
      ].join('\n'),
    },
    fix:
      'Use `collections.deque` with `popleft()` / `appendleft()`; when only the order matters, reverse the list ' +
      'once and `pop()` from the end, or iterate with an index.',
    notes:
      'Ruff and Pylint have no rule for this. Outside a `while q:` drain the receiver must be known to be a list (a `deque` or a custom ' +
      'class with a `pop` method stays silent), and a list rebuilt inside the loop is not reported. Outside a ' +
      'loop only `self.` attributes worked at both ends are reported, since a one-off `pop(0)` costs O(n) once. ' +
      'Functions compiled by numba (`@numba.njit`, `@jit(nopython=True)`) are left alone: nopython mode has no `deque`.',
  },
  create(ctx) {
    const check = (node: Node, receiver: Node, messageId: MessageId, otherEnd: RegExp): void => {
      const r = unparen(receiver);
      if (!isNamed(r)) return;
      // numba's nopython mode has no `collections.deque`, and its lists are not CPython's
      if (compiledBy(ctx.facts, node)) return;
      const loop = ctx.facts.loops.innermostLoop(node);
      const queue = messageId === 'popFront' && loop !== undefined && drainedByWhile(ctx, r, loop.node);
      if (!queue && ctx.facts.bindings.kindOf(r) !== 'list') return;
      if (loop) {
        if (!ctx.facts.loops.isInvariant(r, loop.node) || exitsLoopAfter(node, loop.node)) return;
      } else if (!usedAsQueue(ctx, r, otherEnd)) {
        return;
      }
      const front = messageId === 'insertFront' ? 'appendleft' : 'popleft';
      ctx.report({
        node,
        messageId,
        data: { receiver: r.text },
        fix: { description: `Make \`${r.text}\` a \`collections.deque\` and use \`${front}()\`` },
      });
    };

    return {
      call(node: Node) {
        const method = methodCall(node);
        if (!method || (method.method !== 'pop' && method.method !== 'insert')) return;
        const { positional, keywords, starred } = callArguments(node);
        if (starred || keywords.size > 0) return;
        if (method.method === 'pop' && positional.length === 1 && isZero(positional[0])) {
          check(node, method.receiver, 'popFront', /append\s*\(/);
        } else if (method.method === 'insert' && positional.length === 2 && isZero(positional[0])) {
          check(node, method.receiver, 'insertFront', /pop\s*\(\s*\)/);
        }
      },
      delete_statement(node: Node) {
        for (const target of namedChildren(node)) {
          const t = unparen(target);
          if (t.type !== 'subscript' || !isZero(t.childForFieldName('subscript') ?? undefined)) continue;
          const value = t.childForFieldName('value');
          if (value) check(node, value, 'delFront', /append\s*\(/);
        }
      },
    };
  },
});
