import { cacheDecorator, isInstanceMethod } from '../python/cache-decorators.js';
import type { FileFacts } from '../python/facts.js';
import type { Node } from '../python/parser.js';
import { namedChildren } from '../python/syntax.js';
import { defineRule } from './define-rule.js';

type MessageId = 'method';

/** Bases and decorators of classes whose instances compare by value: equal instances share hits by design. */
const VALUE_BASES = /^(?:typing\.)?NamedTuple$|^(?:enum\.)?(?:Enum|IntEnum|StrEnum|Flag|IntFlag)$|^tuple$|^str$|^int$|^frozenset$/;
const FROZEN_DECORATOR = /^@\s*(?:dataclasses\.)?dataclass\s*\([^)]*frozen\s*=\s*True|^@\s*(?:attr|attrs)\.(?:frozen|s\s*\([^)]*frozen\s*=\s*True)|^@\s*(?:attr\.|attrs\.)?define\s*\([^)]*frozen\s*=\s*True/;

/**
 * True when instances of the class are values: it defines `__eq__` or `__hash__`, is a frozen
 * dataclass or attrs class, a NamedTuple, an Enum, or a subclass of an immutable builtin. A
 * cache keyed on such instances hits for equal instances: that is the design, not a leak.
 */
function isValueClass(facts: FileFacts, cls: Node): boolean {
  const scope = facts.scopeFor(cls);
  if (scope && (scope.bindings.has('__eq__') || scope.bindings.has('__hash__'))) return true;
  const bases = cls.childForFieldName('superclasses');
  for (const b of bases ? namedChildren(bases) : []) {
    if (b.type === 'keyword_argument') continue;
    const name = facts.bindings.qualifiedName(b) ?? b.text;
    if (VALUE_BASES.test(name)) return true;
  }
  const decorated = cls.parent;
  if (decorated?.type === 'decorated_definition') {
    for (const d of namedChildren(decorated)) if (d.type === 'decorator' && FROZEN_DECORATOR.test(d.text.replace(/\s+/g, ' '))) return true;
  }
  return false;
}

export default defineRule<MessageId>({
  id: 'HS202',
  name: 'cache-on-method',
  tier: 2,
  severity: 'warning',
  equivalents: ['B019'],
  fixable: false,
  messages: {
    method:
      '`{{decorator}}` on the method `{{name}}` keys the cache on `self`: it keeps every instance alive and instances never share a hit',
  },
  docs: {
    summary: '`functools.lru_cache` or `cache` on an instance method',
    what:
      'Checks for `@functools.lru_cache` / `@functools.cache` on a method whose first parameter is the instance, in a ' +
      'class whose instances compare by identity (no `__eq__`/`__hash__`, not a frozen dataclass, NamedTuple or Enum).',
    why:
      'The cache is one dictionary on the function, shared by every instance, and `self` is part of every key. ' +
      'It holds a strong reference to each instance that ever called the method, so instances are never freed ' +
      '(memory grows with every object created, and `__del__` never runs); calls on one instance never hit the ' +
      'entries of another; and a bounded cache (`lru_cache()` holds 128 entries by default) is shared by all ' +
      'instances, so many live objects evict each other and the hit ratio falls. Classes whose instances compare ' +
      'by value are left alone: equal instances sharing a hit is what such a cache is for.',
    example: {
      bad: [
        'from functools import lru_cache',
        '',
        '',
        'class Order:',
        '    def __init__(self, lines):',
        '        self.lines = lines',
        '',
        '    @lru_cache(maxsize=None)',
        '    def total(self):',
        '        return sum(price * qty for price, qty in self.lines)',
        '',
      ].join('\n'),
      good: [
        'from functools import cached_property',
        '',
        '',
        'class Order:',
        '    def __init__(self, lines):',
        '        self.lines = lines',
        '',
        '    @cached_property',
        '    def total(self):',
        '        return sum(price * qty for price, qty in self.lines)',
        '',
      ].join('\n'),
    },
    fix:
      'For a method without arguments use `functools.cached_property` (the value lives on the instance and dies ' +
      'with it); otherwise keep a per-instance dictionary (`self._cache = {}` in `__init__`), or cache a module ' +
      'function of the values the method needs rather than of `self`.',
    notes: 'Same pattern as flake8-bugbear B019 (ruff B019), which flags every class; this rule skips value classes.',
  },
  create(ctx) {
    return {
      function_definition(node: Node) {
        const decorator = cacheDecorator(ctx.facts, node);
        if (!decorator || !isInstanceMethod(ctx.facts, node)) return;
        const cls = ctx.facts.scopeFor(node)?.enclosingClass()?.node;
        if (!cls || isValueClass(ctx.facts, cls)) return;
        const name = node.childForFieldName('name')!;
        ctx.report({
          node: decorator.node,
          endNode: name,
          messageId: 'method',
          data: { decorator: decorator.text, name: name.text },
          fix: { description: `Use \`functools.cached_property\` or a per-instance cache for \`${name.text}\`` },
        });
      },
    };
  },
});
