// `functools.cache` / `functools.lru_cache` on a def, read through the file's imports: what the
// caching rules (HS110, HS201-HS204) ask before anything else.
import type { FileFacts } from './facts.js';
import type { Node } from './parser.js';
import { namedChildren, unparen } from './syntax.js';

export interface CacheDecorator {
  /** The decorator node (`@lru_cache(maxsize=None)`). */
  node: Node;
  /** `functools.cache` or `functools.lru_cache`. */
  qualified: 'functools.cache' | 'functools.lru_cache';
  /** The decorator as written, without comments or spaces: `@lru_cache(maxsize=None)`. */
  text: string;
  /** null for an unbounded cache, a number for a bound one, undefined when it cannot be read. */
  maxsize: number | null | undefined;
}

const CACHES = new Set(['functools.cache', 'functools.lru_cache']);

/** The functools caching decorator on `fn` (a function_definition), if it has one. */
export function cacheDecorator(facts: FileFacts, fn: Node): CacheDecorator | undefined {
  const decorated = fn.parent;
  if (decorated?.type !== 'decorated_definition') return undefined;
  for (const d of namedChildren(decorated)) {
    if (d.type !== 'decorator') continue;
    const expr = namedChildren(d)[0];
    if (!expr) continue;
    const e = unparen(expr);
    const head = e.type === 'call' ? e.childForFieldName('function') : e;
    if (!head) continue;
    const qualified = facts.bindings.qualifiedName(head);
    if (!qualified || !CACHES.has(qualified)) continue;
    const q = qualified as CacheDecorator['qualified'];
    const text = `@${e.text.replace(/\s+/g, '')}`;
    if (q === 'functools.cache') return { node: d, qualified: q, text, maxsize: null };
    return { node: d, qualified: q, text, maxsize: e.type === 'call' ? maxsizeOf(e) : 128 };
  }
  return undefined;
}

/** `lru_cache()` -> 128, `lru_cache(maxsize=None)` / `lru_cache(None)` -> null, `lru_cache(256)` -> 256. */
function maxsizeOf(call: Node): number | null | undefined {
  const args = call.childForFieldName('arguments');
  const items = args ? namedChildren(args) : [];
  let value: Node | undefined;
  for (const a of items) {
    if (a.type === 'keyword_argument') {
      if (a.childForFieldName('name')?.text === 'maxsize') value = a.childForFieldName('value') ?? undefined;
    } else if (!value) value = a;
  }
  if (!value) return 128;
  const v = unparen(value);
  if (v.type === 'none') return null;
  if (v.type === 'integer') return Number(v.text.replace(/_/g, ''));
  return undefined;
}

const CLASS_PARAMETER = /^(?:cls|mcs|mcls|metacls|klass)$/;
const IMPLICIT_NOT_INSTANCE = new Set(['__new__', '__init_subclass__', '__class_getitem__']);

/** A def directly in a class body whose first parameter is the instance (not static or class methods). */
export function isInstanceMethod(facts: FileFacts, fn: Node): boolean {
  // static or class methods without saying so
  if (IMPLICIT_NOT_INSTANCE.has(fn.childForFieldName('name')?.text ?? '')) return false;
  const scope = facts.scopeFor(fn);
  if (!scope?.enclosingClass() || scope.selfName === undefined) return false;
  // `def f(cls)` wrapped into a class method later (`f = classmethod(f)`, descriptors)
  if (CLASS_PARAMETER.test(scope.selfName)) return false;
  const decorated = fn.parent;
  if (decorated?.type !== 'decorated_definition') return true;
  return !namedChildren(decorated).some((d) => d.type === 'decorator' && /^@\s*(?:builtins\.)?(?:staticmethod|classmethod)\b/.test(d.text));
}
