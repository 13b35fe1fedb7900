// Kinds the static facts cannot tell, asked of the run instead (issue 8, "types across functions"):
// a membership test, a front pop or a list search in a loop on a value of unknown kind is a
// candidate site; `hotspy run` records the operand's type on the hot ones while the program runs
// (hotspy_census.py), and the observed kind overlays the binding facts when the rules run again,
// so HS101 / HS107 / HS108 report with their own logic and the run's type as evidence.
import type { ValueKind } from './bindings.js';
import { FileFacts } from './facts.js';
import { parsePython, type Node } from './parser.js';
import { comparison, unparen } from './syntax.js';

export interface CandidateSite {
  /** 1-based line of the operation. */
  line: number;
  /** The operand as written, a name or a dotted path (`self.pending`): what the harness reads. */
  expression: string;
  /** `in`, `pop(0)`, `insert(0)`, `index`, `count`, `remove`. */
  operation: string;
  /** The rule that applies if the operand turns out to be a list. */
  rule: 'HS101' | 'HS107' | 'HS108';
}

/** Observed kinds by `${line}:${expression}`: consulted only where the static answer is 'unknown'. */
export type ObservedKinds = ReadonlyMap<string, ValueKind>;

export function observedKey(line: number, expression: string): string {
  return `${line}:${expression}`;
}

/** Python type names as the census records them, to the kinds the rules know. */
const KIND_OF_TYPE: Record<string, ValueKind> = {
  list: 'list',
  tuple: 'tuple',
  set: 'set',
  frozenset: 'frozenset',
  dict: 'dict',
  str: 'str',
  bytes: 'bytes',
  range: 'range',
};

/** The kind a run observed, when every observation agreed on one type the rules know. */
export function kindOfObservation(types: readonly { type: string; count: number }[]): ValueKind | undefined {
  if (types.length !== 1) return undefined;
  return KIND_OF_TYPE[types[0]!.type];
}

const SEARCH_METHODS = new Set(['index', 'count', 'remove']);
const MAX_SITES = 64;

/** A name or a dotted path of names: read by the harness without running the program's code. */
function readableOperand(node: Node): string | undefined {
  const n = unparen(node);
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') {
    const object = n.childForFieldName('object');
    const base = object ? readableOperand(object) : undefined;
    const attribute = n.childForFieldName('attribute')?.text;
    return base && attribute ? `${base}.${attribute}` : undefined;
  }
  return undefined;
}

/** The candidate sites of one file: operations in loops on operands whose kind is unknown. */
export function candidateSites(facts: FileFacts): CandidateSite[] {
  const sites: CandidateSite[] = [];
  const seen = new Set<string>();
  const add = (node: Node, operand: Node, operation: string, rule: CandidateSite['rule']) => {
    const expression = readableOperand(operand);
    if (!expression || facts.bindings.kindOf(operand) !== 'unknown') return;
    const line = unparen(operand).startPosition.row + 1;
    const key = `${observedKey(line, expression)}:${operation}`;
    if (seen.has(key) || sites.length >= MAX_SITES) return;
    seen.add(key);
    sites.push({ line, expression, operation, rule });
  };
  const pending: Node[] = [facts.tree.rootNode];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.type === 'comparison_operator') {
      const cmp = comparison(node);
      if (cmp && (cmp.op === 'in' || cmp.op === 'not in') && facts.loops.innermostLoop(node)) add(node, cmp.right, 'in', 'HS101');
    } else if (node.type === 'call') {
      const callee = node.childForFieldName('function');
      const args = node.childForFieldName('arguments');
      if (callee?.type === 'attribute' && args) {
        const method = callee.childForFieldName('attribute')?.text ?? '';
        const receiver = callee.childForFieldName('object');
        const first = args.namedChildren[0];
        const frontIndex = first?.type === 'integer' && first.text === '0';
        if (receiver && method === 'pop' && frontIndex && args.namedChildren.length === 1) add(node, receiver, 'pop(0)', 'HS107');
        else if (receiver && method === 'insert' && frontIndex && args.namedChildren.length === 2) add(node, receiver, 'insert(0)', 'HS107');
        else if (receiver && SEARCH_METHODS.has(method) && args.namedChildren.length === 1 && facts.loops.innermostLoop(node)) {
          add(node, receiver, method, 'HS108');
        }
      }
    }
    for (let i = node.namedChildren.length - 1; i >= 0; i--) pending.push(node.namedChildren[i]!);
  }
  return sites.sort((a, b) => a.line - b.line);
}

/** Candidate sites of a source text (initPython first). */
export function sourceCandidateSites(text: string): CandidateSite[] {
  const tree = parsePython(text);
  try {
    return candidateSites(new FileFacts(tree, text, new Set()));
  } finally {
    tree.delete();
  }
}
