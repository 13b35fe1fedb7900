// The check reporters by name (knip's reporter map): `hotspy check --format <name>` picks one.
import type { CheckResult } from '../check/result.js';
import { allRules } from '../rules/index.js';
import { renderCheckGithub } from './check-github.js';
import { renderCheckJson } from './check-json.js';
import { renderCheckSarif } from './check-sarif.js';
import { renderCheckText } from './check-text.js';

export const CHECK_FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export interface CheckRenderOptions {
  /** Colour the text output; decided by the caller (TTY, NO_COLOR), never sniffed here. */
  color: boolean;
  /** Paths are shown relative to this directory. */
  cwd: string;
  /** A checked file's text, for the source excerpts of the text format. */
  readSource?: (path: string) => string | undefined;
}

const reporters: Record<CheckFormat, (result: CheckResult, options: CheckRenderOptions) => string> = {
  text: renderCheckText,
  json: renderCheckJson,
  sarif: (result, options) => renderCheckSarif(result, { cwd: options.cwd, rules: allRules }),
  github: renderCheckGithub,
};

export function renderCheckResult(format: CheckFormat, result: CheckResult, options: CheckRenderOptions): string {
  return reporters[format](result, options);
}

export function isCheckFormat(name: string): name is CheckFormat {
  return (CHECK_FORMATS as readonly string[]).includes(name);
}
