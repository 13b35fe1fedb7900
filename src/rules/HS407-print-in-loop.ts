import { exitsLoopAfter } from '../python/flow.js';
import type { Node } from '../python/parser.js';
import { callArguments, methodCall, namedChildren, unparen } from '../python/syntax.js';
import { builtinName, onlyLightCalls, shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'print' | 'log';

const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'critical', 'exception', 'log']);
/** Receivers that are loggers by convention (`logger.info`, `self.log.debug`, `logging.info`). */
const LOGGER = /^(?:.*\.)?(?:logging|logger|log|_logger|_log|LOGGER|LOG)$/;
const BAD = `def dump(rows):
    for row in rows:
        print(f"{row['id']},{row['name']},{row['price']:.2f}")
`;

const GOOD = `import sys


def dump(rows):
    sys.stdout.write("".join(f"{row['id']},{row['name']},{row['price']:.2f}\\n" for row in rows))
`;

/** An argument whose text is built eagerly: an f-string, `"..." % x`, `"...".format(...)`. */
function formatted(arg: Node): boolean {
  const node = unparen(arg);
  if (node.type === 'string') return node.namedChildren.some((c) => c?.type === 'interpolation');
  if (node.type === 'binary_operator') return node.childForFieldName('operator')?.type === '%' && unparen(node.childForFieldName('left')!).type === 'string';
  if (node.type === 'call') {
    const m = methodCall(node);
    return m?.method === 'format' && unparen(m.receiver).type === 'string';
  }
  return false;
}

/** Output calls: print and logging, which the loop may hold besides light formatting. */
function isOutput(ctx: RuleContext<MessageId>, call: Node): boolean {
  if (builtinName(ctx.facts.bindings.calleeQualifiedName(call)) === 'print') return true;
  const m = methodCall(call);
  return !!m && LOG_METHODS.has(m.method) && LOGGER.test(m.receiver.text);
}

function loopBody(loop: Node): Node[] {
  if (loop.type === 'for_statement' || loop.type === 'while_statement') {
    return [loop.childForFieldName('body'), loop.type === 'while_statement' ? loop.childForFieldName('condition') : null].filter((n): n is Node => !!n);
  }
  return namedChildren(loop);
}

/** Inside an `except` handler or a `finally`: an error path, not per-item output. */
function inHandler(node: Node, loop: Node): boolean {
  for (let n: Node | null = node.parent; n && n.id !== loop.id; n = n.parent) {
    if (n.type === 'except_clause' || n.type === 'finally_clause') return true;
  }
  return false;
}

export default defineRule<MessageId>({
  id: 'HS407',
  name: 'print-in-loop',
  tier: 4,
  severity: 'info',
  equivalents: [],
  fixable: false,
  messages: {
    print: '`{{call}}` writes once per iteration of a loop that does little else: build the lines and write them once',
    log: '`{{call}}` formats its message on every iteration, also when the level is off: pass the values as arguments (`{{method}}("... %s", value)`) or log one summary',
  },
  docs: {
    summary: 'Output written one item at a time in a loop',
    what:
      'Checks for `print(...)` with arguments inside a loop whose body does nothing heavier than formatting ' +
      '(only builtins such as `str` and `len`, string methods and other output), and for logging calls ' +
      '(`logger.info`, `logging.debug` ...) whose message is an f-string, a `%` expression or `.format()` inside a loop.',
    why:
      'Each `print` is a Python-level call that converts its arguments, looks up `sys.stdout`, writes the ' +
      'separator and the end, and, on a terminal, flushes every line: a system call per item. Writing the ' +
      'joined lines once was 2.0x faster for 200,000 short lines to a file, more on a terminal (docs/measured-claims.md). A logging call ' +
      'with an f-string formats the message before the logger checks its level, so a loop of `logger.debug(f"...")` ' +
      'pays for the formatting even when debug output is off.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Collect the lines (or a generator of them) and write once: `sys.stdout.write("".join(lines))` or ' +
      '`print("\\n".join(lines))`, or `writelines`. For logging, pass the values as arguments ' +
      '(`logger.debug("row %s", row)`), which are formatted only when the record is emitted, or log a summary ' +
      'after the loop.',
    notes:
      'Silent when the loop also calls anything heavier than formatting (its own work then dominates and progress ' +
      'output is usually wanted as it happens), for `print(..., flush=True)` and prints to a `file=` other than ' +
      '`sys.stdout`/`sys.stderr`, in `except`/`finally` blocks, when the loop ends right after the print, and for ' +
      'logging calls with lazy `%s` arguments.',
  },
  create(ctx) {
    return {
      call(node: Node) {
        const loop = ctx.facts.loops.innermostLoop(node)?.node;
        if (!loop || inHandler(node, loop) || exitsLoopAfter(node, loop)) return;
        const { positional, keywords } = callArguments(node);
        const name = builtinName(ctx.facts.bindings.calleeQualifiedName(node));
        if (name === 'print') {
          if (positional.length === 0 || keywords.get('flush')?.text === 'True') return;
          const file = keywords.get('file');
          if (file && !['sys.stdout', 'sys.stderr'].includes(ctx.facts.bindings.qualifiedName(file) ?? '')) return;
          if (!loopBody(loop).every((part) => onlyLightCalls(part, (call) => isOutput(ctx, call)))) return;
          ctx.report({ node, messageId: 'print', data: { call: shortText(node, 40) } });
          return;
        }
        const m = methodCall(node);
        if (!m || !LOG_METHODS.has(m.method) || !LOGGER.test(m.receiver.text)) return;
        const message = m.method === 'log' ? positional[1] : positional[0];
        if (!message || !formatted(message)) return;
        ctx.report({ node, messageId: 'log', data: { call: shortText(node, 40), method: `${m.receiver.text}.${m.method}` } });
      },
    };
  },
});
