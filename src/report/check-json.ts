// The JSON contract of `hotspy check` (version 1): other tools read it, so the documented keys
// come first in a fixed order and never change meaning; a finding's other fields follow them.
import type { CheckError, Finding } from '../check/finding.js';
import type { CheckResult } from '../check/result.js';
import { displayPath } from './check-paths.js';

export interface CheckJsonOptions {
  cwd: string;
}

export const CHECK_JSON_VERSION = 1;

export function renderCheckJson(result: CheckResult, options: CheckJsonOptions): string {
  const document = {
    version: CHECK_JSON_VERSION,
    findings: result.findings.map((f) => findingJson(f, options.cwd)),
    errors: result.errors.map((e): CheckError => ({ ...e, path: displayPath(e.path, options.cwd) })),
    filesChecked: result.filesChecked,
    ...(result.fixed ? { fixed: result.fixed.map((f) => ({ ...f, path: displayPath(f.path, options.cwd) })) } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function findingJson(f: Finding, cwd: string): Record<string, unknown> {
  const { rule, name, tier, severity, path, line, column, endLine, endColumn, message, equivalents, fix, confidence, evidence, ...rest } = f;
  return {
    rule,
    name,
    tier,
    severity,
    path: displayPath(path, cwd),
    line,
    column,
    endLine,
    endColumn,
    message,
    equivalents,
    fix,
    confidence: confidence ?? 'medium',
    ...(evidence ? { evidence } : {}),
    ...rest,
  };
}
