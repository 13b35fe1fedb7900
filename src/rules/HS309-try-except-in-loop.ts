import type { Node } from '../python/parser.js';
import { namedChildren, statements } from '../python/syntax.js';
import { defineRule } from './define-rule.js';

type MessageId = 'tryInLoop';

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

/**
 * True when the handlers are how the loop ends: one catches an exception that marks the end of
 * the input (`StopIteration`, `queue.Empty`, `EOFError`), or leaves the loop (`break`, `return`).
 * The exception is then raised once, not per iteration, and the `try` cannot move out of the loop
 * without changing what it does.
 */
function handlersEndLoop(handlers: Node[]): boolean {
  for (const handler of handlers) {
    const caught = namedChildren(handler).find((c) => c.type !== 'block' && c.type !== 'comment');
    const types = caught ? (caught.type === 'as_pattern' ? namedChildren(caught)[0] : caught) : undefined;
    const names = types ? (types.type === 'tuple' || types.type === 'parenthesized_expression' ? namedChildren(types) : [types]) : [];
    if (names.some((n) => ENDING_EXCEPTIONS.test(n.text))) return true;
    const block = namedChildren(handler).find((c) => c.type === 'block');
    const last = statements(block ?? null).at(-1);
    if (last && (last.type === 'break_statement' || last.type === 'return_statement')) return true;
  }
  return false;
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
      'targets (it reads `target-version`). The overhead is a few percent of a light loop body (1.05x-1.2x), and ' +
      'nothing when the body does real work or when exceptions are actually raised often.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Move the `try` outside the loop when an exception may end the whole loop; otherwise keep it, or check the ' +
      'condition up front (`str.isdigit()`, `dict.get`) instead of catching the exception.',
    notes:
      'Covers Ruff PERF203 with the same shape (the `try` is the whole loop body) and reports on the first `except` ' +
      'line as Ruff does. Moving the `try` out changes behaviour when later elements must still be processed after ' +
      'an error, so the rule offers no automatic fix. It is silent for target versions 3.11 and later, and where the ' +
      'handler is how the loop ends: it catches `StopIteration`, `queue.Empty` or `EOFError`, or it `break`s or ' +
      '`return`s (the exception is raised once, at the end, and the `try` is the loop\'s normal control flow).',
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
        if (!handler || handlersEndLoop(handlers)) return;
        const body = node.childForFieldName('body');
        if (body && jumpsOutOfLoop(body)) return;
        ctx.report({
          node: handler,
          messageId: 'tryInLoop',
          fix: { description: 'Move the `try` outside the loop, or test the condition up front instead of catching the exception' },
        });
      },
    };
  },
});
