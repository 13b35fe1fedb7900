// SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers). Rule entries come
// from the rules' metadata (Ruff `sarif.rs`); per-file errors are tool execution notifications.
import type { Finding, Severity, TextEdit } from '../check/finding.js';
import type { CheckResult } from '../check/result.js';
import type { Rule } from '../rules/define-rule.js';
import { HOTSPY_VERSION } from '../version.js';
import { artifactUri, directoryUri, displayPath, SRCROOT } from './check-paths.js';
import { renderRuleMarkdown, renderRuleText, ruleDocsPath } from './rule-docs.js';

export interface CheckSarifOptions {
  cwd: string;
  /** Every rule that could have run: each becomes a `tool.driver.rules` entry. */
  rules: readonly Rule[];
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function renderCheckSarif(result: CheckResult, options: CheckSarifOptions): string {
  const descriptors: SarifRule[] = options.rules.map(ruleDescriptor);
  // findings of rules outside the given list (HS000 syntax-error, made by the engine) still
  // get a descriptor, so every result's ruleIndex points at a real entry
  for (const f of result.findings) {
    if (!descriptors.some((d) => d.id === f.rule)) descriptors.push(findingDescriptor(f));
  }
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hotspy',
            version: HOTSPY_VERSION,
            semanticVersion: HOTSPY_VERSION,
            informationUri: 'https://www.npmjs.com/package/hotspy',
            rules: descriptors,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.cwd) } },
        invocations: [
          {
            executionSuccessful: result.filesChecked > 0 || result.errors.length === 0,
            toolExecutionNotifications: result.errors.map((e) => ({
              level: 'error',
              message: { text: `${displayPath(e.path, options.cwd)}: ${e.message}` },
              locations: [{ physicalLocation: { artifactLocation: artifactUri(e.path, options.cwd) } }],
            })),
          },
        ],
        results: result.findings.map((f) => sarifResult(f, index.get(f.rule)!, options.cwd)),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: { tier: number; equivalents: string[]; fixable: boolean };
}

function ruleDescriptor(rule: Rule): SarifRule {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.docs.summary },
    fullDescription: { text: rule.docs.what },
    help: { text: renderRuleText(rule, { color: false }), markdown: renderRuleMarkdown(rule) },
    helpUri: ruleDocsPath(rule),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tier: rule.tier, equivalents: rule.equivalents, fixable: rule.fixable },
  };
}

function findingDescriptor(f: Finding): SarifRule {
  const summary = f.name.replace(/-/g, ' ');
  return {
    id: f.rule,
    name: f.name,
    shortDescription: { text: summary },
    fullDescription: { text: summary },
    help: { text: summary, markdown: summary },
    defaultConfiguration: { level: LEVEL[f.severity] },
    properties: { tier: f.tier, equivalents: f.equivalents, fixable: false },
  };
}

function sarifResult(f: Finding, ruleIndex: number, cwd: string) {
  const artifactLocation = artifactUri(f.path, cwd);
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation,
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
      },
    ],
    ...(f.related?.length
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            physicalLocation: { artifactLocation, region: { startLine: r.line, startColumn: r.column } },
            message: { text: 'the same finding' },
          })),
        }
      : {}),
    ...(f.fix?.edits?.length
      ? {
          fixes: [
            {
              description: { text: f.fix.description },
              artifactChanges: [{ artifactLocation, replacements: f.fix.edits.map(replacement) }],
            },
          ],
        }
      : {}),
    properties: {
      tier: f.tier,
      ...(f.fix ? { help: f.fix.description } : {}),
      ...(f.loopDepth !== undefined ? { loopDepth: f.loopDepth } : {}),
      ...(f.confidence ? { confidence: f.confidence } : {}),
      ...(f.evidence ? { evidence: f.evidence } : {}),
    },
  };
}

function replacement(edit: TextEdit) {
  return {
    deletedRegion: { startLine: edit.line, startColumn: edit.column, endLine: edit.endLine, endColumn: edit.endColumn },
    insertedContent: { text: edit.content },
  };
}
