// GitHub Actions workflow commands: one `::warning file=...::message` annotation per finding,
// shown on the pull request's diff; per-file errors become `::error` annotations.
import type { Severity } from '../check/finding.js';
import type { CheckResult } from '../check/result.js';
import { displayPath } from './check-paths.js';

export interface CheckGithubOptions {
  cwd: string;
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function renderCheckGithub(result: CheckResult, options: CheckGithubOptions): string {
  const lines: string[] = [];
  for (const f of result.findings) {
    const properties = {
      file: displayPath(f.path, options.cwd),
      line: f.line,
      col: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      title: `${f.rule} ${f.name}`,
    };
    const help = f.fix ? `\nhelp: ${f.fix.description}` : '';
    lines.push(workflowCommand(COMMAND[f.severity], properties, `${f.message}${help}`));
  }
  for (const e of result.errors) {
    lines.push(workflowCommand('error', { file: displayPath(e.path, options.cwd), title: 'hotspy' }, e.message));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export function workflowCommand(command: string, properties: Record<string, string | number>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${command} ${props}::${escapeData(message)}`;
}

/** The runner's own escaping (actions/toolkit `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also end at `,` and `:` (actions/toolkit `escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
