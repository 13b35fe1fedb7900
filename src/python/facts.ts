// Everything a rule may ask about one parsed file, built by one tree walk.
import { walkTree, type ScopeSpan } from './analyze.js';
import { BindingFacts } from './bindings.js';
import { CallSites } from './call-sites.js';
import { LoopFacts } from './loops.js';
import { ScaleFacts } from './scale.js';
import type { Node, Tree } from './parser.js';
import type { ObservedKinds } from './runtime-kinds.js';
import type { Scope } from './scopes.js';

export class FileFacts {
  readonly module: Scope;
  readonly bindings: BindingFacts;
  readonly loops: LoopFacts;
  /** Where the module's own functions are called (for kinds across functions). */
  readonly calls: CallSites;
  /** Nodes of the types rules visit, in document order. */
  readonly visits: Node[];
  /** The type of each node in `visits`. */
  readonly visitedTypes: string[];
  readonly firstError?: Node;
  private readonly scopes: Map<number, Scope>;
  private scaleFacts?: ScaleFacts;
  private readonly spans: ScopeSpan[];

  constructor(
    readonly tree: Tree,
    readonly text: string,
    visitTypes: ReadonlySet<string>,
    observed?: ObservedKinds,
  ) {
    const walked = walkTree(tree, visitTypes);
    this.module = walked.module;
    this.scopes = walked.scopes;
    this.spans = walked.spans;
    this.visits = walked.visits;
    this.visitedTypes = walked.visitedTypes;
    this.firstError = walked.firstError;
    this.loops = new LoopFacts(walked.regions);
    this.calls = new CallSites(tree.rootNode, (node) => this.scopeOf(node), (node) => this.scopeFor(node));
    this.bindings = new BindingFacts((node) => this.scopeOf(node), this.calls, observed);
  }

  /** Evidence of scale (how many items a loop or collection has), built on first use. */
  get scale(): ScaleFacts {
    this.scaleFacts ??= new ScaleFacts({
      scopeOf: (node) => this.scopeOf(node),
      calleeQualifiedName: (call) => this.bindings.calleeQualifiedName(call),
    });
    return this.scaleFacts;
  }

  /**
   * The innermost scope that contains `node` (a def's own name and params resolve inside it).
   * Found from offsets, not by climbing `parent` (a WebAssembly call per step): rules ask this
   * for nearly every call and name.
   */
  scopeOf(node: Node): Scope {
    const spans = this.spans;
    const at = node.startIndex;
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (spans[mid].start <= at) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i > 0; i = spans[i].parent) {
      const span = spans[i];
      if (span.end <= at) continue;
      // A node that starts where a scope starts may be that scope's node or enclose it.
      if (span.start === at) return this.scopeByClimbing(node);
      return span.scope;
    }
    return this.module;
  }

  private scopeByClimbing(node: Node): Scope {
    let current: Node | null = node.parent;
    while (current) {
      const scope = this.scopes.get(current.id);
      if (scope) return scope;
      current = current.parent;
    }
    return this.module;
  }

  /** The scope a scope-creating node (def, class, lambda, comprehension) opens. */
  scopeFor(node: Node): Scope | undefined {
    return this.scopes.get(node.id);
  }

  /** The innermost function definition containing `node`, if any. */
  enclosingFunction(node: Node): Node | undefined {
    let current = node.parent;
    while (current) {
      if (current.type === 'function_definition') return current;
      current = current.parent;
    }
    return undefined;
  }
}
