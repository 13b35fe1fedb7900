import { cacheDecorator } from '../python/cache-decorators.js';
import type { Node } from '../python/parser.js';
import { purityOf, type EffectKind, type EffectReason } from '../python/purity.js';
import { defineRule } from './define-rule.js';

type MessageId = 'impure';

/**
 * Effects a cache turns into wrong answers: a hit returns the first call's clock reading, random
 * draw, file contents, response, query result or global, and skips the writes the call made.
 * Logging is left out (a skipped log line is rarely the point), and so are writes to the
 * function's own arguments (HS202 covers `self`).
 */
const CACHE_BREAKERS: ReadonlySet<EffectKind> = new Set([
  'clock', 'random', 'io', 'environment', 'network', 'database', 'process', 'global-read', 'global-write',
]);

const WHAT: Partial<Record<EffectKind, string>> = {
  clock: 'the first call\'s time',
  random: 'the first call\'s random draw',
  io: 'what the first call read (and skips what it wrote)',
  environment: 'the environment as the first call saw it',
  network: 'the first call\'s response',
  database: 'the first call\'s query result',
  process: 'the first call\'s process output',
  'global-read': 'the global as the first call saw it',
  'global-write': 'without making the change to the global again',
};

function describeReason(r: EffectReason): string {
  const via = r.via && r.via.length > 0 ? ` through \`${r.via.join('` -> `')}\`` : '';
  return `${r.detail} at line ${r.line}${via}`;
}

export default defineRule<MessageId>({
  id: 'HS203',
  name: 'cache-on-impure-function',
  tier: 2,
  severity: 'warning',
  equivalents: [],
  fixable: false,
  messages: {
    impure: '`{{decorator}}` caches `{{name}}`, which is not a function of its arguments: {{reason}}; every hit returns {{what}}',
  },
  docs: {
    summary: 'A caching decorator on a function that reads the clock, random numbers, files, the network, the environment, a database or changing globals',
    what:
      'Checks for `@functools.cache` / `@functools.lru_cache` on a function whose body (or a function of the same ' +
      'module it calls) reads the clock, draws random numbers, reads or writes files or the terminal, reads the ' +
      'environment, uses the network or a database, runs a process, reads a global that the program changes, or ' +
      'changes a global. The effects come from the shared purity fact (`src/python/purity.ts`).',
    why:
      'A cache replays the first result for the same arguments and skips the body. For a function of its arguments ' +
      'alone that is a free speed-up; for one that reads the clock, a file or a database it returns stale answers ' +
      'for the life of the process, and a function that writes (a global, a file, the terminal) silently stops ' +
      'doing it on every hit. The speed-up is real but the program is no longer the same program.',
    example: {
      bad: [
        'import time',
        'from functools import lru_cache',
        '',
        '',
        '@lru_cache(maxsize=None)',
        'def greeting(name):',
        '    hour = time.localtime().tm_hour',
        '    return f"Good {\'morning\' if hour < 12 else \'day\'}, {name}"',
        '',
      ].join('\n'),
      good: [
        'import time',
        'from functools import lru_cache',
        '',
        '',
        '@lru_cache(maxsize=None)',
        'def greeting_for(name, morning):',
        '    return f"Good {\'morning\' if morning else \'day\'}, {name}"',
        '',
        '',
        'def greeting(name):',
        '    return greeting_for(name, time.localtime().tm_hour < 12)',
        '',
      ].join('\n'),
    },
    fix:
      'Cache only the pure part: pass what the function reads (the time, the file contents, the setting) as an ' +
      'argument of a cached helper. Where a stale answer is acceptable for a while, use a cache with explicit ' +
      'expiry (a TTL cache) and say so; otherwise do not cache.',
    notes:
      'Logging calls and changes to the function\'s own arguments are not reported. Effects inside functions of ' +
      'other modules are not seen (the purity fact answers "unknown" there, and the rule stays silent).',
  },
  create(ctx) {
    return {
      function_definition(node: Node) {
        const decorator = cacheDecorator(ctx.facts, node);
        if (!decorator) return;
        const purity = purityOf(ctx.facts, node);
        const reason = purity?.reasons.find((r) => CACHE_BREAKERS.has(r.kind));
        if (!reason) return;
        const name = node.childForFieldName('name')!;
        ctx.report({
          node: decorator.node,
          endNode: name,
          messageId: 'impure',
          data: {
            decorator: decorator.node.text.replace(/\s+/g, ''),
            name: name.text,
            reason: describeReason(reason),
            what: WHAT[reason.kind] ?? 'the first call\'s answer',
          },
          fix: { description: `Cache only the pure part of \`${name.text}\`, or drop the cache` },
        });
      },
    };
  },
});
