import type { Node } from '../python/parser.js';
import type { Scope } from '../python/scopes.js';
import { callArguments, dottedName, namedChildren, statements } from '../python/syntax.js';
import { shortText } from '../python/usage.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'plain' | 'dataclass';

const DATACLASS = new Set(['dataclasses.dataclass']);
/** Decorators on methods that need an instance `__dict__`: `functools.cached_property` and the many like it (Django's, werkzeug's ...). */
const NEEDS_DICT = /(^|\.)cached_property$/;
/** Names whose use in a class body means the instance dict is read or attributes are dynamic. */
const DYNAMIC = /\b(__dict__|vars|setattr|__getattr__|__setattr__|__getstate__|__setstate__|__reduce__|__reduce_ex__|__weakref__)\b/;

const BAD = `class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def load(rows):
    return [Point(r[0], r[1]) for r in rows]
`;

const GOOD = `class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


def load(rows):
    return [Point(r[0], r[1]) for r in rows]
`;

interface Candidate {
  cls: Node;
  kind: MessageId;
  attributes: string[];
}

/** The decorator's callee (qualified) and its call node, for `@d` and `@d(...)`. */
function decoratorOf(ctx: RuleContext<MessageId>, decorator: Node): { name?: string; call?: Node } {
  const expr = namedChildren(decorator)[0];
  if (!expr) return {};
  if (expr.type === 'call') return { name: ctx.facts.bindings.calleeQualifiedName(expr), call: expr };
  return { name: ctx.facts.bindings.qualifiedName(expr) };
}

/** Why slots would change how the class behaves, or undefined when nothing in sight says so. */
function candidate(ctx: RuleContext<MessageId>, cls: Node): Candidate | undefined {
  // a base class keeps its own `__dict__` (or is a builtin, an Enum, a NamedTuple...): slots save nothing there
  const superclasses = cls.childForFieldName('superclasses');
  if (superclasses && namedChildren(superclasses).some((b) => b.text !== 'object')) return undefined;
  const body = cls.childForFieldName('body');
  const scope = ctx.facts.scopeFor(cls);
  if (!body || !scope || DYNAMIC.test(body.text)) return undefined;
  if (scope.bindings.has('__slots__')) return undefined;
  let kind: MessageId = 'plain';
  const decorated = cls.parent?.type === 'decorated_definition' ? cls.parent : undefined;
  for (const decorator of decorated ? namedChildren(decorated).filter((d) => d.type === 'decorator') : []) {
    const { name, call } = decoratorOf(ctx, decorator);
    if (!name || !DATACLASS.has(name)) return undefined;
    const slots = call ? callArguments(call).keywords.get('slots') : undefined;
    if (slots) return undefined; // `slots=True` already, or an explicit choice
    kind = 'dataclass';
  }
  if (kind === 'dataclass' && compare(ctx.settings.targetVersion, [3, 10]) < 0) return undefined;
  if (kind === 'dataclass' && /\bsuper\(\)/.test(body.text)) return undefined; // `slots=True` makes a new class: bare super() fails
  const attributes = kind === 'dataclass' ? dataclassFields(body) : plainAttributes(ctx, scope, body);
  if (!attributes || attributes.length === 0) return undefined;
  return { cls, kind, attributes };
}

/** `self.x = ...` attributes of a plain class with an `__init__`, when none collides with a class attribute. */
function plainAttributes(ctx: RuleContext<MessageId>, scope: Scope, body: Node): string[] | undefined {
  const methods = statements(body)
    .map((s) => (s.type === 'decorated_definition' ? s.childForFieldName('definition') : s))
    .filter((s): s is Node => s?.type === 'function_definition');
  if (!methods.some((m) => m.childForFieldName('name')?.text === '__init__')) return undefined;
  for (const s of statements(body)) {
    if (s.type !== 'decorated_definition') continue;
    for (const d of namedChildren(s).filter((c) => c.type === 'decorator')) {
      if (NEEDS_DICT.test(decoratorOf(ctx, d).name ?? namedChildren(d)[0]?.text ?? '')) return undefined;
    }
  }
  const attributes = [...scope.attributes.keys()];
  // a class attribute of the same name as a slot is an error ("conflicts with class variable")
  if (attributes.some((a) => scope.bindings.has(a))) return undefined;
  return attributes;
}

/** Annotated class-body names of a dataclass (its fields). */
function dataclassFields(body: Node): string[] {
  const fields: string[] = [];
  for (const s of statements(body)) {
    const a = s.type === 'expression_statement' ? namedChildren(s)[0] : undefined;
    if (a?.type !== 'assignment' || !a.childForFieldName('type')) continue;
    const left = a.childForFieldName('left');
    if (left?.type === 'identifier' && !/^ClassVar\b|\.ClassVar\b/.test(a.childForFieldName('type')?.text ?? '')) fields.push(left.text);
  }
  return fields;
}

function compare(a: [number, number], b: [number, number]): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

/** True when another class of the file derives from `name` (its instances keep a dict anyway). */
function subclassed(root: Node, name: string): boolean {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'class_definition') {
      const bases = n.childForFieldName('superclasses');
      if (bases && namedChildren(bases).some((b) => dottedName(b) === name)) return true;
    }
    for (const child of n.namedChildren) if (child) stack.push(child);
  }
  return false;
}

export default defineRule<MessageId>({
  id: 'HS403',
  name: 'slots-candidate',
  tier: 4,
  severity: 'info',
  equivalents: [],
  fixable: false,
  messages: {
    plain:
      '`{{call}}` creates instances of `{{cls}}` in a loop, each with its own attribute dict: `__slots__ = ({{slots}})` saves about 40 bytes an instance on Python 3.11+ and about 100 on 3.10 and earlier',
    dataclass:
      '`{{call}}` creates instances of the dataclass `{{cls}}` in a loop: `@dataclass(slots=True)` drops the per-instance dict, about 40 bytes an instance on 3.11+ and about 100 on 3.10',
  },
  docs: {
    summary: 'Many instances of a class without `__slots__`',
    what:
      'Checks for a class defined in the file without `__slots__` and without base classes (or `object` only): a ' +
      'plain class whose `__init__` sets fixed `self.x` attributes, or a `@dataclass` without `slots=True` ' +
      '(target version 3.10 or later), that the same file instantiates inside a loop or a comprehension. One ' +
      'finding per class, at its first instantiation in a loop; the others are related locations.',
    why:
      'Without `__slots__` every instance carries an attribute dict (on 3.11+ its values array and a dict pointer, ' +
      'built into a full dict as soon as anything reads `__dict__`). Measured with tracemalloc per instance of a ' +
      'class of three attributes: 152 bytes against 56 with slots on 3.8-3.10, 96 against 56 on 3.11, 88 against ' +
      '56 on 3.12 (docs/measured-claims.md). A million such objects is 40-100 MB saved; attribute reads are ' +
      'not measurably faster on 3.11, and a few hundred instances gain nothing.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Add `__slots__ = ("x", "y", ...)` listing every attribute the class sets, or `@dataclass(slots=True)` on ' +
      'Python 3.10+. Add `"__weakref__"` to the slots if instances are weakly referenced. `hotspy run` measures ' +
      'the live instances and the bytes saved (HD08 slots-census): let it confirm the count first.',
    notes:
      'Slots change behaviour, so hotspy stays silent where it sees why: the class (or a base) assigns or reads ' +
      '`__dict__`, uses `vars`, `setattr`, `__getattr__`/`__setattr__`, custom pickling (`__getstate__`, ' +
      '`__reduce__`), `functools.cached_property` or any other `cached_property` (which need the dict), declares a class attribute with the ' +
      'name of an instance attribute (an error with slots), or another class of the file derives from it; a ' +
      'dataclass whose methods call bare `super()` (it fails in the new class `slots=True` builds) or a target ' +
      'version before 3.10 for the dataclass form. Code in other files that sets new attributes on instances, ' +
      'weak references to them, or subclasses pickled with protocol 0/1 cannot be seen: check them before adding ' +
      'slots. Confidence follows the size of the loop that creates the instances.',
  },
  create(ctx) {
    const reported = new Set<number>();
    const candidates = new Map<number, Candidate | undefined>();
    return {
      call(node: Node) {
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'identifier' || !ctx.facts.loops.isInsideLoop(node)) return;
        const owner = ctx.facts.scopeOf(node).resolve(fn.text);
        const bindings = owner?.bindings.get(fn.text) ?? [];
        if (owner?.kind !== 'module' || bindings.length !== 1 || bindings[0].kind !== 'def') return;
        const cls = bindings[0].site;
        if (cls.type !== 'class_definition' || reported.has(cls.id)) return;
        if (!candidates.has(cls.id)) candidates.set(cls.id, subclassed(ctx.facts.tree.rootNode, fn.text) ? undefined : candidate(ctx, cls));
        const found = candidates.get(cls.id);
        if (!found) return;
        reported.add(cls.id);
        ctx.report({
          node,
          messageId: found.kind,
          data: { call: shortText(node, 40), cls: fn.text, slots: found.attributes.map((a) => `"${a}"`).join(', ') + (found.attributes.length === 1 ? ',' : '') },
          related: [cls.childForFieldName('name') ?? cls],
        });
      },
    };
  },
});
