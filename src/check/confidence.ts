// How much a finding is likely to matter, from the evidence of scale the code shows (see
// python/scale.ts): `low` when the loops that repeat the flagged code, or the collection it
// searches, are a handful of items; `high` when they come from a file, a directory or a query;
// `medium` when the code does not say. Applied here, once, to every rule's findings; the few
// rules whose cost depends on a collection rather than a loop name it in SUBJECT below.
import type { Confidence } from './finding.js';
import type { FileFacts } from '../python/facts.js';
import type { Node } from '../python/parser.js';
import type { SizeEvidence } from '../python/scale.js';
import { comparison, COMPREHENSION_TYPES, callArguments, methodCall, unparen } from '../python/syntax.js';
import { resetsIn, targetKey } from '../python/flow.js';

export type { Confidence };

export const CONFIDENCES: readonly Confidence[] = ['high', 'medium', 'low'];

const RANK: Record<Confidence, number> = { low: 0, medium: 1, high: 2 };

/** True when a finding of confidence `c` is shown at the minimum `min`. */
export function meetsConfidence(c: Confidence | undefined, min: Confidence): boolean {
  return RANK[c ?? 'medium'] >= RANK[min];
}

export interface Assessment {
  confidence: Confidence;
  evidence: string;
}

/** The lower of the assessed confidence and a rule's own cap, with the cap's reason first. */
export function capConfidence(assessed: Assessment, cap: Assessment | undefined): Assessment {
  if (!cap || RANK[cap.confidence] >= RANK[assessed.confidence]) return assessed;
  return { confidence: cap.confidence, evidence: join([cap.evidence, assessed.evidence]) };
}

/** Rules whose cost scales with a collection the flagged node names, and how to find it. */
const SUBJECT: Record<string, (node: Node) => Node | undefined> = {
  // `x in L`: the list searched
  HS101: (node) => comparison(node)?.right,
  // `L.pop(0)` / `L.insert(0, x)`: the list shifted
  HS107: (node) => (node.type === 'call' ? methodCall(node)?.receiver : undefined),
  // `L.index(x)` / `L.count(x)` / `L.remove(x)`: the list scanned
  HS108: (node) => (node.type === 'call' ? methodCall(node)?.receiver : undefined),
  // `list(y)`: the collection copied
  HS308: (node) => (node.type === 'call' ? callArguments(node).positional[0] : undefined),
  // `f.readlines()` / `list(f)`: the file read
  HS401: (node) => node,
};

/**
 * Rules whose every step costs O(size of the subject): a large loop around them says nothing of
 * the subject's size, so only a large subject makes the finding `high`.
 */
const SUBJECT_ONLY = new Set(['HS101', 'HS107', 'HS108']);

const SUBJECT_VERB: Record<string, string> = { HS107: 'shifts', HS308: 'copies', HS401: 'holds' };

/**
 * Memory and output rules: their cost is per item and matters only for large inputs, so without
 * evidence of scale they stay `low` (hidden by default) rather than flag every small list.
 */
const NEEDS_SCALE = new Set(['HS402', 'HS403', 'HS407']);

/** Accumulator rules: only the loops inside the accumulator's last reset make it grow. */
const ACCUMULATORS = new Set(['HS104', 'HS105', 'HS109']);

const LOOP_NODE_TYPES = new Set(['for_statement', 'while_statement', ...COMPREHENSION_TYPES]);

/** Evidence of scale for one finding of `rule` on `node`. */
export function assessConfidence(facts: FileFacts, rule: string, node: Node): Assessment {
  const scale = facts.scale;
  let loops: Node[] = facts.loops.enclosingLoops(node).map((l) => l.node);
  if (LOOP_NODE_TYPES.has(node.type)) loops.unshift(node);
  // `all([x ... for x in xs])` outside a loop: the comprehension is the loop that repeats
  if (loops.length === 0 && node.type === 'call') {
    const first = callArguments(node).positional[0];
    if (first && COMPREHENSION_TYPES.has(unparen(first).type)) loops = [unparen(first)];
  }

  const notes: string[] = [];
  if (ACCUMULATORS.has(rule)) {
    const key = accumulatorKey(node);
    const reset = key === undefined ? -1 : loops.findIndex((l) => resetsIn(l, key));
    if (reset >= 0) {
      notes.push(`\`${key}\` starts again on every iteration of the loop at line ${lineOf(loops[reset])}`);
      loops = loops.slice(0, reset);
    }
  }

  const subjectNode = SUBJECT[rule]?.(node);
  const subject: SizeEvidence | undefined = subjectNode ? scale.sizeOf(subjectNode) : undefined;
  const loopSizes = loops.map((l) => ({ loop: l, size: scale.loopSize(l) }));

  if (subject?.size === 'small') return { confidence: 'low', evidence: join([`${SUBJECT_VERB[rule] ?? 'searches'} ${subject.evidence}`, ...notes]) };
  if (loopSizes.length > 0 && loopSizes.every((l) => l.size.size === 'small')) {
    return { confidence: 'low', evidence: join([...notes, `loops over ${loopSizes.map((l) => l.size.evidence).join(', then ')}`]) };
  }
  const verb = SUBJECT_VERB[rule] ?? 'searches';
  // a long loop over a list of a handful of items stays cheap: only the list's own size is evidence
  const loopEvidence = SUBJECT_ONLY.has(rule) ? undefined : loopSizes.find((l) => l.size.size === 'large')?.size.evidence;
  const large = subject?.size === 'large' ? `${verb} ${subject.evidence}` : loopEvidence;
  if (large) return { confidence: 'high', evidence: join([subject?.size === 'large' ? large : `iterates ${large}`, ...notes]) };

  if (NEEDS_SCALE.has(rule)) {
    const unknown = loopSizes.find((l) => l.size.size === 'unknown' && l.size.evidence)?.size.evidence;
    return { confidence: 'low', evidence: join([`no evidence of scale${unknown ? ` (iterates ${unknown})` : ''}: the saving is per item`, ...notes]) };
  }
  const known: string[] = [];
  // a small loop around an unknown one says nothing about the total: name the unknown one
  const iterated = loopSizes.find((l) => l.size.size !== 'small' && l.size.evidence)?.size.evidence;
  if (iterated) known.push(`iterates ${iterated}`);
  if (subject?.evidence) known.push(`${verb} ${subject.evidence}`);
  if (known.length === 0) known.push(loopSizes.length === 0 ? 'not in a loop; no evidence of size' : 'size of the loop unknown');
  return { confidence: 'medium', evidence: join([...known, ...notes]) };
}

/** `s += x` / `s = s + x` / `acc = np.append(acc, x)`: the accumulator's spelling. */
function accumulatorKey(node: Node): string | undefined {
  if (node.type !== 'assignment' && node.type !== 'augmented_assignment') return undefined;
  const left = node.childForFieldName('left');
  return left ? targetKey(left) : undefined;
}

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

function join(parts: string[]): string {
  return parts.filter(Boolean).join('; ');
}

/**
 * Test files: their loops run over fixtures of a few items and rarely matter for speed. The
 * precision benchmark (benchmarks/precision) measured this; see its README for the figures.
 */
export function isTestFile(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1];
  if (/^test_.*\.py$|_test\.py$|^conftest\.py$|^tests?\.py$/.test(base)) return true;
  return parts.slice(0, -1).some((p) => p === 'tests' || p === 'test' || p === 'testing');
}
