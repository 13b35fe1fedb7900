// Scopes and the names bound in them, collected in one pass by analyze.ts.
import type { Node } from './parser.js';

export type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension';

export type BindingKind =
  | 'assign' // x = value, x: T = value, x: T
  | 'augassign' // x += value
  | 'for' // for x in ..., comprehension targets
  | 'param' // def f(x: T = default)
  | 'import' // import x / from m import x
  | 'def' // def x / class x
  | 'with' // with ... as x
  | 'except' // except E as x
  | 'walrus' // (x := value)
  | 'del' // del x
  | 'other'; // match captures and the rest: value unknown

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The node that binds: the assignment statement, parameter, for statement ... */
  site: Node;
  /** The assigned value, when the binding has one that can be read. */
  value?: Node;
  /** The annotation of an annotated assignment or parameter. */
  annotation?: Node;
  /** For imports: the dotted name the binding stands for (`np` -> `numpy`). */
  qualified?: string;
  scope: Scope;
}

export class Scope {
  readonly bindings = new Map<string, Binding[]>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  /** Class scopes: `self.<attr> = value` bindings made in the class's methods. */
  readonly attributes = new Map<string, Binding[]>();
  /** Function scopes: the name of the first parameter when this is a method (usually `self`). */
  selfName?: string;

  constructor(
    readonly kind: ScopeKind,
    readonly node: Node,
    readonly parent: Scope | undefined,
  ) {}

  bind(binding: Binding): void {
    const list = this.bindings.get(binding.name);
    if (list) list.push(binding);
    else this.bindings.set(binding.name, [binding]);
  }

  bindAttribute(binding: Binding): void {
    const list = this.attributes.get(binding.name);
    if (list) list.push(binding);
    else this.attributes.set(binding.name, [binding]);
  }

  /** The scope whose binding of `name` a read in this scope sees (Python's LEGB, classes skipped). */
  resolve(name: string): Scope | undefined {
    if (this.globals.has(name)) return this.root();
    let scope: Scope | undefined = this;
    let first = true;
    while (scope) {
      const skip = !first && scope.kind === 'class';
      if (!skip && scope.bindings.has(name) && !(scope !== this && scope.globals.has(name))) return scope;
      first = false;
      scope = scope.parent;
    }
    return undefined;
  }

  root(): Scope {
    let scope: Scope = this;
    while (scope.parent) scope = scope.parent;
    return scope;
  }

  /** The nearest enclosing function-like scope (function or lambda), or the module. */
  functionScope(): Scope {
    let scope: Scope = this;
    while (scope.kind === 'comprehension' && scope.parent) scope = scope.parent;
    return scope;
  }

  /** The class a method scope belongs to, when this function is defined directly in a class body. */
  enclosingClass(): Scope | undefined {
    return this.kind === 'function' && this.parent?.kind === 'class' ? this.parent : undefined;
  }
}
