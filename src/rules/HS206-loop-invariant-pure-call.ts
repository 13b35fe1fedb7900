import { READING_METHODS } from '../python/effect-catalogue.js';
import { exitsLoopAfter } from '../python/flow.js';
import type { Node } from '../python/parser.js';
import { purityOf } from '../python/purity.js';
import { callArguments, contains, dottedName, methodCall, unparen } from '../python/syntax.js';
import { builtinName, mayMutate, shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'invariant';

/** Builtins that walk a whole collection (O(n)) to build or reduce it. `sorted` is HS106's, `len` is O(1). */
const WALKING_BUILTINS = new Set(['set', 'frozenset', 'list', 'tuple', 'dict', 'sum', 'min', 'max', 'any', 'all']);
/** Builtins that read their arguments without changing them. */
const READERS = new Set([...WALKING_BUILTINS, 'len', 'sorted', 'print', 'str', 'repr', 'isinstance', 'enumerate', 'zip', 'reversed', 'iter', 'hash', 'id']);
/** String methods that copy the whole string. */
const STRING_METHODS = new Set(['lower', 'upper', 'casefold', 'strip', 'lstrip', 'rstrip', 'split', 'splitlines', 'replace', 'title', 'encode']);
const LOOPS = new Set(['for_statement', 'while_statement', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** Builtins whose result cannot be changed: hoisting shares nothing a later iteration could alter. */
const IMMUTABLE_BUILTINS = new Set(['frozenset', 'tuple', 'sum', 'min', 'max', 'any', 'all']);
const IMMUTABLE_KINDS = new Set(['tuple', 'frozenset', 'str', 'bytes', 'int', 'float', 'bool', 'none']);

/**
 * The call's value is only read where it stands: tested (`x in set(xs)`), iterated, asked a
 * question through a reading method, or passed to a builtin that reads it. A value that is
 * stored or handed on may be changed later, and each iteration would then need its own copy
 * (`{k: list(base) for k in keys}` builds one list per key on purpose).
 */
function readOnlyUse(ctx: RuleContext<MessageId>, call: Node): boolean {
  let node = call;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') {
    node = parent;
    parent = node.parent;
  }
  if (!parent) return false;
  switch (parent.type) {
    case 'comparison_operator':
    case 'not_operator':
    case 'boolean_operator':
      return true;
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement':
    case 'conditional_expression':
      return parent.childForFieldName('condition')?.id === node.id;
    case 'for_statement':
    case 'for_in_clause':
      return parent.childForFieldName('right')?.id === node.id;
    case 'subscript':
      return parent.childForFieldName('value')?.id === node.id;
    case 'attribute': {
      const method = parent.childForFieldName('attribute')?.text ?? '';
      return parent.parent?.type === 'call' && READING_METHODS.has(method);
    }
    case 'argument_list': {
      const outer = parent.parent;
      const name = outer?.type === 'call' ? builtinName(ctx.facts.bindings.calleeQualifiedName(outer)) : undefined;
      return name !== undefined && READERS.has(name) && !['list', 'set', 'dict', 'iter', 'enumerate', 'zip', 'reversed'].includes(name);
    }
    default:
      return false;
  }
}

/** A plain name or dotted name (`xs`, `self.items`): a value the loop can be checked not to change. */
function isNamed(node: Node): boolean {
  const n = unparen(node);
  return n.type === 'identifier' || (n.type === 'attribute' && dottedName(n) !== undefined);
}

/** What the call computes, when it is work worth hoisting: the callee's description, or undefined. */
function hoistableWork(ctx: RuleContext<MessageId>, call: Node): { args: Node[]; what: string; immutable: boolean } | undefined {
  const { positional, keywords, starred } = callArguments(call);
  if (starred) return undefined;
  const builtin = builtinName(ctx.facts.bindings.calleeQualifiedName(call));
  if (builtin && WALKING_BUILTINS.has(builtin)) {
    if (positional.length !== 1 || keywords.size > 0 || !isNamed(positional[0])) return undefined;
    return { args: positional, what: `\`${builtin}()\` walks the whole collection`, immutable: IMMUTABLE_BUILTINS.has(builtin) };
  }
  const method = methodCall(call);
  if (method && STRING_METHODS.has(method.method) && ctx.facts.bindings.kindOf(method.receiver) === 'str' && isNamed(method.receiver)) {
    const args = [...positional, ...keywords.values()];
    if (!args.every((a) => unparen(a).type === 'string' || unparen(a).type === 'integer' || isNamed(a))) return undefined;
    return { args: [method.receiver, ...args], what: `\`.${method.method}()\` copies the whole string`, immutable: !method.method.startsWith('split') };
  }
  if (method?.method === 'join' && unparen(method.receiver).type === 'string' && positional.length === 1 && isNamed(positional[0])) {
    return { args: positional, what: '`.join()` builds the whole string', immutable: true };
  }
  // a function of this module that is pure and does a loop's worth of work
  const def = ctx.facts.calls.calleeDef(call);
  if (!def || def.childForFieldName('name') === null) return undefined;
  const purity = purityOf(ctx.facts, def);
  // a generator returns a fresh iterator each call: a hoisted one would be exhausted after the first iteration
  if (!purity?.pure || purity.generator || !contains(def.childForFieldName('body')!, LOOPS)) return undefined;
  if (unparen(call.childForFieldName('function')!).type !== 'identifier') return undefined;
  const args = [...positional, ...keywords.values()];
  if (args.length === 0 || !args.every((a) => isNamed(a) || ['string', 'integer', 'float', 'true', 'false', 'none'].includes(unparen(a).type))) return undefined;
  return { args, what: `\`${purity.name}\` is a pure function of its arguments with a loop inside`, immutable: IMMUTABLE_KINDS.has(ctx.facts.bindings.kindOf(call)) };
}

export default defineRule<MessageId>({
  id: 'HS206',
  name: 'loop-invariant-pure-call',
  tier: 2,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    invariant: '`{{call}}` computes the same value on every iteration of the loop at line {{loop}}: {{what}}, and nothing it reads changes in the loop',
  },
  docs: {
    summary: 'A pure call whose arguments do not change, repeated on every iteration of a loop',
    what:
      'Checks for calls inside a loop that compute the same result each time: `set(xs)`, `list(xs)`, `dict(xs)`, ' +
      '`sum/min/max/any/all(xs)` of a collection, `s.lower()`/`s.split()`-like copies of a string, `sep.join(xs)`, and ' +
      'calls of the module\'s own functions that the purity fact shows pure and that loop inside, when every ' +
      'argument is a name or constant the loop neither rebinds nor changes. `sorted(xs)` is HS106\'s; `len(xs)` is O(1).',
    why:
      'The call does O(n) work (or a loop\'s worth of it) on every iteration and returns what it returned the ' +
      'last time: a loop of m iterations over a collection of n items costs O(n*m) where O(n + m) would do. ' +
      'Hoisting it computes it once; the gain is the call\'s cost times the iterations, 10x and more when the ' +
      'loop is long.',
    example: {
      bad: [
        'def known(orders, catalogue):',
        '    out = []',
        '    for order in orders:',
        '        if order in set(catalogue):',
        '            out.append(order)',
        '    return out',
        '',
      ].join('\n'),
      good: [
        'def known(orders, catalogue):',
        '    skus = set(catalogue)',
        '    out = []',
        '    for order in orders:',
        '        if order in skus:',
        '            out.append(order)',
        '    return out',
        '',
      ].join('\n'),
    },
    fix:
      'Compute it once before the loop and use the local name inside. Mind a call that may raise on some inputs ' +
      '(`max([])`): hoisted, it runs even when the loop body would not have reached it.',
    notes:
      'Arguments the loop passes to code that may change them, globals in a loop that calls other functions, and ' +
      'functions of other modules (whose purity is unknown) are not reported.',
  },
  create(ctx) {
    return {
      call(node: Node) {
        const loop = ctx.facts.loops.innermostLoop(node);
        if (!loop) return;
        const work = hoistableWork(ctx, node);
        if (!work || (!work.immutable && !readOnlyUse(ctx, node))) return;
        const loopNode = loop.node;
        // on a path that leaves the loop (`raise Error(describe(xs))`) it runs once anyway
        if (exitsLoopAfter(node, loopNode)) return;
        const body = loopNode.type === 'for_statement' || loopNode.type === 'while_statement' ? loopNode.childForFieldName('body') ?? loopNode : loopNode;
        const onlyReads = (c: Node) => {
          if (c.id === node.id) return true;
          const name = builtinName(ctx.facts.bindings.calleeQualifiedName(c));
          if (name && READERS.has(name)) return true;
          const def = ctx.facts.calls.calleeDef(c);
          return !!def && purityOf(ctx.facts, def)?.writtenParameters.length === 0;
        };
        const loopCallsOthers = contains(body, new Set(['call'])) && [...body.descendantsOfType('call')].some((c) => c && !onlyReads(c));
        for (const arg of work.args) {
          const a = unparen(arg);
          if (!ctx.facts.loops.isInvariant(a, loopNode)) return;
          const dotted = dottedName(a);
          if (!dotted) continue;
          if (mayMutate(body, dotted, undefined, onlyReads)) return;
          if (loopNode.type === 'while_statement' && mayMutate(loopNode.childForFieldName('condition')!, dotted, undefined, onlyReads)) return;
          // a global or an attribute can be changed by any code the loop runs
          const head = dotted.split('.')[0];
          const owner = ctx.facts.scopeOf(a).resolve(head);
          const shared = dotted.includes('.') || owner === ctx.facts.module;
          if (shared && loopCallsOthers) return;
        }
        ctx.report({
          node,
          messageId: 'invariant',
          data: { call: shortText(node), loop: loopNode.startPosition.row + 1, what: work.what },
          fix: { description: `Compute \`${shortText(node, 40)}\` once before the loop` },
        });
      },
    };
  },
});
