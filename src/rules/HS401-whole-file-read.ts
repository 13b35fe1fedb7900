import type { Node } from '../python/parser.js';
import { singleIteration } from '../python/single-use.js';
import { callArguments, dottedName, methodCall, unparen } from '../python/syntax.js';
import { builtinName, mentions, shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'read';

/** Calls (qualified) that return a file object whose iteration yields its lines. */
const OPENERS = new Set(['open', 'io.open', 'codecs.open', 'gzip.open', 'bz2.open', 'lzma.open']);
/** File objects the program did not open itself but that iterate line by line all the same. */
const STREAMS = new Set(['sys.stdin']);

const BAD = `def count_errors(path):
    errors = 0
    with open(path) as log:
        for line in log.readlines():
            if "ERROR" in line:
                errors += 1
    return errors
`;

const GOOD = `def count_errors(path):
    errors = 0
    with open(path) as log:
        for line in log:
            if "ERROR" in line:
                errors += 1
    return errors
`;

interface WholeRead {
  /** The file object's expression (`log`, `open(path)`, `sys.stdin`), or the path for `read_text`. */
  file: Node;
  /** Lines keep their `\n` (readlines, list(f)) or lose it (splitlines). */
  keepsEnds: boolean;
}

/** `f.readlines()`, `f.read().splitlines()`, `p.read_text().splitlines()`, `list(f)` on a file object. */
function wholeRead(ctx: RuleContext<MessageId>, call: Node): WholeRead | undefined {
  const method = methodCall(call);
  const { positional, keywords, starred } = callArguments(call);
  if (starred || keywords.size > 0) return undefined;
  if (method?.method === 'readlines' && positional.length === 0) {
    return isFile(ctx, method.receiver) ? { file: method.receiver, keepsEnds: true } : undefined;
  }
  if (method?.method === 'splitlines' && positional.length === 0) {
    const inner = unparen(method.receiver);
    const read = inner.type === 'call' ? methodCall(inner) : undefined;
    if (!read || callArguments(inner).positional.length > 0 || callArguments(inner).keywords.size > 0) return undefined;
    if (read.method === 'read' && isFile(ctx, read.receiver)) return { file: read.receiver, keepsEnds: false };
    // pathlib's whole-file read: the fix is `with p.open() as f: for line in f`
    if (read.method === 'read_text') return { file: read.receiver, keepsEnds: false };
    return undefined;
  }
  if (builtinName(ctx.facts.bindings.calleeQualifiedName(call)) === 'list' && positional.length === 1 && isFile(ctx, positional[0])) {
    return { file: positional[0], keepsEnds: true };
  }
  return undefined;
}

/** An expression known to be a file object: `open(...)`, a name bound to one (also by `with ... as`), `sys.stdin`. */
function isFile(ctx: RuleContext<MessageId>, expr: Node): boolean {
  const node = unparen(expr);
  if (node.type === 'call') return OPENERS.has(builtinName(ctx.facts.bindings.calleeQualifiedName(node)) ?? ctx.facts.bindings.calleeQualifiedName(node) ?? '');
  const qualified = ctx.facts.bindings.qualifiedName(node);
  if (qualified && STREAMS.has(qualified)) return true;
  if (node.type !== 'identifier') return false;
  const owner = ctx.facts.scopeOf(node).resolve(node.text);
  const bindings = owner?.bindings.get(node.text) ?? [];
  if (bindings.length === 0) return false;
  return bindings.every((b) => {
    if (b.kind === 'assign' && b.value) return isOpenCall(ctx, b.value);
    if (b.kind === 'with') {
      const value = b.site.childForFieldName('value');
      const opened = value?.type === 'as_pattern' ? value.namedChildren[0] : undefined;
      return !!opened && isOpenCall(ctx, opened);
    }
    return false;
  });
}

function isOpenCall(ctx: RuleContext<MessageId>, expr: Node): boolean {
  const node = unparen(expr);
  if (node.type !== 'call') return false;
  const qualified = ctx.facts.bindings.calleeQualifiedName(node);
  return OPENERS.has(builtinName(qualified) ?? qualified ?? '');
}

/** The loop that iterates the read lines once: `for x in <call>`, `[... for x in <call>]`, or via a local name. */
function iteratedOnce(ctx: RuleContext<MessageId>, call: Node): { loop: Node; via?: string } | undefined {
  const parent = call.parent;
  if (parent?.type === 'for_statement' && parent.childForFieldName('right')?.id === call.id) return { loop: parent };
  if (parent?.type === 'for_in_clause' && parent.childForFieldName('right')?.id === call.id) {
    const comprehension = parent.parent;
    const first = comprehension?.namedChildren.find((c) => c?.type === 'for_in_clause');
    return comprehension && first?.id === parent.id ? { loop: comprehension } : undefined;
  }
  const single = singleIteration(ctx.facts, call);
  return single ? { loop: single.loop, via: single.name } : undefined;
}

/** The parts of a loop that run per line: a `for` body, or a comprehension's clauses and element. */
function repeatedParts(loop: Node): Node[] {
  if (loop.type === 'for_statement') return [loop.childForFieldName('body'), loop.childForFieldName('alternative')].filter((n): n is Node => !!n);
  const first = loop.namedChildren.find((c) => c?.type === 'for_in_clause');
  return loop.namedChildren.filter((c): c is Node => !!c && c.id !== first?.id).concat(first?.childForFieldName('left') ?? []);
}

export default defineRule<MessageId>({
  id: 'HS401',
  name: 'whole-file-read',
  tier: 4,
  severity: 'info',
  equivalents: [],
  fixable: false,
  messages: {
    read: '`{{call}}` reads the whole file into a list that is iterated once{{via}}: iterate the file object line by line and hold one line at a time',
  },
  docs: {
    summary: 'A whole file read into a list only to be iterated once',
    what:
      'Checks for `f.readlines()`, `f.read().splitlines()`, `p.read_text().splitlines()` and `list(f)` on a file ' +
      'object (a name bound by `open()` or `with open(...) as f`, `open(...)` itself, `sys.stdin`) whose list is ' +
      'iterated exactly once: directly by a `for` loop or a comprehension, or through a local name that nothing ' +
      'else reads (no `len`, no index, not returned).',
    why:
      'The list holds every line of the file at once: for a 1 GB log that is more than 1 GB of `str` objects ' +
      '(about 50 bytes of overhead per line on top of the text) before the first line is processed. Iterating ' +
      'the file object reads it in buffered chunks and keeps one line alive at a time: peak memory stays flat ' +
      'whatever the file size, and the loop starts on the first line instead of after the last. Measured: a 23 MB ' +
      'file of 500,000 lines peaks at 52 MB through `readlines()` and 0.02 MB iterated (docs/measured-claims.md); ' +
      'time is about the same, the gain is memory and, for large inputs, the swapping ' +
      'or `MemoryError` it avoids.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Iterate the file object itself (`for line in f:`), inside the `with` block that keeps it open. ' +
      '`readlines()` and iteration yield the same lines, newline included; `read().splitlines()` drops the ' +
      'newline, so strip it with `line.rstrip("\\n")` (`splitlines` also splits at rarer separators such as ' +
      '`\\x0c` and `\\u2028`, which iteration does not). For `p.read_text().splitlines()` use `with p.open() as f:`.',
    notes:
      'Silent when the list is used in any other way (length, index, slicing, returned, passed on, a second ' +
      'loop), when the loop body touches the file object itself (`f.tell()`, `f.readline()`, `f.seek()` do not ' +
      'mix with iteration), or when the loop runs more often than the read. Confidence is high: a file is ' +
      'evidence of size, but a small configuration file gains nothing measurable.',
  },
  create(ctx) {
    return {
      call(node: Node) {
        const read = wholeRead(ctx, node);
        if (!read) return;
        const once = iteratedOnce(ctx, node);
        if (!once) return;
        // `f.tell()` / `f.readline()` in the body need the file's own position: keep the list
        const file = dottedName(unparen(read.file));
        if (file && repeatedParts(once.loop).some((part) => mentions(part, file.split('.')[0]))) return;
        ctx.report({
          node,
          messageId: 'read',
          data: { call: shortText(node), via: once.via ? ` (as \`${once.via}\`, line ${once.loop.startPosition.row + 1})` : '' },
          related: once.via ? [once.loop] : undefined,
          fix: {
            description: read.keepsEnds
              ? `Iterate \`${shortText(read.file, 30)}\` directly`
              : `Iterate the file object and strip the newline with \`line.rstrip("\\n")\``,
          },
        });
      },
    };
  },
});
