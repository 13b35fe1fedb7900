// `--fix` and `--diff`: for each file with fixable findings, apply the edits and check again,
// until nothing fixable is left (a fix can expose another) or a few passes have run.
import { readFileSync, writeFileSync } from 'node:fs';
import { allRules } from '../rules/index.js';
import { decodeSource, encodeSource } from './decode.js';
import type { SourceFile } from './discover.js';
import { displayPath } from './display-path.js';
import type { Finding } from './finding.js';
import { applyFixes } from './apply-fixes.js';
import { lintSource } from './lint-source.js';
import type { CheckResult } from './result.js';
import { unifiedDiff } from './unified-diff.js';

const MAX_PASSES = 4;

export interface FixReport {
  fixed: { path: string; count: number }[];
  diff: string;
}

/** Rewrites `result.findings` for the files it fixes (with `write`) to what is left after fixing. */
export async function fixFiles(
  result: CheckResult,
  files: readonly SourceFile[],
  cwd: string,
  options: { write: boolean; shown: (file: SourceFile, found: Finding[]) => Finding[] },
): Promise<FixReport> {
  const fixable = new Set(result.findings.filter((f) => f.fix?.edits?.length).map((f) => f.path));
  const report: FixReport = { fixed: [], diff: '' };
  if (fixable.size === 0) return report;
  const { initPython } = await import('../python/parser.js');
  await initPython();

  for (const file of files) {
    const path = displayPath(file.path, cwd);
    if (!fixable.has(path)) continue;
    let bytes: Buffer;
    try {
      bytes = readFileSync(file.path);
    } catch {
      continue;
    }
    const decoded = decodeSource(bytes);
    if ('error' in decoded) continue;

    const rules = allRules.filter((r) => file.settings.ruleIds.includes(r.id));
    // the same findings the report shows (rules ignored for the file, confidence): only those are fixed
    const lint = (text: string): Finding[] => options.shown(file, lintSource(path, text, rules, { targetVersion: file.settings.targetVersion }).findings);

    let text = decoded.text;
    let findings = result.findings.filter((f) => f.path === path);
    let count = 0;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const outcome = applyFixes(text, findings);
      if (outcome.applied === 0 || outcome.text === text) break;
      text = outcome.text;
      count += outcome.applied;
      findings = lint(text);
      // A fix that breaks the syntax is a bug in the rule: keep the file as it was.
      if (findings.some((f) => f.rule === 'HS000') && !result.findings.some((f) => f.path === path && f.rule === 'HS000')) {
        result.errors.push({ path, message: 'a fix produced invalid Python; the file was left unchanged (please report this)' });
        text = decoded.text;
        count = 0;
        findings = result.findings.filter((f) => f.path === path);
        break;
      }
    }
    if (count === 0) continue;
    // A file in a declared codec is written back in it; a character the codec cannot hold leaves it as it was.
    const encoded = encodeSource(decoded, text);
    if (!encoded) {
      const codec = decoded.utf8 ? 'UTF-8' : decoded.codec.name;
      result.errors.push({ path, message: `the fixed text cannot be written in ${codec}, the file's encoding; the file was left unchanged` });
      continue;
    }

    if (options.write) {
      writeFileSync(file.path, encoded);
      result.findings = result.findings.filter((f) => f.path !== path).concat(findings);
      report.fixed.push({ path, count });
    } else {
      report.diff += unifiedDiff(path, decoded.text, text);
    }
  }
  return report;
}
