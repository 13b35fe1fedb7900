// A finding is plain data (ARCHITECTURE.md): what every reporter and the doctor read.

export type Severity = 'error' | 'warning' | 'info';

/** How likely the finding is to matter at the sizes the code shows (check/confidence.ts). */
export type Confidence = 'high' | 'medium' | 'low';

/** A text replacement, in 1-based positions of the original file (end exclusive). */
export interface TextEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  content: string;
}

export interface Fix {
  /** Imperative, no trailing period: "Build a `set` from `names` before the loop". */
  description: string;
  /** Present only when the fix is mechanical and safe to apply. */
  edits?: TextEdit[];
}

export interface Finding {
  rule: string;
  name: string;
  tier: number;
  severity: Severity;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  equivalents: string[];
  fix: Fix | null;
  /** Evidence of scale: `low` hides the finding from `hotspy check` unless `--confidence low`. */
  confidence?: Confidence;
  /** The evidence behind `confidence`, in a few words: "iterates lines read from a file". */
  evidence?: string;
  /** How many loops repeat the flagged code (0 = not in a loop). */
  loopDepth?: number;
  /** The span of the loop the cost belongs to, so the doctor can weigh the whole loop. */
  loop?: { line: number; endLine: number };
  /** The lines whose time the fix would change, when not the flagged line or its loop. */
  cost?: { line: number; endLine: number };
  /**
   * Other places that are the same finding (the other `in` tests on one list in one loop): shown
   * with it, and a suppression comment on any of their lines silences it.
   */
  related?: { line: number; column: number }[];
  /** The function the finding is in, by its first line, for the doctor's join. */
  function?: { name: string; line: number };
}

/** A file that could not be checked, or not wholly. */
export interface CheckError {
  path: string;
  message: string;
}

export const SYNTAX_ERROR_RULE = { rule: 'HS000', name: 'syntax-error' } as const;
