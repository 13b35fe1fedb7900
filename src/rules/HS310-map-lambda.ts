import type { Node } from '../python/parser.js';
import { callArguments, namedChildren, unparen } from '../python/syntax.js';
import { builtinName, calleeTail, shortText } from '../python/usage.js';
import { defineRule } from './define-rule.js';

type MessageId = 'mapLambda';

const BAD = `def prices(items):
    return list(map(lambda item: item.price * 1.2, items))
`;

const GOOD = `def prices(items):
    return [item.price * 1.2 for item in items]
`;

/** Plain positional parameter names of a lambda, or undefined when it has defaults, `*args` or `**kw`. */
function simpleParameters(lambda: Node): string[] | undefined {
  const params = lambda.childForFieldName('parameters');
  if (!params) return [];
  const names: string[] = [];
  for (const p of namedChildren(params)) {
    if (p.type !== 'identifier') return undefined;
    names.push(p.text);
  }
  return names;
}

export default defineRule<MessageId>({
  id: 'HS310',
  name: 'map-lambda',
  tier: 3,
  severity: 'info',
  equivalents: ['C417'],
  fixable: false,
  messages: {
    mapLambda: '`{{fn}}(lambda ...)` calls a Python function per element; a {{form}} evaluates the same expression inline',
  },
  docs: {
    summary: '`map()` or `filter()` with a `lambda`',
    what:
      'Checks for `map(lambda ...: ..., iterable, ...)` and `filter(lambda ...: ..., iterable)` where the lambda takes ' +
      'plain parameters, one per iterable.',
    why:
      '`map` and `filter` are fast when they call a built-in written in C (`map(str, xs)`), but with a `lambda` every ' +
      'element pays for a Python function call: frame setup, argument passing, return. A comprehension or generator ' +
      'expression evaluates the same expression inline in its own loop. Typical gains are 1.2x-2x on light ' +
      'expressions and nothing measurable when the expression itself is expensive; the comprehension is also easier ' +
      'to read.',
    example: { bad: BAD, good: GOOD },
    fix: 'Write a generator expression (`(f(x) for x in xs)`), or a list comprehension when the result is wrapped in `list()`; for `filter`, move the lambda body into an `if` clause.',
    notes:
      'Covers Ruff C417 (which checks `map` only); hotspy adds `filter(lambda ...)`. `map`/`filter` with a named or ' +
      'built-in function (`map(int, parts)`) are left alone: there the call is needed anyway and `map` is as fast or ' +
      'faster. Lambdas with default arguments, `*args` or `**kwargs` are skipped.',
  },
  create(ctx) {
    return {
      call(node: Node) {
        const tail = calleeTail(node);
        if (tail !== 'map' && tail !== 'filter') return;
        const fn = builtinName(ctx.facts.bindings.calleeQualifiedName(node));
        if (fn !== 'map' && fn !== 'filter') return;
        const { positional, keywords, starred } = callArguments(node);
        if (starred || keywords.size > 0 || positional.length < 2) return;
        const lambda = unparen(positional[0]);
        if (lambda.type !== 'lambda') return;
        const params = simpleParameters(lambda);
        if (!params || params.length !== positional.length - 1) return;
        if (fn === 'filter' && positional.length !== 2) return;
        const parent = node.parent?.type === 'argument_list' ? node.parent.parent : undefined;
        const wrapper = parent?.type === 'call' ? builtinName(ctx.facts.bindings.calleeQualifiedName(parent)) : undefined;
        const form = wrapper === 'list' ? 'list comprehension' : wrapper === 'set' ? 'set comprehension' : 'generator expression';
        ctx.report({
          node,
          messageId: 'mapLambda',
          data: { fn, form },
          fix: { description: `Replace \`${shortText(node, 40)}\` with a ${form}` },
        });
      },
    };
  },
});
