// Loop facts: which loops repeat a node, how deep, and what each loop rebinds, so that a rule
// can ask "is this expression evaluated on every iteration, and does it change between them?".
import type { Region } from './analyze.js';
import type { Node } from './parser.js';
import { COMPREHENSION_TYPES, dottedName, namedChildren, unparen } from './syntax.js';

export type LoopKind = 'for' | 'while' | 'comprehension';

export interface Loop {
  node: Node;
  kind: LoopKind;
}

const CALL_LIKE = new Set(['call', 'await', 'yield', 'named_expression']);

/** Offsets of the parts of a loop that repeat, read from the tree once per loop. */
interface RepeatedParts {
  /** `for`: the target and the body; `while`: the condition and the body. */
  inside: [number, number][];
  /** Comprehension: the first clause's iterable, which runs once. */
  outside?: [number, number];
}

export class LoopFacts {
  private readonly assigned = new Map<number, { names: Set<string>; attributes: Set<string> }>();
  private readonly parts = new Map<number, RepeatedParts>();
  private readonly answers = new Map<number, Loop[]>();

  /** `regions`: the loops and boundaries of the file, from the one walk (see analyze.ts). */
  constructor(private readonly regions: readonly Region[] = []) {}

  /**
   * Loops that evaluate `node` on every iteration, innermost first, within the same function.
   * A `for` loop's iterable and `else` run once, so they are not inside it; nor is the first
   * iterable of a comprehension. Answered from offsets: the loops and the def/lambda/class
   * boundaries are known from the walk, so no `parent` is climbed.
   */
  enclosingLoops(node: Node): Loop[] {
    const cached = this.answers.get(node.id);
    if (cached) return cached.slice();
    const regions = this.regions;
    const start = node.startIndex;
    const end = node.endIndex;
    const loops: Loop[] = [];
    // the last region that starts at or before the node; the regions around it are on its parent chain
    let lo = 0;
    let hi = regions.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (regions[mid].start <= start) lo = mid;
      else hi = mid - 1;
    }
    for (let i = regions.length > 0 && regions[lo].start <= start ? lo : -1; i >= 0; i = regions[i].parent) {
      const region = regions[i];
      // a proper ancestor contains the node and is larger (a region never shares both ends with a descendant)
      if (region.end < end || (region.start === start && region.end === end)) continue;
      // a lambda/def/class boundary stops the climb; a comprehension is its own scope but still repeats
      if (region.kind === 'boundary') break;
      if (this.repeats(region, start, end)) loops.push({ node: region.node, kind: region.kind });
    }
    this.answers.set(node.id, loops);
    return loops.slice();
  }

  private repeats(region: Region, start: number, end: number): boolean {
    let parts = this.parts.get(region.node.id);
    if (!parts) {
      parts = repeatedParts(region);
      this.parts.set(region.node.id, parts);
    }
    if (parts.outside) return !(start >= parts.outside[0] && end <= parts.outside[1]);
    if (region.kind === 'comprehension') return true;
    return parts.inside.some(([s, e]) => start >= s && end <= e);
  }

  innermostLoop(node: Node): Loop | undefined {
    return this.enclosingLoops(node)[0];
  }

  isInsideLoop(node: Node): boolean {
    return this.innermostLoop(node) !== undefined;
  }

  /** How many loops repeat `node` (1 = a single loop). */
  depth(node: Node): number {
    return this.enclosingLoops(node).length;
  }

  /** Names (and `a.b` attribute targets) the loop rebinds in its repeated part. */
  assignedIn(loop: Node): { names: Set<string>; attributes: Set<string> } {
    let facts = this.assigned.get(loop.id);
    if (!facts) {
      facts = collectAssigned(loop);
      this.assigned.set(loop.id, facts);
    }
    return facts;
  }

  /**
   * True when `expr` has the same value on every iteration of `loop`: no name in it is rebound
   * in the loop, no attribute of it is assigned, and (unless allowed) it makes no call.
   */
  isInvariant(expr: Node, loop: Node, options: { allowCalls?: boolean } = {}): boolean {
    const { names, attributes } = this.assignedIn(loop);
    const stack: Node[] = [unparen(expr)];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (!options.allowCalls && CALL_LIKE.has(current.type)) return false;
      if (COMPREHENSION_TYPES.has(current.type) || current.type === 'lambda') return false;
      if (current.type === 'identifier') {
        if (names.has(current.text)) return false;
        continue;
      }
      if (current.type === 'attribute') {
        const dotted = dottedName(current);
        if (dotted) {
          const parts = dotted.split('.');
          if (names.has(parts[0])) return false;
          for (let i = 2; i <= parts.length; i++) if (attributes.has(parts.slice(0, i).join('.'))) return false;
          continue;
        }
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
    return true;
  }
}

export function loopKind(node: Node): LoopKind | undefined {
  if (node.type === 'for_statement') return 'for';
  if (node.type === 'while_statement') return 'while';
  if (COMPREHENSION_TYPES.has(node.type)) return 'comprehension';
  return undefined;
}

function repeatedParts(region: Region): RepeatedParts {
  const loop = region.node;
  const span = (n: Node | null): [number, number][] => (n ? [[n.startIndex, n.endIndex]] : []);
  if (region.kind === 'for') return { inside: [...span(loop.childForFieldName('body')), ...span(loop.childForFieldName('left'))] };
  if (region.kind === 'while') return { inside: [...span(loop.childForFieldName('body')), ...span(loop.childForFieldName('condition'))] };
  // comprehension: everything but the first clause's iterable
  const first = namedChildren(loop).find((c) => c.type === 'for_in_clause');
  const iterable = first?.childForFieldName('right');
  return { inside: [], outside: iterable ? [iterable.startIndex, iterable.endIndex] : undefined };
}

function collectAssigned(loop: Node): { names: Set<string>; attributes: Set<string> } {
  const names = new Set<string>();
  const attributes = new Set<string>();
  const roots: Node[] = [];
  if (loop.type === 'for_statement') {
    // the loop's own target is rebound on every iteration
    const left = loop.childForFieldName('left');
    if (left) addTargets(left, names, attributes);
    const body = loop.childForFieldName('body');
    if (body) roots.push(body);
  } else if (loop.type === 'while_statement') {
    for (const field of ['condition', 'body']) {
      const n = loop.childForFieldName(field);
      if (n) roots.push(n);
    }
  } else {
    for (const clause of namedChildren(loop)) {
      if (clause.type === 'for_in_clause') {
        const left = clause.childForFieldName('left');
        if (left) addTargets(left, names, attributes);
      }
      roots.push(clause);
    }
  }

  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    switch (node.type) {
      case 'assignment':
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        if (left) addTargets(left, names, attributes);
        break;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = node.childForFieldName('left');
        if (left) addTargets(left, names, attributes);
        break;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        if (name) names.add(name.text);
        break;
      }
      case 'as_pattern': {
        const alias = node.childForFieldName('alias');
        const target = alias ? namedChildren(alias)[0] ?? alias : undefined;
        if (target) addTargets(target, names, attributes);
        break;
      }
      case 'delete_statement':
        for (const t of namedChildren(node)) addTargets(t, names, attributes);
        break;
      case 'import_statement':
      case 'import_from_statement':
        for (const item of namedChildren(node)) {
          if (item.type === 'aliased_import') {
            const alias = item.childForFieldName('alias');
            if (alias) names.add(alias.text);
          } else if (item.type === 'dotted_name') {
            names.add(item.text.split('.')[0]);
          }
        }
        break;
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) names.add(name.text);
        continue; // a nested body binds in its own scope
      }
      case 'lambda':
        continue;
      default:
        break;
    }
    for (const child of node.namedChildren) if (child) stack.push(child);
  }
  return { names, attributes };
}

function addTargets(target: Node, names: Set<string>, attributes: Set<string>): void {
  const t = unparen(target);
  if (t.type === 'identifier') {
    names.add(t.text);
    return;
  }
  if (t.type === 'attribute') {
    const dotted = dottedName(t);
    if (dotted) attributes.add(dotted);
    return;
  }
  if (t.type === 'subscript') return;
  for (const child of namedChildren(t)) addTargets(child, names, attributes);
}
