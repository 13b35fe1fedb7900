import type { CheckError, Finding } from './finding.js';

/** What `hotspy check` produces and every check reporter renders. */
export interface CheckResult {
  findings: Finding[];
  errors: CheckError[];
  /** Files looked at (parsed or served from the cache). */
  filesChecked: number;
  /** Files served from `.hotspy_cache/` without parsing. */
  filesCached: number;
  /** Fixes applied by `--fix`, per file path. */
  fixed?: { path: string; count: number }[];
  /** With `--diff`: the unified diff of what `--fix` would change ('' when nothing). */
  diff?: string;
}
