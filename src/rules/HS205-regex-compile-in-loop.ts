import type { Node } from '../python/parser.js';
import { callArguments, namedChildren, stringLiteral, unparen } from '../python/syntax.js';
import { calleeTail } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'inLoop' | 'inCalledFunction';

const COMPILERS = new Set(['re.compile', 'regex.compile']);

/** A pattern written in the source: a plain string literal or literals joined with `+`. */
function isConstantPattern(node: Node): boolean {
  const n = unparen(node);
  if (n.type === 'string') return stringLiteral(n) !== undefined;
  if (n.type === 'concatenated_string') return namedChildren(n).every((c) => stringLiteral(c) !== undefined);
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '+') {
    return isConstantPattern(n.childForFieldName('left')!) && isConstantPattern(n.childForFieldName('right')!);
  }
  return false;
}

/** Flags such as `re.I | re.M`: module attributes, never rebound. */
function isConstantFlags(ctx: RuleContext<MessageId>, node: Node): boolean {
  const n = unparen(node);
  if (n.type === 'integer') return true;
  if (n.type === 'attribute') return (ctx.facts.bindings.qualifiedName(n) ?? '').startsWith('re.');
  if (n.type === 'binary_operator') return isConstantFlags(ctx, n.childForFieldName('left')!) && isConstantFlags(ctx, n.childForFieldName('right')!);
  return false;
}

export default defineRule<MessageId>({
  id: 'HS205',
  name: 'regex-compile-in-loop',
  tier: 2,
  severity: 'info',
  equivalents: [],
  fixable: false,
  messages: {
    inLoop:
      '`{{call}}` compiles the same pattern on every iteration: `re` finds it in its cache, but the lookup alone costs about as much as the match (measured 2x a precompiled `match` on a short string)',
    inCalledFunction:
      '`{{call}}` runs on every call of `{{fn}}`, which the loop at line {{loop}} calls: each call pays a cache lookup about as costly as the match itself',
  },
  docs: {
    summary: '`re.compile` of a constant pattern inside a loop, or inside a function called from a loop',
    what:
      'Checks for `re.compile(pattern)` (and `regex.compile`) inside a loop with a pattern and flags that do not ' +
      'change between iterations, and for `re.compile` of a literal pattern in a function that the module calls ' +
      'from a loop. `re.match(...)`, `re.search(...)`, `re.sub(...)` with a pattern string are not reported: they ' +
      'use the same cache and a hoisted pattern saves the same lookup, but nothing is compiled twice.',
    why:
      '`re` keeps the last 512 compiled patterns (3.7-3.11; 3.12 adds a smaller LRU in front), so a constant ' +
      'pattern is compiled once however often `re.compile` runs. What remains per call is the cache lookup: ' +
      'measured on CPython 3.11 (docs/measured-claims.md), `re.compile(p).match(s)` in a loop ran 2.09x the ' +
      'instructions of a pattern compiled before the loop (2.5x-4.9x in time on a loaded machine). ' +
      'The gain is small unless the loop is mostly regex work. Where more than 512 distinct patterns rotate, ' +
      'the cache cannot help at all and every call recompiles (measured 100x-130x slower than precompiled ' +
      'patterns): compile them once into a list or dict.',
    example: {
      bad: [
        'import re',
        '',
        '',
        'def order_ids(lines):',
        '    ids = []',
        '    for line in lines:',
        '        m = re.compile(r"order-(\\d+)").match(line)',
        '        if m:',
        '            ids.append(int(m.group(1)))',
        '    return ids',
        '',
      ].join('\n'),
      good: [
        'import re',
        '',
        'ORDER = re.compile(r"order-(\\d+)")',
        '',
        '',
        'def order_ids(lines):',
        '    ids = []',
        '    for line in lines:',
        '        m = ORDER.match(line)',
        '        if m:',
        '            ids.append(int(m.group(1)))',
        '    return ids',
        '',
      ].join('\n'),
    },
    fix: 'Compile the pattern once, at module level (`PATTERN = re.compile(...)`) or before the loop, and call its methods.',
    notes:
      'Patterns built from the loop variable are not reported (they cannot be hoisted). A function that compiles ' +
      'a pattern is reported only when this module calls it from a loop; `hotspy run` weighs it by measured time.',
  },
  create(ctx) {
    return {
      call(node: Node) {
        if (!calleeTail(node)?.includes('compile')) return;
        const qualified = ctx.facts.bindings.calleeQualifiedName(node);
        if (!qualified || !COMPILERS.has(qualified)) return;
        const { positional, keywords } = callArguments(node);
        const pattern = positional[0] ?? keywords.get('pattern');
        if (!pattern || node.childForFieldName('arguments')?.type !== 'argument_list') return;
        const flags = [...positional.slice(1), ...[...keywords.entries()].filter(([k]) => k !== 'pattern').map(([, v]) => v)];
        const call = node.text.replace(/\s+/g, ' ');
        const shown = call.length > 50 ? `${call.slice(0, 47)}...` : call;
        const loop = ctx.facts.loops.innermostLoop(node);
        if (loop) {
          const invariant = (n: Node) => ctx.facts.loops.isInvariant(n, loop.node, { allowCalls: true });
          if (!invariant(pattern) || !flags.every(invariant)) return;
          ctx.report({ node, messageId: 'inLoop', data: { call: shown }, fix: { description: 'Compile the pattern once, before the loop or at module level' } });
          return;
        }
        if (!isConstantPattern(pattern) || !flags.every((f) => isConstantFlags(ctx, f))) return;
        const fn = ctx.facts.enclosingFunction(node);
        if (!fn) return;
        const inLoops = ctx.facts.calls.callsInLoops(fn, (n) => ctx.facts.loops.innermostLoop(n)?.node);
        const first = inLoops[0];
        if (!first) return;
        ctx.report({
          node,
          messageId: 'inCalledFunction',
          data: { call: shown, fn: fn.childForFieldName('name')?.text ?? '?', loop: first.loop.startPosition.row + 1 },
          fix: { description: 'Compile the pattern once at module level' },
        });
      },
    };
  },
});
