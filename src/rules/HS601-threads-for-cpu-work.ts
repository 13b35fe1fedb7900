import type { Node } from '../python/parser.js';
import type { Scope } from '../python/scopes.js';
import { callArguments, methodCall, namedChildren, unparen } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';

const THREAD_CLASSES = new Set(['threading.Thread', 'threading.Timer']);
const THREAD_POOLS = new Set(['concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.thread.ThreadPoolExecutor', 'multiprocessing.pool.ThreadPool', 'multiprocessing.dummy.Pool']);
const POOL_METHODS = new Set(['submit', 'map', 'imap', 'imap_unordered', 'apply_async', 'starmap']);

/** Calls that compute in pure Python or C without waiting on anything. */
const PURE_CALLS = new Set([
  'range', 'len', 'abs', 'min', 'max', 'sum', 'int', 'float', 'str', 'bool', 'divmod', 'pow', 'round',
  'enumerate', 'zip', 'sorted', 'reversed', 'list', 'dict', 'set', 'tuple', 'frozenset', 'map', 'filter',
  'any', 'all', 'hash', 'ord', 'chr', 'isinstance', 'bin', 'hex',
]);
const PURE_MODULES = ['math.', 'cmath.', 'operator.', 'itertools.', 'functools.', 'statistics.', 'bisect.', 'heapq.'];
/** Methods of built-in values that only compute. */
const PURE_METHODS = new Set(['append', 'extend', 'pop', 'get', 'items', 'keys', 'values', 'add', 'update', 'count', 'index', 'split', 'join', 'strip', 'lower', 'upper', 'replace', 'startswith', 'endswith', 'copy', 'sort']);

const MAX_DEPTH = 3;

/**
 * Does the function do CPU work in Python (a loop doing arithmetic) and nothing that waits?
 * Calls into other functions of the same module are followed a few levels deep; any call that
 * cannot be shown to compute (I/O, locks, unknown libraries) makes the answer no.
 */
function isPureComputation(ctx: RuleContext<string>, fn: Node, depth: number, seen: Set<number>): { computes: boolean; pure: boolean } {
  if (seen.has(fn.id)) return { computes: false, pure: true };
  seen.add(fn.id);
  const body = fn.childForFieldName('body');
  if (!body) return { computes: false, pure: false };
  let computes = false;
  const stack: Node[] = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'for_statement':
      case 'while_statement':
        if (containsArithmetic(node)) computes = true;
        break;
      case 'await':
      case 'yield':
      case 'with_statement':
        return { computes, pure: false };
      case 'call': {
        const verdict = callVerdict(ctx, node, depth, seen);
        if (verdict === 'impure') return { computes, pure: false };
        if (verdict === 'computes') computes = true;
        break;
      }
      default:
        break;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return { computes, pure: true };
}

function callVerdict(ctx: RuleContext<string>, call: Node, depth: number, seen: Set<number>): 'pure' | 'computes' | 'impure' {
  const qualified = ctx.facts.bindings.calleeQualifiedName(call);
  if (qualified && (PURE_CALLS.has(qualified) || PURE_MODULES.some((m) => qualified.startsWith(m)))) return 'pure';
  const fn = call.childForFieldName('function');
  if (fn?.type === 'attribute') {
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const object = fn.childForFieldName('object');
    const kind = object ? ctx.facts.bindings.kindOf(object) : 'unknown';
    if (kind !== 'unknown' && PURE_METHODS.has(method)) return 'pure';
    return 'impure';
  }
  if (fn?.type === 'identifier' && depth < MAX_DEPTH) {
    const target = localFunction(ctx, fn);
    if (target) {
      const inner = isPureComputation(ctx, target, depth + 1, seen);
      if (!inner.pure) return 'impure';
      return inner.computes ? 'computes' : 'pure';
    }
  }
  return 'impure';
}

function containsArithmetic(loop: Node): boolean {
  const stack: Node[] = [loop];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'binary_operator' || node.type === 'augmented_assignment') return true;
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/** The `def` a name refers to, when it is a function defined in this file (and only that). */
function localFunction(ctx: RuleContext<string>, name: Node): Node | undefined {
  const scope: Scope = ctx.facts.scopeOf(name);
  const owner = scope.resolve(name.text);
  const bindings = owner?.bindings.get(name.text) ?? [];
  if (bindings.length !== 1 || bindings[0]!.kind !== 'def' || bindings[0]!.site.type !== 'function_definition') return undefined;
  return bindings[0]!.site;
}

/** `pool` in `pool.submit(...)` when it was made by `ThreadPoolExecutor(...)` (assigned or `with ... as`). */
function isThreadPool(ctx: RuleContext<string>, receiver: Node): boolean {
  const r = unparen(receiver);
  if (r.type === 'call') return THREAD_POOLS.has(ctx.facts.bindings.calleeQualifiedName(r) ?? '');
  if (r.type !== 'identifier') return false;
  const owner = ctx.facts.scopeOf(r).resolve(r.text);
  const bindings = owner?.bindings.get(r.text) ?? [];
  if (bindings.length === 0) return false;
  return bindings.every((b) => {
    let value: Node | undefined | null = b.value;
    if (b.kind === 'with') {
      const item = b.site.childForFieldName('value');
      value = item?.type === 'as_pattern' ? namedChildren(item)[0] : undefined;
    }
    return !!value && unparen(value).type === 'call' && THREAD_POOLS.has(ctx.facts.bindings.calleeQualifiedName(unparen(value)) ?? '');
  });
}

export default defineRule<'threads'>({
  id: 'HS601',
  name: 'threads-for-cpu-work',
  tier: 6,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    threads: '`{{how}}` runs `{{target}}`, which computes in pure Python: the GIL lets only one thread run it at a time',
  },
  docs: {
    summary: 'Threads used for pure-Python CPU work',
    what:
      'Checks for `threading.Thread(target=f)`, `ThreadPoolExecutor(...).submit(f, ...)` / `.map(f, ...)` and thread pools ' +
      'where `f` is a function of the same file that loops doing arithmetic and makes no call that could wait ' +
      '(I/O, sleeps, locks, unknown libraries). Calls into other functions of the file are followed a few levels deep.',
    why:
      "CPython's global interpreter lock lets one thread execute Python bytecode at a time. Threads running pure-Python " +
      'computation take turns: on N cores they finish no sooner than one thread would, and often later because of ' +
      'the hand-overs. Processes each have their own interpreter and run on all cores, up to N times faster for ' +
      'work that splits evenly. Threads remain the right tool for work that waits (network, disk, sleeps).',
    example: {
      bad: [
        'import threading',
        '',
        'def checksum(n):',
        '    total = 0',
        '    for i in range(n):',
        '        total += i * i % 7',
        '    return total',
        '',
        'workers = [threading.Thread(target=checksum, args=(10**6,)) for _ in range(4)]',
        '',
      ].join('\n'),
      good: [
        'from concurrent.futures import ProcessPoolExecutor',
        '',
        'def checksum(n):',
        '    total = 0',
        '    for i in range(n):',
        '        total += i * i % 7',
        '    return total',
        '',
        'if __name__ == "__main__":',
        '    with ProcessPoolExecutor() as pool:',
        '        results = list(pool.map(checksum, [10**6] * 4))',
        '',
      ].join('\n'),
    },
    fix:
      'Run CPU-bound work in processes: `concurrent.futures.ProcessPoolExecutor` or `multiprocessing.Pool` (arguments and ' +
      'results must pickle), or move the hot loop into code that releases the GIL (NumPy, a C, Cython or Rust extension).',
    notes:
      'No other linter flags this. The rule stays silent when the target may wait on anything, since threads are ' +
      'then a fine choice; `hotspy run` confirms it at run time with the HD02 gil-contention diagnosis.',
  },
  create(ctx) {
    const check = (node: Node, how: string, target: Node | undefined) => {
      if (!target || target.type !== 'identifier') return;
      const fn = localFunction(ctx, target);
      if (!fn) return;
      const verdict = isPureComputation(ctx, fn, 0, new Set());
      if (!verdict.pure || !verdict.computes) return;
      ctx.report({
        node,
        messageId: 'threads',
        data: { how, target: target.text },
        costNode: fn,
        fix: { description: `Run \`${target.text}\` in a \`ProcessPoolExecutor\` instead of threads` },
      });
    };
    return {
      call(node: Node) {
        const qualified = ctx.facts.bindings.calleeQualifiedName(node);
        if (qualified && THREAD_CLASSES.has(qualified)) {
          check(node, qualified, callArguments(node).keywords.get('target'));
          return;
        }
        const call = methodCall(node);
        if (!call || !POOL_METHODS.has(call.method) || !isThreadPool(ctx, call.receiver)) return;
        check(node, `${call.receiver.text}.${call.method}`, callArguments(node).positional[0]);
      },
    };
  },
});
