// The shape of a rule: metadata and docs beside a `create` that returns node visitors.
import type { Confidence, Fix, Severity } from '../check/finding.js';
import type { FileFacts } from '../python/facts.js';
import type { Node } from '../python/parser.js';

export interface RuleDocs {
  /** One line: what the rule flags. */
  summary: string;
  /** What it checks for. */
  what: string;
  /** Why it is slow, and how much it costs (with the tier's typical gain and its limits). */
  why: string;
  /** Python sources: `bad` must trigger the rule and `good` must not (a meta-test runs both). */
  example: { bad: string; good: string };
  /** What to do instead. */
  fix: string;
  /** Cases other tools miss that this rule catches, or known limits. */
  notes?: string;
  references?: string[];
}

export interface Settings {
  /** Python version the code must run on, `[major, minor]`. */
  targetVersion: [number, number];
}

export interface ReportDescriptor<M extends string> {
  node: Node;
  /** Extend the span to this node's end (defaults to `node`). */
  endNode?: Node;
  messageId: M;
  data?: Record<string, string | number>;
  /**
   * The code whose time the fix would change, when it is not the flagged node or its loop: the
   * thread target for HS601, the whole recursive function for HS110. The doctor weighs this span.
   */
  costNode?: Node;
  /** Other nodes that are the same finding (reported once, listed as related locations). */
  related?: Node[];
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
  /**
   * Caps the finding's confidence, whatever the evidence of scale says, when the rule cannot tell
   * whether its advice holds here (a receiver not known to be a dict): `low` hides it by default.
   */
  confidenceCap?: { confidence: Confidence; evidence: string };
  fix?: { description: string; edits?: { start: number; end: number; content: string }[] };
}

export interface RuleContext<M extends string> {
  readonly facts: FileFacts;
  readonly settings: Settings;
  report(descriptor: ReportDescriptor<M>): void;
}

export type Visitors = Partial<Record<string, (node: Node) => void>>;

export interface Rule<M extends string = string> {
  id: string;
  name: string;
  tier: 1 | 2 | 3 | 4 | 5 | 6;
  severity: Severity;
  equivalents: string[];
  fixable: boolean;
  /**
   * Advice of `hotspy run` only, given when the profile shows the code is hot (HS508): `hotspy
   * check` never reports it, and the doctor drops it where the profile shows too little time.
   */
  runOnly?: boolean;
  messages: Record<M, string>;
  docs: RuleDocs;
  create(ctx: RuleContext<M>): Visitors;
}

export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** Fills `{{placeholder}}` slots of a message. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => (key in data ? String(data[key]) : `{{${key}}}`));
}

export type { Fix };
