// Control-flow questions about one loop that several rules ask: does a statement end the loop
// right after it runs, and does the loop give an accumulator a fresh value on some iteration.
import type { Node } from './parser.js';
import { namedChildren, unparen } from './syntax.js';

const BLOCK_TYPES = new Set(['block', 'module']);
const EXITS = new Set(['break_statement', 'return_statement', 'raise_statement']);
const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/** The statement that contains `node` directly in a block (or the module). */
export function statementOf(node: Node): Node | undefined {
  let current: Node | null = node;
  while (current?.parent) {
    if (BLOCK_TYPES.has(current.parent.type)) return current;
    current = current.parent;
  }
  return undefined;
}

/**
 * True when `node`, once evaluated inside `loop`, is always followed by leaving the loop
 * (it sits in a `return`/`raise`, or a `break`/`return`/`raise` follows it in its block or in an
 * enclosing block of the loop body): it then runs at most once per entry into the loop.
 */
export function exitsLoopAfter(node: Node, loop: Node): boolean {
  if (loop.type !== 'for_statement' && loop.type !== 'while_statement') return false;
  let current: Node = node;
  for (;;) {
    const statement = statementOf(current);
    if (!statement || (statement.startIndex <= loop.startIndex && statement.endIndex >= loop.endIndex)) return false;
    if (statement.type === 'return_statement' || statement.type === 'raise_statement') return true;
    if (statement.type === 'break_statement') return true;
    const block = statement.parent!;
    const later = namedChildren(block).filter((s) => s.startIndex > statement.startIndex);
    if (later.some((s) => EXITS.has(s.type))) return true;
    // climbing past a nested loop would mean `node` repeats inside it: the caller asked about `loop`
    const owner = block.parent;
    if (!owner || owner.id === loop.id) return false;
    if (owner.type === 'for_statement' || owner.type === 'while_statement') return false;
    current = owner;
  }
}

/** Text of an assignment target with whitespace removed, for comparing `self.x` with `self. x`. */
export function targetKey(node: Node): string {
  return unparen(node).text.replace(/\s+/g, '');
}

/** True when `expr` reads the target spelled `key` (as a name, attribute or subscript). */
export function reads(expr: Node, key: string): boolean {
  const stack: Node[] = [expr];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if ((current.type === 'identifier' || current.type === 'attribute' || current.type === 'subscript') && targetKey(current) === key) {
      return true;
    }
    if (current.type === 'attribute') {
      // `cookie.domain` reads `cookie`, not a variable named `domain`
      const object = current.childForFieldName('object');
      if (object) stack.push(object);
      continue;
    }
    if (current.type === 'keyword_argument') {
      const value = current.childForFieldName('value');
      if (value) stack.push(value);
      continue;
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  return false;
}

/**
 * True when the part of `loop` that repeats gives the target spelled `key` a value that does
 * not derive from its previous one (`s = ""`, `for s in ...`): the target is then reset between
 * iterations and does not grow across the whole loop.
 */
export function resetsIn(loop: Node, key: string): boolean {
  const roots: Node[] = [];
  for (const field of ['body', 'condition']) {
    const child = loop.childForFieldName(field);
    if (child) roots.push(child);
  }
  const stack = [...roots];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (NESTED_SCOPES.has(current.type)) continue;
    if (current.type === 'assignment') {
      const left = current.childForFieldName('left');
      const right = current.childForFieldName('right');
      if (left && targetsOf(left).includes(key) && !(right && reads(right, key)) && !seedsEmpty(current, key, loop)) return true;
    } else if (current.type === 'for_statement') {
      const left = current.childForFieldName('left');
      if (left && targetsOf(left).includes(key)) return true;
    } else if (current.type === 'named_expression') {
      const name = current.childForFieldName('name');
      const value = current.childForFieldName('value');
      if (name?.text === key && !(value && reads(value, key))) return true;
    } else if (current.type === 'delete_statement') {
      if (namedChildren(current).some((t) => targetsOf(t).includes(key))) return true;
    }
    for (const child of current.namedChildren) if (child) stack.push(child);
  }
  // `for s in ...` on the loop itself rebinds the name each time
  const left = loop.childForFieldName('left');
  return !!left && loop.type === 'for_statement' && targetsOf(left).includes(key);
}

/**
 * `if acc is None: acc = first` (or `if not acc:`): the first piece seeds an accumulator that
 * started empty; later iterations grow it, so this is no reset.
 */
function seedsEmpty(assignment: Node, key: string, loop: Node): boolean {
  let branch: Node | null = assignment.parent;
  while (branch && branch.type !== 'block') branch = branch.parent;
  const owner = branch?.parent;
  if (!owner || owner.id === loop.id || owner.type !== 'if_statement' || owner.childForFieldName('consequence')?.id !== branch!.id) return false;
  const condition = owner.childForFieldName('condition');
  const text = condition ? unparen(condition).text.replace(/\s+/g, ' ') : '';
  const name = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^(?:${name} is None|${name} == None|not ${name}|len\\(${name}\\) == 0)$`).test(text);
}

function targetsOf(target: Node): string[] {
  const t = unparen(target);
  if (t.type === 'pattern_list' || t.type === 'tuple_pattern' || t.type === 'list_pattern' || t.type === 'tuple' || t.type === 'list' || t.type === 'expression_list') {
    return namedChildren(t).flatMap(targetsOf);
  }
  if (t.type === 'list_splat_pattern' || t.type === 'list_splat') return namedChildren(t).flatMap(targetsOf);
  return [targetKey(t)];
}
