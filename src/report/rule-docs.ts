// A rule's documentation rendered from its metadata, the single source (as Ruff's `explain()`):
// `hotspy rule`, `hotspy rules`, SARIF `help` and the generated pages under docs/rules/.
import pc from 'picocolors';
import type { Rule } from '../rules/define-rule.js';
import { TIERS } from '../rules/tiers.js';
import { plural } from '../plural.js';

/** The performance hierarchy of RULES.md: what a tier's fixes are about and what they gain. */
/** Tier families and gains, from the rules layer (one table for docs and the doctor). */
export const TIER_FAMILIES = TIERS;

export const RULE_DOCS_DIR = 'docs/rules';
export const REGENERATE_COMMAND = 'npm run docs:rules';

/** The page's file name inside docs/rules/. */
export function ruleDocsFile(rule: Pick<Rule, 'id' | 'name'>): string {
  return `${rule.id}-${rule.name}.md`;
}

/** The page's path from the repository root (SARIF `helpUri`). */
export function ruleDocsPath(rule: Pick<Rule, 'id' | 'name'>): string {
  return `${RULE_DOCS_DIR}/${ruleDocsFile(rule)}`;
}

interface Section {
  title: string;
  body: string;
  code?: boolean;
}

function sections(rule: Rule): Section[] {
  const d = rule.docs;
  const list: Section[] = [
    { title: 'What it does', body: d.what },
    { title: 'Why is this bad?', body: d.why },
    { title: 'Example', body: d.example.bad, code: true },
    { title: 'Use instead', body: d.example.good, code: true },
    { title: 'Fix', body: d.fix },
  ];
  if (d.notes) list.push({ title: 'Notes', body: d.notes });
  if (d.references?.length) list.push({ title: 'References', body: d.references.map((r) => `- ${r}`).join('\n') });
  return list;
}

function tierLabel(tier: number): string {
  const family = TIER_FAMILIES[tier]?.family;
  return family ? `${tier} (${family})` : String(tier);
}

function equivalentsLabel(rule: Rule): string {
  return rule.equivalents.length > 0 ? rule.equivalents.join(', ') : 'none';
}

/** The rule's page, as written to docs/rules/ and embedded in SARIF `help.markdown`. */
export function renderRuleMarkdown(rule: Rule): string {
  const out = [
    `# ${rule.id} ${rule.name}`,
    '',
    rule.docs.summary,
    '',
    '| tier | severity | fixable | equivalents |',
    '|---|---|---|---|',
    `| ${tierLabel(rule.tier)} | ${rule.severity} | ${rule.fixable ? 'yes' : 'no'} | ${equivalentsLabel(rule)} |`,
  ];
  for (const s of sections(rule)) {
    out.push('', `## ${s.title}`, '');
    out.push(s.code ? fenced(s.body) : s.body.trim());
  }
  return `${out.join('\n')}\n`;
}

/** The same content for a terminal (`hotspy rule HS101`, SARIF `help.text`). */
export function renderRuleText(rule: Rule, options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const out = [
    `${c.bold(rule.id)} ${c.bold(rule.name)}`,
    rule.docs.summary,
    '',
    c.dim(`tier ${tierLabel(rule.tier)} · severity ${rule.severity} · fixable ${rule.fixable ? 'yes' : 'no'} · equivalents ${equivalentsLabel(rule)}`),
  ];
  for (const s of sections(rule)) {
    out.push('', c.bold(c.underline(s.title)), '');
    out.push(s.code ? indent(s.body.replace(/\n+$/, ''), '    ') : s.body.trim());
  }
  return `${out.join('\n')}\n`;
}

/** docs/rules/README.md: every rule, grouped by tier in the order fixes should be tried. */
export function renderRulesIndexMarkdown(rules: readonly Rule[]): string {
  const out = [
    '# hotspy rules',
    '',
    `hotspy ships ${rules.length} static rules, grouped by the performance hierarchy: fix the algorithm first, ` +
      'then cache, then use built-ins, then memory and I/O, then interpreter overhead, then concurrency. ' +
      'The tier of a finding tells you what kind of gain to expect.',
    '',
    'Run `hotspy rule <id>` to read a rule in the terminal. ' +
      `These pages are generated from the rules' metadata by \`${REGENERATE_COMMAND}\`; edit the rule, not the page.`,
  ];
  const tiers = [...new Set(rules.map((r) => r.tier))].sort((a, b) => a - b);
  for (const tier of tiers) {
    const info = TIER_FAMILIES[tier];
    out.push('', `## Tier ${tier}${info ? ` - ${info.family}` : ''}`, '');
    if (info) out.push(`Typical gain when it is the hot path: ${info.gain}.`, '');
    out.push('| id | name | flags | severity | fixable | equivalents |', '|---|---|---|---|---|---|');
    for (const r of rules.filter((x) => x.tier === tier)) {
      const cells = [
        `[${r.id}](${ruleDocsFile(r)})`,
        r.name,
        r.docs.summary,
        r.severity,
        r.fixable ? 'yes' : '',
        r.equivalents.join(', '),
      ];
      out.push(`| ${cells.map(tableCell).join(' | ')} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Every file of docs/rules/, keyed by its name there: what `npm run docs:rules` writes. */
export function renderRuleDocsFiles(rules: readonly Rule[]): Map<string, string> {
  const files = new Map<string, string>();
  files.set('README.md', generatedNote('src/rules/') + renderRulesIndexMarkdown(rules));
  for (const rule of rules) {
    files.set(ruleDocsFile(rule), generatedNote(`src/rules/${rule.id}-${rule.name}.ts`) + renderRuleMarkdown(rule));
  }
  return files;
}

/** `hotspy rules`: one row per rule. */
export function renderRulesTable(rules: readonly Rule[], options: { color: boolean }): string {
  const c = pc.createColors(options.color);
  const rows = [['id', 'name', 'tier', 'severity', 'fixable', 'equivalents']];
  for (const r of rules) rows.push([r.id, r.name, String(r.tier), r.severity, r.fixable ? 'yes' : '', r.equivalents.join(', ')]);
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const lines = rows.map((row, i) => {
    const text = row.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd();
    return i === 0 ? c.bold(text) : text;
  });
  return `${lines.join('\n')}\n\n${plural(rules.length, 'rule')}; \`hotspy rule <id>\` prints one rule's documentation\n`;
}

/** `hotspy rules --format json`. */
export function renderRulesJson(rules: readonly Rule[]): string {
  const list = rules.map((r) => ({
    id: r.id,
    name: r.name,
    tier: r.tier,
    severity: r.severity,
    fixable: r.fixable,
    equivalents: r.equivalents,
    summary: r.docs.summary,
    docs: ruleDocsPath(r),
  }));
  return `${JSON.stringify({ version: 1, rules: list }, null, 2)}\n`;
}

/** `hotspy rule HS101 --format json`: the metadata and docs as data. */
export function renderRuleJson(rule: Rule): string {
  const { id, name, tier, severity, fixable, equivalents, messages, docs } = rule;
  return `${JSON.stringify({ id, name, tier, severity, fixable, equivalents, messages, docs, docsPath: ruleDocsPath(rule) }, null, 2)}\n`;
}

function generatedNote(source: string): string {
  return `<!-- Generated from ${source} by \`${REGENERATE_COMMAND}\`. Do not edit. -->\n\n`;
}

function fenced(code: string): string {
  // a longer fence than any backtick run inside, so example code can never close it
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}python\n${code.replace(/\n+$/, '')}\n${fence}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');
}

function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * What `hotspy rule <query>` shows: the rule whose id or name is `query`, or else the rules
 * it most looks like (a typo in either), for a "did you mean" hint.
 */
export function findRule(rules: readonly Rule[], query: string): { rule: Rule } | { suggestions: Rule[] } {
  const wanted = query.trim().toLowerCase();
  const exact = rules.find((r) => r.id.toLowerCase() === wanted || r.name === wanted);
  if (exact) return { rule: exact };
  const scored = rules
    .map((r) => ({ rule: r, distance: Math.min(editDistance(wanted, r.id.toLowerCase()), editDistance(wanted, r.name)) }))
    .filter((s) => s.distance <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.distance - b.distance || a.rule.id.localeCompare(b.rule.id));
  // only the closest: HS3O1 means HS301, not every id two edits away
  const best = scored[0]?.distance;
  return { suggestions: scored.filter((s) => s.distance === best).slice(0, 3).map((s) => s.rule) };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
