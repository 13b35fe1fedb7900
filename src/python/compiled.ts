// Code that CPython does not run: a function compiled by numba (`@numba.njit`, `@jit(nopython=True)`)
// runs as machine code over typed values. Advice about interpreter costs does not apply there, and
// the usual fixes may not even compile (nopython mode has no `collections.deque`).
import type { FileFacts } from './facts.js';
import type { Node } from './parser.js';
import { namedChildren, nodeMemo } from './syntax.js';

/** Decorators (qualified) that compile the function they decorate. */
const COMPILERS = new Set([
  'numba.jit', 'numba.njit', 'numba.cfunc', 'numba.generated_jit', 'numba.vectorize', 'numba.guvectorize', 'numba.stencil',
  'numba.cuda.jit',
]);

const compiled = nodeMemo<string | undefined>();

/** The compiler of the function that holds `node` (or of any function around it), when it has one. */
export function compiledBy(facts: FileFacts, node: Node): string | undefined {
  for (let n: Node | null = node.parent; n; n = n.parent) {
    if (n.type !== 'function_definition') continue;
    const by = compiled(n, (fn) => decoratorCompiler(facts, fn));
    if (by) return by;
  }
  return undefined;
}

function decoratorCompiler(facts: FileFacts, fn: Node): string | undefined {
  const decorated = fn.parent;
  if (decorated?.type !== 'decorated_definition') return undefined;
  for (const decorator of namedChildren(decorated)) {
    if (decorator.type !== 'decorator') continue;
    let expr = namedChildren(decorator)[0];
    // `@njit(cache=True)`: the decorator is the result of a call of the compiler
    if (expr?.type === 'call') expr = expr.childForFieldName('function') ?? expr;
    const name = expr ? facts.bindings.qualifiedName(expr) : undefined;
    if (name && COMPILERS.has(name)) return name;
  }
  return undefined;
}
