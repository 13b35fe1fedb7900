// Checks one file's text with the given rules: parse, one walk, dispatch to rule visitors.
import { FileFacts } from '../python/facts.js';
import { parsePython, type Node } from '../python/parser.js';
import { lineStarts, positionAt, spanOf } from '../python/positions.js';
import type { ObservedKinds } from '../python/runtime-kinds.js';
import { formatMessage, type Rule, type RuleContext, type Settings, type Visitors } from '../rules/define-rule.js';
import { assessConfidence, capConfidence } from './confidence.js';
import { SYNTAX_ERROR_RULE, type CheckError, type Finding, type TextEdit } from './finding.js';
import { findSuppressions, isSuppressed } from './suppressions.js';

export interface LintResult {
  findings: Finding[];
  errors: CheckError[];
}

/** `observed`: kinds a run observed on candidate lines (python/runtime-kinds.ts), for the doctor's second look. */
export function lintSource(path: string, text: string, rules: readonly Rule[], settings: Settings, observed?: ObservedKinds): LintResult {
  const findings: Finding[] = [];
  const errors: CheckError[] = [];
  const tree = parsePython(text);
  try {
    const visitorsByRule = new Map<Rule, Visitors>();
    let starts: number[] | undefined;
    const toPosition = (offset: number) => positionAt((starts ??= lineStarts(text)), offset);

    let facts: FileFacts | undefined;
    for (const rule of rules) {
      const ctx: RuleContext<string> = {
        get facts() {
          return facts!;
        },
        settings,
        report(d) {
          const f = facts!;
          const span = spanOf(d.node, d.endNode ?? d.node);
          const loops = f.loops.enclosingLoops(d.node);
          const outer = loops[loops.length - 1];
          const fn = d.node.type === 'function_definition' ? d.node : f.enclosingFunction(d.node);
          const fnName = fn?.childForFieldName('name')?.text;
          const edits: TextEdit[] | undefined = d.fix?.edits?.map((e) => {
            const start = toPosition(e.start);
            const end = toPosition(e.end);
            return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, content: e.content };
          });
          const { confidence, evidence } = capConfidence(assessConfidence(f, rule.id, d.node), d.confidenceCap);
          findings.push({
            rule: rule.id,
            name: rule.name,
            tier: rule.tier,
            severity: d.severity ?? rule.severity,
            path,
            ...span,
            message: formatMessage(rule.messages[d.messageId], d.data),
            equivalents: rule.equivalents,
            fix: d.fix ? { description: d.fix.description, ...(edits ? { edits } : {}) } : null,
            confidence,
            evidence,
            loopDepth: loops.length,
            ...(outer ? { loop: { line: outer.node.startPosition.row + 1, endLine: outer.node.endPosition.row + 1 } } : {}),
            ...(d.costNode ? { cost: { line: firstLineOf(d.costNode), endLine: d.costNode.endPosition.row + 1 } } : {}),
            ...(d.related?.length ? { related: d.related.map((n) => ({ line: n.startPosition.row + 1, column: n.startPosition.column + 1 })) } : {}),
            ...(fn && fnName ? { function: { name: fnName, line: firstLineOf(fn) } } : {}),
          });
        },
      };
      visitorsByRule.set(rule, rule.create(ctx));
    }

    const visitTypes = new Set<string>();
    for (const visitors of visitorsByRule.values()) for (const type of Object.keys(visitors)) visitTypes.add(type);
    facts = new FileFacts(tree, text, visitTypes, observed);

    if (facts.firstError) findings.push(syntaxError(path, facts.firstError));

    const byType = new Map<string, { rule: Rule; visit: (node: Node) => void }[]>();
    for (const [rule, visitors] of visitorsByRule) {
      for (const [type, visit] of Object.entries(visitors)) {
        if (!visit) continue;
        const list = byType.get(type) ?? [];
        list.push({ rule, visit });
        byType.set(type, list);
      }
    }
    const failed = new Set<Rule>();
    const { visits, visitedTypes } = facts;
    for (let i = 0; i < visits.length; i++) {
      const node = visits[i];
      for (const { rule, visit } of byType.get(visitedTypes[i]) ?? []) {
        if (failed.has(rule)) continue;
        try {
          visit(node);
        } catch (error) {
          failed.add(rule);
          errors.push({ path, message: `internal error in rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    }
  } finally {
    tree.delete();
  }

  const suppressions = findSuppressions(text);
  const kept = strongestPerExpression(
    findings.filter((f) => !isSuppressed(suppressions, f.line, f.rule) && !f.related?.some((r) => isSuppressed(suppressions, r.line, f.rule))),
  );
  kept.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  return { findings: kept, errors };
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * Two rules on one expression (HS105 on `sum([...], [])` and HS305 on the comprehension inside
 * it) are one piece of advice: keep the stronger (the lower tier, then the higher severity, then
 * the lower id). Findings of different tiers are on one expression when they start on the same
 * line and one span holds the other: the stronger fix rewrites the code the weaker one would
 * polish. Two findings of one tier must cover the very same span: `out += q.pop(0)` holds two
 * independent algorithmic problems (HS104 and HS107), each with its own fix.
 */
function strongestPerExpression(findings: Finding[]): Finding[] {
  const byLine = new Map<number, Finding[]>();
  for (const f of findings) {
    if (f.rule === SYNTAX_ERROR_RULE.rule) continue;
    const list = byLine.get(f.line) ?? [];
    list.push(f);
    byLine.set(f.line, list);
  }
  const dropped = new Set<Finding>();
  for (const list of byLine.values()) {
    if (list.length < 2) continue;
    for (const a of list) {
      for (const b of list) {
        if (a === b || a.rule === b.rule || dropped.has(a) || dropped.has(b)) continue;
        if (a.tier === b.tier ? !sameSpan(a, b) : !holds(a, b) && !holds(b, a)) continue;
        dropped.add(stronger(a, b) === a ? b : a);
      }
    }
  }
  return dropped.size === 0 ? findings : findings.filter((f) => !dropped.has(f));
}

function holds(outer: Finding, inner: Finding): boolean {
  const startsBefore = outer.line < inner.line || (outer.line === inner.line && outer.column <= inner.column);
  const endsAfter = outer.endLine > inner.endLine || (outer.endLine === inner.endLine && outer.endColumn >= inner.endColumn);
  return startsBefore && endsAfter;
}

function sameSpan(a: Finding, b: Finding): boolean {
  return a.line === b.line && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn;
}

function stronger(a: Finding, b: Finding): Finding {
  if (a.tier !== b.tier) return a.tier < b.tier ? a : b;
  if (a.severity !== b.severity) return SEVERITY_RANK[a.severity] < SEVERITY_RANK[b.severity] ? a : b;
  return a.rule < b.rule ? a : b;
}

function syntaxError(path: string, node: Node): Finding {
  const span = spanOf(node);
  const what = node.isMissing ? `missing \`${node.type}\`` : `unexpected \`${firstLine(node.text)}\``;
  return {
    rule: SYNTAX_ERROR_RULE.rule,
    name: SYNTAX_ERROR_RULE.name,
    tier: 0,
    severity: 'error',
    path,
    ...span,
    message: `Syntax error: ${what}; the rest of the file is checked as far as it parses`,
    equivalents: [],
    fix: null,
  };
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 40 ? `${line.slice(0, 40)}...` : line;
}

/** A function's first line as Python's code objects count it: a decorator's line when decorated. */
function firstLineOf(fn: Node): number {
  const holder = fn.parent?.type === 'decorated_definition' ? fn.parent : fn;
  return holder.startPosition.row + 1;
}
