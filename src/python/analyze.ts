// One walk over the tree: builds the scopes with their bindings and collects the nodes that
// rules asked to visit, so no rule ever walks the whole tree itself.
import type { Node, Tree } from './parser.js';
import { pythonLanguage } from './parser.js';
import { Query } from 'web-tree-sitter';
import { Scope, type Binding, type BindingKind, type ScopeKind } from './scopes.js';
import { COMPREHENSION_TYPES, field, namedChildren, unparen } from './syntax.js';

export interface WalkResult {
  module: Scope;
  /** Scope of each scope-creating node, keyed by node id. */
  scopes: Map<number, Scope>;
  /** Every scope with its offsets, in document order (the module first). */
  spans: ScopeSpan[];
  /** Nodes of the requested types, in document order, outside ERROR subtrees. */
  visits: Node[];
  /** The type of each node in `visits` (asking a node its type is a call into WebAssembly). */
  visitedTypes: string[];
  /** The first ERROR or MISSING node, when the source does not parse. */
  firstError?: Node;
  /** Loops and the scopes a loop climb stops at, in document order with their offsets. */
  regions: Region[];
}

/**
 * A loop (`for`, `while`, a comprehension) or a boundary (def, lambda, class) with its offsets
 * and the index of the innermost region around it (-1 at the top), so loop questions are
 * answered from offsets instead of climbing `parent` (a WebAssembly call per step).
 */
export interface Region {
  node: Node;
  /** 'boundary' for def, lambda and class. */
  kind: 'for' | 'while' | 'comprehension' | 'boundary';
  start: number;
  end: number;
  parent: number;
}

const REGION_KIND: Record<string, Region['kind']> = {
  for_statement: 'for',
  while_statement: 'while',
  list_comprehension: 'comprehension',
  set_comprehension: 'comprehension',
  dictionary_comprehension: 'comprehension',
  generator_expression: 'comprehension',
  function_definition: 'boundary',
  lambda: 'boundary',
  class_definition: 'boundary',
};

const SCOPE_KIND: Record<string, ScopeKind> = {
  module: 'module',
  class_definition: 'class',
  function_definition: 'function',
  lambda: 'lambda',
  list_comprehension: 'comprehension',
  set_comprehension: 'comprehension',
  dictionary_comprehension: 'comprehension',
  generator_expression: 'comprehension',
};

/** Node types whose bindings the walk records. */
const BINDING_TYPES = [
  'assignment',
  'augmented_assignment',
  'for_statement',
  'named_expression',
  'import_statement',
  'import_from_statement',
  'global_statement',
  'nonlocal_statement',
  'with_item',
  'except_clause',
  'delete_statement',
];

export interface ScopeSpan {
  scope: Scope;
  start: number;
  end: number;
  /** Index of the enclosing scope's span (-1 for the module). */
  parent: number;
}

export function walkTree(tree: Tree, visitTypes: ReadonlySet<string>): WalkResult {
  const plan = walkPlan(visitTypes);
  const root = tree.rootNode;
  const module = new Scope('module', root, undefined);
  const scopes = new Map<number, Scope>([[root.id, module]]);
  const visits: Node[] = [];
  const visitedTypes: string[] = [];
  const typeNames = tree.language.types;
  const errors = root.hasError ? errorNodes(tree) : [];
  const firstError = errors[0];

  // Open scopes and ERROR subtrees, closed when the walk passes their end.
  const open: { end: number; scope: Scope; span: number }[] = [{ end: root.endIndex, scope: module, span: 0 }];
  const spans: ScopeSpan[] = [{ scope: module, start: 0, end: root.endIndex, parent: -1 }];
  let nextError = 0;
  let errorEnd = -1;
  const regions: Region[] = [];
  const openRegions: number[] = [];

  // The C side walks the whole tree and hands back only the nodes of interest, in document
  // order (an enclosing node first). A cursor walk that asks WebAssembly about every node
  // costs more than the parse itself.
  for (const node of root.descendantsOfType(plan.types)) {
    const typeId = node.typeId;
    const role = plan.roles[typeId] ?? 0;
    if (role === 0) continue; // an anonymous token that shares a name (`lambda`, `await`)
    const start = node.startIndex;
    while (open.length > 1 && start >= open[open.length - 1].end) open.pop();
    if (errorEnd >= 0 && start >= errorEnd) errorEnd = -1;
    while (nextError < errors.length && errors[nextError].startIndex <= start) {
      const error = errors[nextError++];
      if (error.isError) errorEnd = Math.max(errorEnd, error.endIndex);
    }
    const scope = open[open.length - 1].scope;
    if (role & ROLE_REGION) {
      while (openRegions.length > 0 && start >= regions[openRegions[openRegions.length - 1]].end) openRegions.pop();
      const parent = openRegions.length > 0 ? openRegions[openRegions.length - 1] : -1;
      regions.push({ node, kind: REGION_KIND[node.type], start, end: node.endIndex, parent });
      openRegions.push(regions.length - 1);
    }

    if (role & ROLE_VISIT && (errorEnd < 0 || start >= errorEnd)) {
      visits.push(node);
      visitedTypes.push(typeNames[typeId]);
    }
    if (role & ROLE_BINDING) recordBindings(node, scope);
    if (role & ROLE_SCOPE && node.id !== root.id) {
      const inner = openScope(node, scope);
      const end = node.endIndex;
      scopes.set(node.id, inner);
      spans.push({ scope: inner, start, end, parent: open[open.length - 1].span });
      open.push({ end, scope: inner, span: spans.length - 1 });
    }
  }
  return { module, scopes, spans, visits, visitedTypes, firstError, regions };
}

const ROLE_SCOPE = 1;
const ROLE_BINDING = 2;
const ROLE_VISIT = 4;
const ROLE_REGION = 8;

interface WalkPlan {
  types: string[];
  /** Role bits by named node type id; anonymous ids stay 0. */
  roles: number[];
}

const plans = new Map<string, WalkPlan>();

function walkPlan(visitTypes: ReadonlySet<string>): WalkPlan {
  const key = [...visitTypes].sort().join(' ');
  const cached = plans.get(key);
  if (cached) return cached;
  const language = pythonLanguage();
  const roles: number[] = [];
  const types = new Set<string>();
  const add = (type: string, role: number) => {
    const id = language.idForNodeType(type, true);
    if (id === null || id === undefined) return;
    types.add(type);
    roles[id] = (roles[id] ?? 0) | role;
  };
  for (const type of Object.keys(SCOPE_KIND)) add(type, ROLE_SCOPE);
  for (const type of BINDING_TYPES) add(type, ROLE_BINDING);
  for (const type of visitTypes) add(type, ROLE_VISIT);
  for (const type of Object.keys(REGION_KIND)) add(type, ROLE_REGION);
  const plan = { types: [...types], roles };
  plans.set(key, plan);
  return plan;
}

let errorQuery: Query | undefined;

/** ERROR and MISSING nodes in document order; only asked for when the tree has any. */
function errorNodes(tree: Tree): Node[] {
  errorQuery ??= new Query(pythonLanguage(), '(ERROR) @error (MISSING) @missing');
  return errorQuery.captures(tree.rootNode).map((c) => c.node);
}

function openScope(node: Node, outer: Scope): Scope {
  const kind = SCOPE_KIND[node.type];
  const scope = new Scope(kind, node, outer);
  if (kind === 'function' || kind === 'class') {
    const name = node.childForFieldName('name');
    if (name) outer.bind({ name: name.text, kind: 'def', site: node, scope: outer });
  }
  if (kind === 'function' || kind === 'lambda') {
    const params = node.childForFieldName('parameters');
    if (params) bindParameters(params, scope);
    if (kind === 'function' && outer.kind === 'class' && !isStaticMethod(node)) {
      const first = params ? namedChildren(params)[0] : undefined;
      const firstName = first ? parameterName(first) : undefined;
      if (firstName) scope.selfName = firstName;
    }
  }
  if (kind === 'comprehension') {
    for (const clause of namedChildren(node)) {
      if (clause.type !== 'for_in_clause') continue;
      const left = clause.childForFieldName('left');
      if (left) bindTargets(left, scope, 'for', clause, undefined);
    }
  }
  return scope;
}

function isStaticMethod(fn: Node): boolean {
  const parent = fn.parent;
  if (parent?.type !== 'decorated_definition') return false;
  return namedChildren(parent).some((d) => d.type === 'decorator' && /\bstaticmethod\b/.test(d.text));
}

function parameterName(param: Node): string | undefined {
  if (param.type === 'identifier') return param.text;
  const name = param.childForFieldName('name') ?? namedChildren(param).find((c) => c.type === 'identifier');
  return name?.type === 'identifier' ? name.text : undefined;
}

function bindParameters(params: Node, scope: Scope): void {
  for (const param of namedChildren(params)) {
    let nameNode: Node | undefined;
    let annotation: Node | undefined;
    let value: Node | undefined;
    switch (param.type) {
      case 'identifier':
        nameNode = param;
        break;
      case 'typed_parameter':
        nameNode = namedChildren(param).find((c) => c.type === 'identifier');
        annotation = param.childForFieldName('type') ?? undefined;
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        nameNode = param.childForFieldName('name') ?? undefined;
        annotation = param.childForFieldName('type') ?? undefined;
        value = param.childForFieldName('value') ?? undefined;
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        nameNode = namedChildren(param).find((c) => c.type === 'identifier');
        break;
      default:
        break;
    }
    if (nameNode?.type === 'identifier') {
      const isSplat = param.type.endsWith('splat_pattern') || /^\*/.test(param.text);
      scope.bind({
        name: nameNode.text,
        kind: isSplat ? 'other' : 'param',
        site: param,
        value,
        annotation,
        scope,
      });
    }
  }
}

/** Binds every name in an assignment target (`a`, `a, b`, `[a, *b]`); attributes on `self` go to the class. */
function bindTargets(target: Node, scope: Scope, kind: BindingKind, site: Node, value: Node | undefined, annotation?: Node): void {
  const t = unparen(target);
  switch (t.type) {
    case 'identifier':
      bindName(t.text, scope, kind, site, value, annotation);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list': {
      const items = namedChildren(t);
      const values = value ? tupleItems(value) : undefined;
      const pairs = values && values.length === items.length && !items.some((i) => i.type === 'list_splat_pattern');
      items.forEach((item, i) => bindTargets(item, scope, kind, site, pairs ? values[i] : undefined));
      return;
    }
    case 'list_splat_pattern':
    case 'list_splat': {
      const inner = namedChildren(t)[0];
      if (inner) bindTargets(inner, scope, 'other', site, undefined);
      return;
    }
    case 'attribute': {
      const object = t.childForFieldName('object');
      const attr = t.childForFieldName('attribute');
      if (!object || !attr || object.type !== 'identifier') return;
      const fnScope = scope.functionScope();
      const cls = fnScope.enclosingClass();
      if (cls && fnScope.selfName === object.text) {
        cls.bindAttribute({ name: attr.text, kind, site, value, annotation, scope: cls });
      }
      return;
    }
    default:
      return; // subscripts and the like mutate, they do not bind
  }
}

function tupleItems(value: Node): Node[] | undefined {
  const v = unparen(value);
  if (v.type === 'tuple' || v.type === 'expression_list' || v.type === 'list') return namedChildren(v);
  return undefined;
}

function bindName(name: string, scope: Scope, kind: BindingKind, site: Node, value?: Node, annotation?: Node): void {
  // `global x` / `nonlocal x` send the binding to the scope that owns the name.
  let target = scope;
  if (scope.globals.has(name)) target = scope.root();
  else if (scope.nonlocals.has(name)) target = nonlocalOwner(scope, name) ?? scope;
  target.bind({ name, kind, site, value, annotation, scope: target });
}

function nonlocalOwner(scope: Scope, name: string): Scope | undefined {
  let s = scope.parent;
  while (s && s.kind !== 'module') {
    if (s.kind !== 'class' && s.bindings.has(name)) return s;
    s = s.parent;
  }
  return undefined;
}

function recordBindings(node: Node, scope: Scope): void {
  switch (node.type) {
    case 'assignment': {
      const left = field(node, 'left');
      let right = field(node, 'right') ?? undefined;
      while (right?.type === 'assignment') right = right.childForFieldName('right') ?? undefined;
      const annotation = field(node, 'type') ?? undefined;
      if (left) bindTargets(left, scope, 'assign', node, right, annotation);
      return;
    }
    case 'augmented_assignment': {
      const left = field(node, 'left');
      const right = field(node, 'right') ?? undefined;
      if (left) bindTargets(left, scope, 'augassign', node, right);
      return;
    }
    case 'for_statement': {
      const left = field(node, 'left');
      if (left) bindTargets(left, scope, 'for', node, undefined);
      return;
    }
    case 'named_expression': {
      const name = node.childForFieldName('name');
      const value = node.childForFieldName('value') ?? undefined;
      // PEP 572: a walrus in a comprehension binds in the enclosing function.
      if (name) bindName(name.text, scope.functionScope(), 'walrus', node, value);
      return;
    }
    case 'import_statement':
      for (const item of namedChildren(node)) bindImport(item, undefined, scope, node);
      return;
    case 'import_from_statement': {
      const moduleNode = node.childForFieldName('module_name');
      const from = moduleNode?.text ?? '';
      for (const item of node.childrenForFieldName('name')) if (item) bindImport(item, from, scope, node);
      return;
    }
    case 'global_statement':
      for (const id of namedChildren(node)) if (id.type === 'identifier') scope.globals.add(id.text);
      return;
    case 'nonlocal_statement':
      for (const id of namedChildren(node)) if (id.type === 'identifier') scope.nonlocals.add(id.text);
      return;
    case 'with_item': {
      const value = node.childForFieldName('value');
      if (value?.type === 'as_pattern') {
        const alias = value.childForFieldName('alias');
        const target = alias ? namedChildren(alias)[0] ?? alias : undefined;
        if (target) bindTargets(target, scope, 'with', node, undefined);
      }
      return;
    }
    case 'except_clause': {
      const pattern = namedChildren(node).find((c) => c.type === 'as_pattern');
      const alias = pattern?.childForFieldName('alias');
      const target = alias ? namedChildren(alias)[0] ?? alias : undefined;
      if (target?.type === 'identifier') bindName(target.text, scope, 'except', node);
      return;
    }
    case 'delete_statement':
      for (const target of namedChildren(node)) {
        const items = target.type === 'expression_list' ? namedChildren(target) : [target];
        for (const item of items) if (item.type === 'identifier') bindName(item.text, scope, 'del', node);
      }
      return;
    default:
      return;
  }
}

function bindImport(item: Node, from: string | undefined, scope: Scope, site: Node): void {
  if (item.type === 'wildcard_import') return;
  if (item.type === 'aliased_import') {
    const name = item.childForFieldName('name');
    const alias = item.childForFieldName('alias');
    if (!name || !alias) return;
    const qualified = from !== undefined ? `${from}.${name.text}` : name.text;
    scope.bind({ name: alias.text, kind: 'import', site, qualified, scope });
    return;
  }
  if (item.type !== 'dotted_name') return;
  if (from !== undefined) {
    scope.bind({ name: item.text, kind: 'import', site, qualified: `${from}.${item.text}`, scope });
  } else {
    // `import a.b` binds `a`, which stands for the package `a`.
    const first = item.text.split('.')[0];
    scope.bind({ name: first, kind: 'import', site, qualified: first, scope });
  }
}

export { COMPREHENSION_TYPES };
