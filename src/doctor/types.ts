// What the doctor produces: the ranked advice, the hot spots with no static finding, and the
// runtime diagnoses. Reporters (text, json, markdown, sarif, html) render it; none of them
// knows how it was made.
import type { Finding } from '../check/finding.js';
import type { ProfileMeta } from '../profile/model.js';

/** The measured weight of the code a finding or hot spot covers. */
export interface Measured {
  /** Fraction of the run's wall time spent in the covered code (0..1). */
  share: number;
  /** Fraction of the run's CPU time spent there (0..1); null when the profile has no CPU time. */
  cpuShare: number | null;
  /** Seconds (or samples, for unitless profiles) of wall time, inclusive. */
  totalTime: number;
  /** Seconds spent on the covered lines themselves. */
  selfTime: number;
  samples: number;
  /**
   * Of the covered CPU time, the fraction spent inside long native calls (C code such as a NumPy
   * ufunc on a whole array); the rest ran in the interpreter. Absent when the profile cannot tell.
   */
  nativeShare?: number;
  /** What the share covers: the line itself, the whole loop around it, or the whole function. */
  scope: 'line' | 'loop' | 'function';
  /**
   * The share is the span's own time only (an idiom rewrite removes interpreter overhead, not the
   * work of the functions the code calls): samples whose innermost user frame is on its lines.
   */
  own?: boolean;
  /** Own-time spans: the span's whole share including what it calls. */
  wholeShare?: number;
  /** Own-time spans: the share left out because an algorithmic finding on those lines claims it. */
  excludedShare?: number;
  /** Own-time spans: the user function that holds most of the rest. */
  topCallee?: { name: string; time: number; share: number };
}

/** One piece of advice: a static finding weighed by the profile, or a hot spot with questions. */
export interface Advice {
  rank: number;
  kind: 'finding' | 'hotspot';
  /** Rule id (HS101 ...) for findings, 'HOT' for hot spots without a finding. */
  rule: string;
  name: string;
  tier: number | null;
  severity: 'error' | 'warning' | 'info';
  path: string;
  line: number;
  endLine: number;
  /** The function the advice is in. */
  function?: { name: string; line: number };
  message: string;
  /** Why it is slow (rule docs, or the guides' question for a hot spot). */
  why: string;
  /** What to do. */
  fix: string;
  /** Expected gain of the fix on the code it applies to, as the tier promises ("10x-1000x"). */
  gain: string;
  /** The whole run's expected speed-up range if the fix gives the tier's typical gain (Amdahl). */
  speedup: { low: number; high: number };
  /** Expected saving as a fraction of the whole run's wall time (share times the tier's gain). */
  expectedSaving: number;
  share: number;
  cpuShare: number | null;
  measured: Measured | null;
  /** Which time the share weighs, in words ("the loop's own time, 4 % of the run: most of the loop is in `tariff()`"). */
  weighed?: string;
  /** The source line the advice points at, when the file was readable. */
  source?: string;
  /** For hot spots: the questions the guides ask about such code. */
  questions?: string[];
}

export interface Diagnosis {
  code: string;
  name: string;
  message: string;
  /** What to do about it. */
  advice: string;
  /** The measured figures that triggered it. */
  figures: Record<string, number | string>;
  /** Where in the ranking it belongs: diagnoses that make CPU advice moot come first. */
  priority: number;
}

export interface DoctorReport {
  version: 1;
  meta: ProfileMeta;
  /**
   * What every share is a fraction of: the run's wall time, or, when child processes were
   * profiled, the CPU time of the program and all its children together (which can exceed the
   * wall time when they run in parallel).
   */
  shares: 'wall' | 'cpu';
  /** Ranked advice for hot code, best expected saving first. */
  advice: Advice[];
  /** Findings in code that holds too little of the time to be worth it now, with their share. */
  cold: Advice[];
  diagnoses: Diagnosis[];
  /** Every static finding in the profiled user code, joined with its measurement. */
  findings: (Finding & { measured: Measured | null })[];
  /** Files of the user's code that were checked. */
  files: string[];
}
