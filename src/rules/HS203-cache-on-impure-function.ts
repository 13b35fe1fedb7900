import { cacheDecorator } from '../python/cache-decorators.js';
import type { Node } from '../python/parser.js';
import { purityOf, type EffectKind, type EffectReason } from '../python/purity.js';
import { defineRule } from './define-rule.js';

type MessageId = 'impure';

/**
 * Effects a cache turns into wrong answers whatever the program does: a hit returns the first
 * call's clock reading, random draw, or view of a global that the program changes, and skips the
 * change to a global the call made. Reading a file, the environment, the network, a database or
 * another process's output is left out: reading such data once and reusing it is what most
 * caches in real code are for (configuration, fonts, platform facts), and only the run can tell
 * whether it changes underneath. Logging and writes to the function's own arguments are left out
 * too (HS202 covers `self`).
 */
const CACHE_BREAKERS: ReadonlySet<EffectKind> = new Set(['clock', 'random', 'global-read', 'global-write']);

/** The effect that makes the cache wrong, or undefined. */
function breakingReason(reasons: EffectReason[], clearsItself: boolean): EffectReason | undefined {
  return reasons.find((r) => {
    if (!CACHE_BREAKERS.has(r.kind)) return false;
    // a constructor that stamps a new object with a time or a random id gives it an identity: reusing the object is the point
    if (r.via?.includes('__init__')) return false;
    // sleeping is not an answer; skipping it is rarely wrong
    if (r.kind === 'clock' && /\bsleep\(/.test(r.detail)) return false;
    // a module that calls `f.cache_clear()` invalidates the cache when its globals change
    if ((r.kind === 'global-read' || r.kind === 'global-write') && clearsItself) return false;
    return true;
  });
}

/** The module calls `name.cache_clear()` somewhere. */
function clearsCache(text: string, name: string): boolean {
  return new RegExp(`\\b${name}\\s*\\.\\s*cache_clear\\s*\\(`).test(text);
}

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
    summary: 'A caching decorator on a function that reads the clock, random numbers or changing globals, or changes globals',
    what:
      'Checks for `@functools.cache` / `@functools.lru_cache` on a function whose body (or a function of the same ' +
      'module it calls) reads the clock, draws random numbers, reads a global that the program changes (outside ' +
      'import-time registration), or changes a global. The effects come from the shared purity fact ' +
      '(`src/python/purity.ts`).',
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
      'Reads of files, the environment, the network, a database or another process are not reported: on 12 ' +
      'popular packages (benchmarks/precision) every cached function that read them did so on purpose, to read ' +
      'configuration, fonts or platform facts once. Nor are logging, `time.sleep`, changes to the function\'s own ' +
      'arguments, effects of a class constructor (an object stamped with an id), or globals of a module that calls ' +
      '`f.cache_clear()` itself. Effects inside functions of other modules are not seen (the purity fact answers ' +
      '"unknown" there, and the rule stays silent).',
  },
  create(ctx) {
    return {
      function_definition(node: Node) {
        const decorator = cacheDecorator(ctx.facts, node);
        if (!decorator) return;
        const purity = purityOf(ctx.facts, node);
        const name = node.childForFieldName('name')!;
        const reason = purity ? breakingReason(purity.reasons, clearsCache(ctx.facts.text, name.text)) : undefined;
        if (!reason) return;
        ctx.report({
          node: decorator.node,
          endNode: name,
          messageId: 'impure',
          data: {
            decorator: decorator.text,
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
