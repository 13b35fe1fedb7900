import type { Node } from '../python/parser.js';
import { purityOf } from '../python/purity.js';
import { callArguments, comparison, dottedName, identifiersIn, namedChildren, unparen } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'exponential';

const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
/** Nodes whose children run on different paths: calls under two different children never both run. */
const BRANCHING = new Set(['if_statement', 'conditional_expression', 'match_statement', 'try_statement']);
const MEMO_NAME = /memo|cache|lru|seen|table|dp/i;

/** Every node of the function body, nested scopes left out. */
function bodyNodes(fn: Node): Node[] {
  const body = fn.childForFieldName('body');
  const out: Node[] = [];
  const stack = body ? [body] : [];
  while (stack.length > 0) {
    const current = stack.pop()!;
    out.push(current);
    for (const child of current.namedChildren) if (child && !NESTED_SCOPES.has(child.type)) stack.push(child);
  }
  return out;
}

function parameterNames(fn: Node): Set<string> {
  const names = new Set<string>();
  const params = fn.childForFieldName('parameters');
  for (const p of params ? namedChildren(params) : []) {
    const id = p.type === 'identifier' ? p : p.childForFieldName('name') ?? namedChildren(p).find((c) => c.type === 'identifier');
    if (id?.type === 'identifier') names.add(id.text);
  }
  return names;
}

function positiveInteger(node: Node): boolean {
  const n = unparen(node);
  return n.type === 'integer' && /^[1-9]\d*$/.test(n.text.replace(/_/g, ''));
}

/** `n - 1`, `i + 2`, `s[1:]`, `s[:-1]` on a parameter: a subproblem a constant step smaller. */
function isConstantStep(arg: Node, params: Set<string>): boolean {
  const a = unparen(arg);
  if (a.type === 'binary_operator') {
    const op = a.childForFieldName('operator')?.type;
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if ((op === '-' || op === '+') && left && right && unparen(left).type === 'identifier' && params.has(unparen(left).text)) {
      return positiveInteger(right);
    }
    return false;
  }
  if (a.type === 'subscript') {
    const value = a.childForFieldName('value');
    const slice = a.childForFieldName('subscript');
    if (!value || !slice || slice.type !== 'slice' || unparen(value).type !== 'identifier' || !params.has(unparen(value).text)) return false;
    const text = slice.text.replace(/\s+/g, '');
    return /^[1-9]\d*:$/.test(text) || /^:-[1-9]\d*$/.test(text);
  }
  return false;
}

/** The child of `ancestor` on the way down to `node`. */
function childToward(ancestor: Node, node: Node): Node | undefined {
  let current: Node | null = node;
  while (current?.parent && current.parent.id !== ancestor.id) current = current.parent;
  return current?.parent ? current : undefined;
}

function lowestCommonAncestor(a: Node, b: Node): Node | undefined {
  const seen = new Set<number>();
  for (let n: Node | null = a; n; n = n.parent) seen.add(n.id);
  for (let n: Node | null = b; n; n = n.parent) if (seen.has(n.id)) return n;
  return undefined;
}

/** True when one call's path excludes the other: different branches, or the first one returns. */
function exclusive(a: Node, b: Node): boolean {
  const [first, second] = a.startIndex <= b.startIndex ? [a, b] : [b, a];
  const lca = lowestCommonAncestor(first, second);
  if (!lca) return true;
  if (BRANCHING.has(lca.type) || lca.type === 'block' || lca.type === 'elif_clause') {
    const ca = childToward(lca, first);
    const cb = childToward(lca, second);
    if (BRANCHING.has(lca.type) && ca && cb && ca.id !== cb.id) return true;
    if (lca.type === 'block') {
      for (let n: Node | null = first; n && n.id !== lca.id; n = n.parent) {
        if (n.type === 'return_statement' || n.type === 'raise_statement') return true;
      }
    }
  }
  return false;
}

function isMemoized(fn: Node, nodes: Node[]): boolean {
  const parent = fn.parent;
  if (parent?.type === 'decorated_definition') {
    for (const d of namedChildren(parent)) if (d.type === 'decorator' && /cache|memo|lru/i.test(d.text)) return true;
  }
  for (const n of nodes) {
    const cmp = comparison(n);
    if (cmp && (cmp.op === 'in' || cmp.op === 'not in')) return true;
    if (n.type === 'identifier' && MEMO_NAME.test(n.text)) return true;
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = n.childForFieldName('left');
      if (left && unparen(left).type === 'subscript') return true;
    }
  }
  return false;
}

/**
 * Side effects mean the recursion is not a pure function of its arguments, and a cache would
 * change what it does: any effect the purity fact sees (through the module's own functions
 * too: a helper that prints, reads the clock or a changing global), or, for code it cannot see
 * through, statements that only call and mutation of outer state.
 */
function hasSideEffects(ctx: RuleContext<MessageId>, fn: Node, nodes: Node[]): boolean {
  if (purityOf(ctx.facts, fn)?.verdict === 'impure') return true;
  for (const n of nodes) {
    if (n.type === 'global_statement' || n.type === 'nonlocal_statement' || n.type === 'yield' || n.type === 'await') return true;
    if (n.type === 'expression_statement') {
      const expr = namedChildren(n)[0];
      if (expr && unparen(expr).type === 'call') return true;
    }
    if (n.type === 'assignment' || n.type === 'augmented_assignment') {
      const left = n.childForFieldName('left');
      if (left && unparen(left).type === 'attribute') return true;
    }
  }
  return false;
}

const SEQUENCE_KINDS = new Set(['list', 'tuple', 'str', 'bytes']);

/**
 * True when no two of the calls can ever receive the same argument tuple, so a cache would never
 * hit: at some position they pass different children of a parameter (`node.left` / `node.right`,
 * a tree walk), or one of them extends a sequence (`path + [x]`, `prefix + ch`, `(*acc, x)`), an
 * accumulator that records the path taken (backtracking that enumerates every choice).
 */
function argumentsNeverRepeat(ctx: RuleContext<MessageId>, calls: Node[], params: Set<string>): boolean {
  const argsOf = calls.map((c) => callArguments(c).positional.map(unparen));
  for (let i = 0; i < calls.length; i++) {
    for (let j = i + 1; j < calls.length; j++) {
      const a = argsOf[i];
      const b = argsOf[j];
      let distinct = false;
      for (let k = 0; k < Math.min(a.length, b.length) && !distinct; k++) {
        if (a[k].text === b[k].text) continue;
        if (isAccumulated(ctx, a[k], params) || isAccumulated(ctx, b[k], params)) distinct = true;
        else if (childOfParameter(a[k], params) && childOfParameter(b[k], params)) distinct = true;
      }
      if (!distinct) return false;
    }
  }
  return true;
}

function isAccumulated(ctx: RuleContext<MessageId>, arg: Node, params: Set<string>): boolean {
  const reads = identifiersIn(arg).some((n) => params.has(n));
  if (!reads) return false;
  if ((arg.type === 'list' || arg.type === 'tuple') && namedChildren(arg).some((c) => c.type === 'list_splat')) return true;
  if (arg.type !== 'binary_operator' || arg.childForFieldName('operator')?.type !== '+') return false;
  const sides = [arg.childForFieldName('left'), arg.childForFieldName('right')].filter((n): n is Node => !!n).map(unparen);
  return sides.some((side) => side.type === 'list' || side.type === 'tuple' || SEQUENCE_KINDS.has(ctx.facts.bindings.kindOf(side)));
}

/** `node.left`, `node.children[0]`, `tree[1]`: a part of a parameter, not a smaller number. */
function childOfParameter(arg: Node, params: Set<string>): boolean {
  if (arg.type !== 'attribute' && !(arg.type === 'subscript' && arg.childForFieldName('subscript')?.type !== 'slice')) return false;
  let base: Node | null = arg;
  while (base && (base.type === 'attribute' || base.type === 'subscript')) {
    base = base.type === 'attribute' ? base.childForFieldName('object') : base.childForFieldName('value');
  }
  return !!base && base.type === 'identifier' && params.has(base.text);
}

/** Non-overlapping occurrences of `needle` in `haystack`, counted up to 3. */
function occurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let i = haystack.indexOf(needle); i !== -1 && count < 3; i = haystack.indexOf(needle, i + needle.length)) count++;
  return count;
}

export default defineRule<MessageId>({
  id: 'HS110',
  name: 'exponential-recursion',
  tier: 1,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    exponential:
      '`{{name}}` calls itself {{count}} times with arguments a constant step smaller and no memoization: the call tree grows exponentially',
  },
  docs: {
    summary: 'Fib-like recursion that recomputes the same subproblems exponentially often',
    what:
      'Checks for a function that, on one path, calls itself two or more times with arguments a constant ' +
      'step smaller (`n - 1` and `n - 2`, `i + 1`, `s[1:]`, `s[:-1]`), has no caching decorator ' +
      '(`@functools.cache`, `@lru_cache`, anything named like a cache or memo), keeps no memo table, and is ' +
      'pure apart from its arguments.',
    why:
      'Each call spawns two or more calls on overlapping subproblems, so the number of calls grows ' +
      'exponentially: naive `fib(35)` makes about 30 million calls (seconds), `fib(50)` would take hours. ' +
      'There are only n distinct subproblems: memoizing makes it O(n) calls, and an iterative version ' +
      'also drops the call overhead and the recursion limit. The gain is astronomic for large inputs and ' +
      'nothing for tiny ones.',
    example: {
      bad: [
        'def fib(n):',
        '    if n < 2:',
        '        return n',
        '    return fib(n - 1) + fib(n - 2)',
        '',
      ].join('\n'),
      good: [
        'from functools import cache',
        '',
        '@cache',
        'def fib(n):',
        '    if n < 2:',
        '        return n',
        '    return fib(n - 1) + fib(n - 2)',
        '',
      ].join('\n'),
    },
    fix:
      'Decorate the function with `@functools.cache` (or `@functools.lru_cache(maxsize=...)` to bound memory; ' +
      'arguments must be hashable), or rewrite it bottom-up as a loop over the subproblems.',
    notes:
      'Ruff and Pylint have no rule for this. Divide-and-conquer recursion (`n // 2`, `xs[:mid]`), tree walks ' +
      '(`node.left`, `node.right`), calls on mutually exclusive branches (`if ...: return f(n - 1)` then ' +
      '`return f(n - 2)`) and recursion with side effects (Towers of Hanoi, printing permutations), whose ' +
      'output is exponential by design, are not reported; nor are calls that can never repeat an argument tuple, ' +
      'where a cache would never hit: tree walks that pass different children (`node.left`, `node.right`) with ' +
      'a depth counter, and backtracking that carries the path taken (`solve(i + 1, path + [x])`). Mutual recursion and self-calls inside loops with ' +
      'variable steps are not detected.',
  },
  create(ctx) {
    return {
      function_definition(node: Node) {
        const nameNode = node.childForFieldName('name');
        if (!nameNode) return;
        const name = nameNode.text;
        // Cheap pre-filter: two self-calls and the def's own name put the name in the text three times.
        if (occurrences(ctx.facts.text.slice(node.startIndex, node.endIndex), name) < 3) return;
        const outerScope = ctx.facts.scopeOf(node);
        const fnScope = ctx.facts.scopeFor(node);
        const isMethod = outerScope.kind === 'class';
        const selfName = fnScope?.selfName;
        const params = parameterNames(node);
        const nodes = bodyNodes(node);

        const selfCalls = nodes.filter((n) => {
          if (n.type !== 'call') return false;
          const callee = n.childForFieldName('function');
          if (!callee) return false;
          if (isMethod) return !!selfName && dottedName(callee) === `${selfName}.${name}`;
          return callee.type === 'identifier' && callee.text === name && ctx.facts.scopeOf(n).resolve(name) === outerScope;
        });
        if (selfCalls.length < 2) return;
        const shrinking = selfCalls.filter((c) => callArguments(c).positional.some((a) => isConstantStep(a, params)));
        if (shrinking.length < 2) return;
        const together = shrinking.filter((c) => shrinking.some((d) => d.id !== c.id && !exclusive(c, d)));
        if (together.length < 2) return;
        if (hasSideEffects(ctx, node, nodes) || isMemoized(node, nodes)) return;
        if (argumentsNeverRepeat(ctx, together, params)) return;

        ctx.report({
          node,
          costNode: node,
          endNode: nameNode,
          messageId: 'exponential',
          data: { name, count: together.length },
          fix: { description: `Decorate \`${name}\` with \`@functools.cache\`, or compute it bottom-up in a loop` },
        });
      },
    };
  },
});
