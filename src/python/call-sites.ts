// Calls between the functions of one module: where each function and method is called, so that
// a parameter's kind can be read from what its callers pass, a call's kind from what the callee
// returns, and a rule can ask whether a function runs once per iteration of a loop elsewhere.
import type { Node } from './parser.js';
import type { Scope } from './scopes.js';
import { namedChildren, unparen } from './syntax.js';

/** A parameter's position: its index among the positional parameters (-1 when keyword-only). */
export interface ParameterSlot {
  fn: Node;
  name: string;
  position: number;
  /** The first positional parameter is the instance (`self`/`cls`), which callers do not pass. */
  boundMethod: boolean;
}

interface Index {
  /** Calls by the plain name of their callee (`f(...)`). */
  byName: Map<string, Node[]>;
  /** Calls by the attribute they call (`obj.m(...)`, `self.m(...)`). */
  byAttribute: Map<string, Node[]>;
  /** How often each identifier occurs anywhere in the module. */
  mentions: Map<string, number>;
}

export class CallSites {
  private index?: Index;
  private readonly answers = new Map<number, Node[] | undefined>();

  constructor(
    private readonly root: Node,
    private readonly scopeOf: (node: Node) => Scope,
    private readonly scopeFor: (node: Node) => Scope | undefined,
  ) {}

  /**
   * Every call of the function or method `fn` in this module, or undefined when they cannot all
   * be known: the function is used as a value (passed, stored, decorated into something else),
   * or it is a method whose name is shared with another function of the module.
   */
  callsOf(fn: Node): Node[] | undefined {
    if (this.answers.has(fn.id)) return this.answers.get(fn.id);
    const answer = this.compute(fn);
    this.answers.set(fn.id, answer);
    return answer;
  }

  private compute(fn: Node): Node[] | undefined {
    const name = fn.childForFieldName('name')?.text;
    if (!name || fn.type !== 'function_definition') return undefined;
    // a decorator may replace the function with something that takes other arguments
    if (fn.parent?.type === 'decorated_definition' && !isPlainMethodDecorator(fn.parent)) return undefined;
    const index = this.build();
    const defining = this.scopeFor(fn)?.parent;
    if (!defining) return undefined;
    const byName = index.byName.get(name) ?? [];
    const byAttribute = index.byAttribute.get(name) ?? [];
    const defs = index.mentions.get(`def ${name}`) ?? 0;
    if (defs !== 1) return undefined;
    if (defining.kind === 'class') {
      // `self.m(...)` and `obj.m(...)`; a bare `m(...)` or `m` used as a value is something else
      const uses = (index.mentions.get(name) ?? 0) - 1;
      if (uses !== byAttribute.length + byName.length || byName.length > 0) return undefined;
      // every receiver must be an instance of this class: `out.write()` on a file is another method
      return byAttribute.every((call) => this.isInstanceOf(call, defining)) ? byAttribute : undefined;
    }
    if (defining.kind !== 'module' && defining.kind !== 'function') return undefined;
    // calls that resolve to this very binding; any other mention means the function escapes
    const calls = byName.filter((call) => {
      const callee = call.childForFieldName('function')!;
      const scope = this.scopeOf(callee).resolve(name);
      return scope === defining;
    });
    const uses = (index.mentions.get(name) ?? 0) - 1;
    if (uses !== byName.length + byAttribute.length || calls.length !== byName.length) return undefined;
    return calls;
  }

  /** The receiver of `obj.m(...)` is `self` in a method of the class, or a name bound only to `Class(...)`. */
  private isInstanceOf(call: Node, cls: Scope): boolean {
    const callee = call.childForFieldName('function');
    const receiver = callee?.childForFieldName('object');
    if (receiver?.type !== 'identifier') return false;
    const scope = this.scopeOf(receiver);
    const fnScope = scope.functionScope();
    if (fnScope.selfName === receiver.text) return fnScope.enclosingClass() === cls;
    const className = cls.node.childForFieldName('name')?.text;
    const bindings = scope.resolve(receiver.text)?.bindings.get(receiver.text) ?? [];
    return (
      bindings.length > 0 &&
      bindings.every((b) => {
        const value = b.kind === 'assign' && b.value ? unparen(b.value) : undefined;
        const fn = value?.type === 'call' ? value.childForFieldName('function') : undefined;
        return fn?.type === 'identifier' && fn.text === className;
      })
    );
  }

  /**
   * Where a parameter binding sits among its function's parameters, or undefined for `*args`,
   * `**kwargs`, lambdas and parameters after `*`.
   */
  slotOf(param: Node, name: string): ParameterSlot | undefined {
    const list = param.parent;
    const fn = list?.parent;
    if (!list || list.type !== 'parameters' || fn?.type !== 'function_definition') return undefined;
    let position = 0;
    for (const p of namedChildren(list)) {
      if (p.type === 'list_splat_pattern' || p.type === 'keyword_separator' || p.text === '*') {
        if (p.id === param.id) return undefined;
        position = -1;
        continue;
      }
      if (p.type === 'positional_separator') continue;
      if (p.id === param.id) {
        const boundMethod = this.scopeFor(fn)?.selfName !== undefined;
        return { fn, name, position: position < 0 ? -1 : position, boundMethod };
      }
      if (position >= 0) position++;
    }
    return undefined;
  }

  /** The argument a call passes for the slot, 'missing' when it passes none, undefined when it cannot be told. */
  argumentFor(call: Node, slot: ParameterSlot): Node | 'missing' | undefined {
    const args = call.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list') return undefined;
    const positional: Node[] = [];
    let keyword: Node | undefined;
    for (const arg of namedChildren(args)) {
      if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') return undefined;
      if (arg.type === 'keyword_argument') {
        if (arg.childForFieldName('name')?.text === slot.name) keyword = arg.childForFieldName('value') ?? undefined;
        continue;
      }
      if (arg.type === 'comment') continue;
      positional.push(arg);
    }
    if (keyword) return keyword;
    if (slot.position < 0) return 'missing';
    let position = slot.position;
    if (slot.boundMethod) {
      // `self.m(x)` / `obj.m(x)` bind the receiver; `Class.m(obj, x)` does not
      const callee = call.childForFieldName('function');
      if (callee?.type !== 'attribute') return undefined;
      position -= 1;
      if (position < 0) return undefined;
    }
    return positional[position] ?? 'missing';
  }

  /** Calls of `fn` that run on every iteration of some loop, with that loop. */
  callsInLoops(fn: Node, innermostLoop: (node: Node) => Node | undefined): { call: Node; loop: Node }[] {
    const calls = this.callsOf(fn) ?? [];
    const out: { call: Node; loop: Node }[] = [];
    for (const call of calls) {
      const loop = innermostLoop(call);
      if (loop) out.push({ call, loop });
    }
    return out;
  }

  /** The function a call names, when it is a def of this module (a method through `self`). */
  calleeDef(call: Node): Node | undefined {
    const callee = call.childForFieldName('function');
    if (!callee) return undefined;
    const c = unparen(callee);
    if (c.type === 'identifier') {
      const owner = this.scopeOf(c).resolve(c.text);
      const bindings = owner?.bindings.get(c.text);
      if (!bindings || bindings.length !== 1 || bindings[0].kind !== 'def') return undefined;
      const site = bindings[0].site;
      return site.type === 'function_definition' ? site : undefined;
    }
    if (c.type === 'attribute') {
      const object = c.childForFieldName('object');
      const attr = c.childForFieldName('attribute');
      if (object?.type !== 'identifier' || !attr) return undefined;
      const fnScope = this.scopeOf(c).functionScope();
      const cls = fnScope.enclosingClass();
      if (!cls || fnScope.selfName !== object.text) return undefined;
      const bindings = cls.bindings.get(attr.text);
      if (!bindings || bindings.length !== 1 || bindings[0].kind !== 'def') return undefined;
      const site = bindings[0].site;
      return site.type === 'function_definition' ? site : undefined;
    }
    return undefined;
  }

  private build(): Index {
    if (this.index) return this.index;
    const byName = new Map<string, Node[]>();
    const byAttribute = new Map<string, Node[]>();
    const mentions = new Map<string, number>();
    const add = <V>(map: Map<string, V[]>, key: string, value: V) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const call of this.root.descendantsOfType('call')) {
      if (!call) continue;
      const callee = call.childForFieldName('function');
      if (!callee) continue;
      if (callee.type === 'identifier') add(byName, callee.text, call);
      else if (callee.type === 'attribute') {
        const attr = callee.childForFieldName('attribute');
        if (attr) add(byAttribute, attr.text, call);
      }
    }
    // names mentioned anywhere (as a value, a callee or an attribute) and defs by name
    for (const id of this.root.descendantsOfType('identifier')) {
      if (!id) continue;
      const parent = id.parent;
      if (parent?.type === 'function_definition' && parent.childForFieldName('name')?.id === id.id) {
        mentions.set(`def ${id.text}`, (mentions.get(`def ${id.text}`) ?? 0) + 1);
      }
      if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
      mentions.set(id.text, (mentions.get(id.text) ?? 0) + 1);
    }
    this.index = { byName, byAttribute, mentions };
    return this.index;
  }
}

/** Decorators that keep a method's call shape: `@staticmethod` is handled by the caller, these are not. */
function isPlainMethodDecorator(decorated: Node): boolean {
  return namedChildren(decorated)
    .filter((d) => d.type === 'decorator')
    .every((d) => /^@\s*(?:functools\.)?(?:lru_cache|cache)\b/.test(d.text));
}
