import type { Node } from '../python/parser.js';
import { namedChildren, statements } from '../python/syntax.js';
import { defineRule } from './define-rule.js';

type MessageId = 'tryInLoop' | 'tryPerItem';

const HANDLERS = new Set(['except_clause', 'except_group_clause']);
/** Where a `break`/`continue` stops belonging to the `try`'s own loop. */
const LOOP_OR_SCOPE = new Set(['for_statement', 'while_statement', 'function_definition', 'class_definition', 'lambda']);

const BAD = `def parse_all(lines):
    values = []
    for line in lines:
        try:
            values.append(int(line))
        except ValueError:
            values.append(0)
    return values
`;

const GOOD = `def parse_all(lines):
    values = []
    try:
        for line in lines:
            values.append(int(line))
    except ValueError:
        values.append(0)
    return values
`;

/** `break` or `continue` under `node` that belongs to the enclosing loop (not to a nested one). */
function jumpsOutOfLoop(node: Node): boolean {
  const stack: Node[] = [...namedChildren(node)];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'break_statement' || current.type === 'continue_statement') return true;
    if (LOOP_OR_SCOPE.has(current.type)) continue;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** Exceptions that end an iteration protocol: raised once, when the loop is done. */
const ENDING_EXCEPTIONS = /^(?:StopIteration|StopAsyncIteration|EOFError|(?:\w+\.)*(?:Empty|QueueEmpty)|GeneratorExit)$/;

/** The types a handler catches, as written (`except (A, B) as e:` gives A and B). */
function caughtTypes(handler: Node): Node[] {
  const caught = namedChildren(handler).find((c) => c.type !== 'block' && c.type !== 'comment');
  const types = caught ? (caught.type === 'as_pattern' ? namedChildren(caught)[0] : caught) : undefined;
  return types ? (types.type === 'tuple' || types.type === 'parenthesized_expression' ? namedChildren(types) : [types]) : [];
}

/**
 * True when a handler catches an exception that marks the end of the input (`StopIteration`,
 * `queue.Empty`, `EOFError`): it is raised once, when the loop is done, and the `try` is how the
 * loop reads its input (`while True: ... next(it)`), not a per-item guard.
 */
function catchesEndOfInput(handlers: Node[]): boolean {
  return handlers.some((h) => caughtTypes(h).some((n) => ENDING_EXCEPTIONS.test(n.text)));
}

/** True when the handler always leaves the loop: no `continue` in it, and every path ends the loop. */
function handlerLeavesLoop(handler: Node): boolean {
  const block = namedChildren(handler).find((c) => c.type === 'block');
  return !!block && !continuesLoop(block) && leavesLoop(block);
}

/** A `continue` under `node` that belongs to the enclosing loop (not to a nested one). */
function continuesLoop(node: Node): boolean {
  const stack: Node[] = [...namedChildren(node)];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'continue_statement') return true;
    if (LOOP_OR_SCOPE.has(current.type)) continue;
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** True when every path through `block` leaves the loop: it ends in `raise`, `return` or `break`. */
function leavesLoop(block: Node | null | undefined): boolean {
  const last = statements(block ?? null).at(-1);
  if (!last) return false;
  if (last.type === 'raise_statement' || last.type === 'return_statement' || last.type === 'break_statement') return true;
  if (last.type !== 'if_statement') return false;
  const branches = namedChildren(last).filter((c) => c.type === 'elif_clause' || c.type === 'else_clause');
  if (!branches.some((b) => b.type === 'else_clause')) return false;
  return leavesLoop(last.childForFieldName('consequence')) && branches.every((b) => leavesLoop(b.childForFieldName(b.type === 'else_clause' ? 'body' : 'consequence')));
}

export default defineRule<MessageId>({
  id: 'HS309',
  name: 'try-except-in-loop',
  tier: 3,
  severity: 'info',
  equivalents: ['PERF203'],
  fixable: false,
  messages: {
    tryInLoop: '`try`/`except` is the whole body of a loop: before Python 3.11 the exception handler is set up on every iteration',
    tryPerItem:
      '`try`/`except` is the whole body of a loop and its handler goes on with the next item: before Python 3.11 the handler is set up on every iteration, and only a test up front can avoid it',
  },
  docs: {
    summary: '`try`/`except` set up on every iteration of a loop (Python < 3.11)',
    what:
      'Checks for a `for` or `while` loop whose body is a single `try` statement with an `except` handler, when the ' +
      'target Python version is below 3.11. A `try` whose body uses `break` or `continue` is left alone, since the ' +
      'loop depends on it.',
    why:
      'Before Python 3.11 entering a `try` block executes a `SETUP_FINALLY` instruction and pushes a block on every ' +
      'iteration; Python 3.11 made `try` zero-cost when no exception is raised, so the rule only applies to older ' +
      'targets (it reads `target-version`). Measured with `benchmarks/idiom-speedups/measure.py` on a loop that ' +
      'only adds (10,000 ints): 1.2x on 3.8, 1.1x on 3.10, nothing on 3.11-3.13; nothing either when the body does ' +
      'real work.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Move the `try` outside the loop when every handler leaves the loop anyway (`raise`, `return`, `break`); when ' +
      'the handler goes on with the next item, keep it, or test the condition up front (`dict.get`, `str.isdigit()`).',
    notes:
      'Covers Ruff PERF203 with the same shape (the `try` is the whole loop body) and reports on the first `except` ' +
      'line as Ruff does. Where a handler goes on with the next item (`pass`, `continue`, logging or collecting ' +
      'the error), the `try` cannot leave the loop without stopping at the first error: the finding is then kept at ' +
      'confidence `low` (shown with `--confidence low`), since the only alternative is a test up front that exists ' +
      'for some checks only; in the precision benchmark 57 of 67 judged findings were of that kind, all wrong ' +
      'advice. A `finally` clause also keeps the `try` per item. No automatic fix: an exception raised by the ' +
      'iteration itself would be caught too once the `try` wraps the loop. Silent for target versions 3.11 and ' +
      'later, and where a handler catches the end of the input (`StopIteration`, `queue.Empty`, `EOFError`): that ' +
      'exception is raised once, and the `try` is how the loop reads its input.',
  },
  create(ctx) {
    return {
      try_statement(node: Node) {
        const [major, minor] = ctx.settings.targetVersion;
        if (major > 3 || (major === 3 && minor >= 11)) return;
        const block = node.parent;
        const loop = block?.parent;
        if (!block || block.type !== 'block' || !loop) return;
        if (loop.type !== 'for_statement' && loop.type !== 'while_statement') return;
        if (loop.childForFieldName('body')?.id !== block.id) return;
        if (statements(block).length !== 1) return;
        const handlers = namedChildren(node).filter((c) => HANDLERS.has(c.type));
        const handler = handlers[0];
        if (!handler || catchesEndOfInput(handlers)) return;
        const body = node.childForFieldName('body');
        if (body && jumpsOutOfLoop(body)) return;
        // a `finally` runs once per item; moving it out of the loop would run it once
        const hasFinally = namedChildren(node).some((c) => c.type === 'finally_clause');
        if (!hasFinally && handlers.every(handlerLeavesLoop)) {
          ctx.report({
            node: handler,
            messageId: 'tryInLoop',
            fix: { description: 'Move the `try` outside the loop: every handler leaves the loop anyway' },
          });
          return;
        }
        ctx.report({
          node: handler,
          messageId: 'tryPerItem',
          fix: { description: 'Keep the `try` (the loop goes on after an error), or test the condition up front (`dict.get`, `str.isdigit()`) where one exists' },
          confidenceCap: {
            confidence: 'low',
            evidence: 'the handler goes on with the next item, so the `try` cannot leave the loop (measured gain of the setup: 1.1x-1.2x on 3.8-3.10)',
          },
        });
      },
    };
  },
});
