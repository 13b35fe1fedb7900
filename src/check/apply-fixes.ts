// Applies findings' text edits: each finding's edits together or not at all, skipping any that
// overlap an edit already chosen, applied from the bottom up so earlier offsets stay valid.
import { lineStarts } from '../python/positions.js';
import type { Finding, TextEdit } from './finding.js';

export interface FixOutcome {
  text: string;
  /** Findings whose edits were applied. */
  applied: number;
}

export function applyFixes(text: string, findings: readonly Finding[]): FixOutcome {
  const starts = lineStarts(text);
  const offset = (line: number, column: number) => (starts[line - 1] ?? text.length) + column - 1;
  const candidates = findings
    .filter((f) => f.fix?.edits && f.fix.edits.length > 0)
    .map((f) => f.fix!.edits!.map((e: TextEdit) => ({ start: offset(e.line, e.column), end: offset(e.endLine, e.endColumn), content: e.content })))
    .filter((edits) => edits.every((e) => e.start >= 0 && e.end >= e.start && e.end <= text.length))
    .sort((a, b) => Math.min(...a.map((e) => e.start)) - Math.min(...b.map((e) => e.start)));

  const chosen: { start: number; end: number; content: string }[] = [];
  let applied = 0;
  for (const edits of candidates) {
    const clashes = edits.some((e) => chosen.some((c) => overlaps(e, c)));
    if (clashes) continue;
    chosen.push(...edits);
    applied++;
  }
  chosen.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of chosen) out = out.slice(0, e.start) + e.content + out.slice(e.end);
  return { text: out, applied };
}

/** Two ranges clash when they share a character, or are both insertions at the same point. */
function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
