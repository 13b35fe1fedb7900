// Row-by-row pandas code (`for _, row in df.iterrows()`, `df.itertuples()`, `df.apply(f, axis=1)`):
// the column expression that computes the same values, when it follows from the per-row code
// alone (`row["price"] * row["qty"]` -> `df["price"] * df["qty"]`).
import type { FileFacts } from './facts.js';
import type { Node } from './parser.js';
import { callArguments, comparison, namedChildren, statements, stringLiteral, unparen } from './syntax.js';

export interface RowScope {
  facts: FileFacts;
  /** The name a row is bound to. */
  row: string;
  /** The index label of the row, when the code binds it (`for i, row in df.iterrows()`). */
  label?: string;
  /** Source text of the frame (`df`, `self.orders`). */
  frame: string;
  /** The loop (or lambda/def) whose rebinding names are not loop-invariant. */
  owner: Node;
}

const MATH_UFUNCS: Record<string, string> = {
  'math.sqrt': 'sqrt', 'math.exp': 'exp', 'math.log10': 'log10', 'math.log2': 'log2', 'math.log1p': 'log1p',
  'math.floor': 'floor', 'math.ceil': 'ceil', 'math.fabs': 'abs', abs: 'abs',
};

/** Column methods of the `.str` accessor that a per-row `str` method becomes. */
const STR_METHODS = new Set(['lower', 'upper', 'strip', 'lstrip', 'rstrip', 'startswith', 'endswith', 'replace', 'title', 'len', 'contains']);

const COLLECTIONS = new Set(['list', 'tuple', 'dict', 'set', 'ndarray', 'Series', 'DataFrame']);

/** The column form of a per-row expression, or undefined when there is none to derive. */
export function columnExpression(s: RowScope, expr: Node): string | undefined {
  const node = unparen(expr);
  const paren = (t: string | undefined) => (t !== undefined && expr.type === 'parenthesized_expression' ? `(${t})` : t);
  switch (node.type) {
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'string':
      return node.type === 'string' && stringLiteral(node) === undefined ? undefined : node.text;
    case 'identifier': {
      if (node.text === s.row || node.text === s.label) return undefined;
      if (rebound(s, node.text)) return undefined;
      return COLLECTIONS.has(s.facts.bindings.kindOf(node)) ? undefined : node.text;
    }
    case 'subscript': {
      const value = unparen(node.childForFieldName('value')!);
      const keys = node.childrenForFieldName('subscript');
      const key = keys.length === 1 ? keys[0] : null;
      if (value.type !== 'identifier' || value.text !== s.row || !key) return undefined;
      const k = unparen(key);
      if (k.type === 'string' && stringLiteral(k) !== undefined) return `${s.frame}[${k.text}]`;
      if (k.type === 'identifier' && !rebound(s, k.text) && s.facts.bindings.kindOf(k) === 'str') return `${s.frame}[${k.text}]`;
      return undefined;
    }
    case 'attribute': {
      const object = unparen(node.childForFieldName('object')!);
      const attr = node.childForFieldName('attribute')!.text;
      if (object.type !== 'identifier' || object.text !== s.row) return undefined;
      if (attr === 'Index') return `${s.frame}.index`;
      return /^[A-Za-z_]\w*$/.test(attr) && !attr.startsWith('_') ? `${s.frame}["${attr}"]` : undefined;
    }
    case 'binary_operator': {
      const l = columnExpression(s, node.childForFieldName('left')!);
      const r = columnExpression(s, node.childForFieldName('right')!);
      return l !== undefined && r !== undefined ? paren(`${l} ${node.childForFieldName('operator')!.type} ${r}`) : undefined;
    }
    case 'unary_operator': {
      const arg = columnExpression(s, node.childForFieldName('argument')!);
      return arg !== undefined ? paren(`${node.childForFieldName('operator')!.type}${arg}`) : undefined;
    }
    case 'not_operator': {
      const arg = columnExpression(s, node.childForFieldName('argument')!);
      return arg !== undefined ? `~(${arg})` : undefined;
    }
    case 'boolean_operator': {
      const l = columnExpression(s, node.childForFieldName('left')!);
      const r = columnExpression(s, node.childForFieldName('right')!);
      const op = node.childForFieldName('operator')?.type === 'and' ? '&' : '|';
      return l !== undefined && r !== undefined ? paren(`(${l}) ${op} (${r})`) : undefined;
    }
    case 'comparison_operator': {
      const cmp = comparison(node);
      if (!cmp || !['<', '>', '<=', '>=', '==', '!='].includes(cmp.op)) return undefined;
      const l = columnExpression(s, cmp.left);
      const r = columnExpression(s, cmp.right);
      return l !== undefined && r !== undefined ? paren(`${l} ${cmp.op} ${r}`) : undefined;
    }
    case 'conditional_expression': {
      const [a, c, b] = namedChildren(node).map((p) => columnExpression(s, p));
      return a !== undefined && b !== undefined && c !== undefined ? `np.where(${c}, ${a}, ${b})` : undefined;
    }
    case 'call':
      return columnCall(s, node);
    default:
      return undefined;
  }
}

function columnCall(s: RowScope, call: Node): string | undefined {
  const { positional, keywords, starred } = callArguments(call);
  if (starred || keywords.size > 0) return undefined;
  const name = s.facts.bindings.calleeQualifiedName(call);
  const args = positional.map((p) => columnExpression(s, p));
  if (args.some((a) => a === undefined)) return undefined;
  if (name && MATH_UFUNCS[name] && args.length === 1) return `np.${MATH_UFUNCS[name]}(${args[0]})`;
  if ((name === 'min' || name === 'max') && args.length === 2) return `np.${name === 'min' ? 'minimum' : 'maximum'}(${args.join(', ')})`;
  if (name === 'round' && args.length >= 1) return `${args[0]}.round(${args.slice(1).join(', ')})`;
  // `row["name"].lower()`: the `.str` accessor of the column
  const fn = call.childForFieldName('function');
  if (fn?.type === 'attribute') {
    const method = fn.childForFieldName('attribute')!.text;
    const receiver = fn.childForFieldName('object')!;
    const r = unparen(receiver);
    const column = r.type === 'subscript' || r.type === 'attribute' ? columnExpression(s, r) : undefined;
    if (column !== undefined && column.startsWith(`${s.frame}[`) && STR_METHODS.has(method)) return `${column}.str.${method}(${args.join(', ')})`;
  }
  return undefined;
}

function rebound(s: RowScope, name: string): boolean {
  if (s.owner.type === 'for_statement') return s.facts.loops.assignedIn(s.owner).names.has(name);
  // a lambda or def: its own parameters and locals are per row
  return s.facts.scopeOf(s.owner).resolve(name) === s.facts.scopeFor(s.owner);
}

/**
 * The column statements a row loop's body becomes: `totals.append(E)` -> `totals = (E').tolist()`,
 * `total += E` -> `total += (E').sum()`, `df.at[i, "c"] = E` -> `df["c"] = E'`, each optionally
 * under one `if`. Undefined when some statement does something else.
 */
export function columnStatements(s: RowScope, loop: Node): string[] | undefined {
  const out: string[] = [];
  for (const stmt of statements(loop.childForFieldName('body'))) {
    let mask: string | undefined;
    let inner = stmt;
    if (stmt.type === 'if_statement') {
      const body = statements(stmt.childForFieldName('consequence'));
      if (stmt.childForFieldName('alternative') || body.length !== 1) return undefined;
      mask = columnExpression(s, stmt.childForFieldName('condition')!);
      if (mask === undefined) return undefined;
      inner = body[0];
    }
    const line = columnStatement(s, inner, mask);
    if (!line) return undefined;
    out.push(line);
  }
  return out.length > 0 ? out : undefined;
}

function columnStatement(s: RowScope, stmt: Node, mask: string | undefined): string | undefined {
  if (stmt.type !== 'expression_statement') return undefined;
  const expr = namedChildren(stmt)[0];
  const masked = (e: string) => (mask ? `(${e})[${mask}]` : `(${e})`);
  if (expr?.type === 'call') {
    // `values.append(E)`
    const fn = expr.childForFieldName('function');
    const args = callArguments(expr).positional;
    if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')!.text !== 'append' || args.length !== 1) return undefined;
    const list = unparen(fn.childForFieldName('object')!);
    if (list.type !== 'identifier' || s.facts.bindings.kindOf(list) !== 'list') return undefined;
    const e = columnExpression(s, args[0]);
    return e === undefined ? undefined : `${list.text}.extend(${masked(e)}.tolist())`;
  }
  if (expr?.type === 'augmented_assignment' && expr.childForFieldName('operator')?.type === '+=') {
    const acc = unparen(expr.childForFieldName('left')!);
    const right = expr.childForFieldName('right')!;
    if (acc.type !== 'identifier') return undefined;
    if (mask && unparen(right).text === '1') return `${acc.text} += int((${mask}).sum())`;
    const e = columnExpression(s, right);
    return e === undefined || !e.includes(`${s.frame}[`) ? undefined : `${acc.text} += ${masked(e)}.sum()`;
  }
  if (expr?.type === 'assignment') {
    // `df.at[i, "c"] = E` / `df.loc[i, "c"] = E` on the row's own label
    const left = unparen(expr.childForFieldName('left')!);
    const e = columnExpression(s, expr.childForFieldName('right')!);
    if (e === undefined || left.type !== 'subscript') return undefined;
    const indexer = unparen(left.childForFieldName('value')!);
    const keys = left.childrenForFieldName('subscript').filter((n): n is Node => n !== null);
    if (indexer.type !== 'attribute' || !['at', 'loc'].includes(indexer.childForFieldName('attribute')!.text)) return undefined;
    if (unparen(indexer.childForFieldName('object')!).text !== s.frame) return undefined;
    const [label, column] = keys.length === 2 ? keys : keys.length === 1 && unparen(keys[0]).type === 'tuple' ? namedChildren(unparen(keys[0])) : [];
    const isLabel = label && (label.text === s.label || label.text === `${s.row}.Index`);
    if (!isLabel || !column || unparen(column).type !== 'string') return undefined;
    return mask ? `${s.frame}.loc[${mask}, ${column.text}] = ${e}` : `${s.frame}[${column.text}] = ${e}`;
  }
  return undefined;
}
