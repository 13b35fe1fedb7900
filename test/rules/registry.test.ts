// Meta-tests that keep rule files, the registry, fixtures, docs and docs/rules/ in step
// (ESLint checkRuleFiles + check-rule-examples, typescript-eslint docs.test, ruff generate_docs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintSource } from '../../src/check/lint-source.js';
import { initPython } from '../../src/python/parser.js';
import { REGENERATE_COMMAND, renderRuleDocsFiles, RULE_DOCS_DIR } from '../../src/report/rule-docs.js';
import type { Rule, Settings } from '../../src/rules/define-rule.js';
import { allRules } from '../../src/rules/index.js';
import { readExpectations } from './fixture-expectations.js';

const root = new URL('../../', import.meta.url);
const rulesDir = new URL('src/rules/', root);
const fixturePath = (id: string) => new URL(`test/fixtures/rules/${id}.py`, root);
const docsDir = new URL(`${RULE_DOCS_DIR}/`, root);

const MIN_POSITIVES = 6;
const MIN_TRAPS = 6;
const ID = /^HS([1-6])\d\d$/;
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const RULE_FILE = /^HS\d{3}-.*\.ts$/;

const ruleFiles = readdirSync(rulesDir).filter((f) => RULE_FILE.test(f));

/** The fixture's `# target-version: 3.10` header, as test/rules/fixtures.test.ts reads it. */
function settingsFor(rule: Rule): Settings {
  const path = fixturePath(rule.id);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const m = /^# target-version: (\d+)\.(\d+)/m.exec(text);
  return { targetVersion: m ? [Number(m[1]), Number(m[2])] : [3, 11] };
}

function findingsOf(rule: Rule, source: string) {
  return lintSource(`${rule.id}-example.py`, source, [rule], settingsFor(rule));
}

beforeAll(async () => {
  await initPython();
});

describe('rule files and the registry', () => {
  it('has a rule file for every HS*.ts name pattern only', () => {
    const misnamed = readdirSync(rulesDir).filter((f) => /^HS/i.test(f) && !RULE_FILE.test(f));
    expect(misnamed, 'rule files are named HS<3 digits>-<name>.ts').toEqual([]);
  });

  it.each(ruleFiles)('%s is named after its rule and registered in src/rules/index.ts', async (file) => {
    const rule = ((await import(new URL(file, rulesDir).href)) as { default: Rule }).default;
    expect(rule, `${file} has no default export`).toBeDefined();
    expect(file).toBe(`${rule.id}-${rule.name}.ts`);
    expect(allRules.includes(rule), `${file} is not listed in src/rules/index.ts`).toBe(true);
  });

  it('has a file for every registered rule', () => {
    const missing = allRules.filter((r) => !ruleFiles.includes(`${r.id}-${r.name}.ts`)).map((r) => r.id);
    expect(missing).toEqual([]);
  });

  it('has no fixture without a rule', () => {
    const fixtures = readdirSync(new URL('test/fixtures/rules/', root)).filter((f) => f.endsWith('.py'));
    const orphans = fixtures.filter((f) => !allRules.some((r) => `${r.id}.py` === f));
    expect(orphans, 'test/fixtures/rules/<id>.py files whose rule is not registered').toEqual([]);
  });

  it('has unique ids and names', () => {
    const ids = allRules.map((r) => r.id);
    const names = allRules.map((r) => r.name);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i), 'duplicate ids').toEqual([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i), 'duplicate names').toEqual([]);
  });
});

describe.each(allRules.map((r) => [`${r.id} ${r.name}`, r] as const))('%s', (_, rule) => {
  it('has a well-formed id, tier, name, severity and equivalents', () => {
    const m = ID.exec(rule.id);
    expect(m, `${rule.id} must match ${ID}`).not.toBeNull();
    expect(Number(m![1]), 'the first digit of the id is the tier').toBe(rule.tier);
    expect(rule.name).toMatch(KEBAB);
    expect(rule.name, 'names describe the pattern, not the remedy').not.toMatch(/^(no|avoid)-/);
    expect(['error', 'warning', 'info']).toContain(rule.severity);
    for (const code of rule.equivalents) expect(code).toMatch(/^[A-Z]+\d+$/);
  });

  it('has every docs field filled in', () => {
    const d = rule.docs;
    const fields: Record<string, string | undefined> = {
      summary: d.summary,
      what: d.what,
      why: d.why,
      'example.bad': d.example?.bad,
      'example.good': d.example?.good,
      fix: d.fix,
    };
    if ('notes' in d) fields.notes = d.notes;
    for (const [field, value] of Object.entries(fields)) {
      expect(typeof value === 'string' && value.trim().length > 0, `docs.${field} is empty`).toBe(true);
    }
    for (const ref of d.references ?? []) expect(ref.trim()).not.toBe('');
    expect(d.example.bad).not.toBe(d.example.good);
  });

  it('has messages without a trailing period', () => {
    expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
    for (const [id, message] of Object.entries(rule.messages)) {
      expect(message.trim(), `message "${id}"`).not.toBe('');
      expect(message, `message "${id}" ends with a period`).not.toMatch(/\.\s*$/);
    }
  });

  it('has a fixture with enough positive cases and traps', () => {
    const path = fixturePath(rule.id);
    expect(existsSync(path), `missing test/fixtures/rules/${rule.id}.py`).toBe(true);
    const text = readFileSync(path, 'utf8');
    const positives = readExpectations(text).filter((e) => e.rule === rule.id).length;
    const traps = text.split('\n').filter((line) => /#\s*trap\b/i.test(line)).length;
    expect(positives, `${rule.id}.py needs at least ${MIN_POSITIVES} \`# expect: ${rule.id}\` lines`).toBeGreaterThanOrEqual(MIN_POSITIVES);
    expect(traps, `${rule.id}.py needs at least ${MIN_TRAPS} \`# trap: <why>\` negative cases`).toBeGreaterThanOrEqual(MIN_TRAPS);
  });

  it('is triggered by docs.example.bad and not by docs.example.good', () => {
    const bad = findingsOf(rule, rule.docs.example.bad);
    const good = findingsOf(rule, rule.docs.example.good);
    expect(bad.findings.filter((f) => f.rule === 'HS000'), 'docs.example.bad does not parse').toEqual([]);
    expect(good.findings.filter((f) => f.rule === 'HS000'), 'docs.example.good does not parse').toEqual([]);
    expect(bad.errors).toEqual([]);
    expect(good.errors).toEqual([]);
    expect(bad.findings.filter((f) => f.rule === rule.id).length, 'docs.example.bad must trigger the rule').toBeGreaterThan(0);
    expect(
      good.findings.filter((f) => f.rule === rule.id).map((f) => `${f.line}: ${f.message}`),
      'docs.example.good must not trigger the rule',
    ).toEqual([]);
  });

  it('words its findings and fixes as the house style says, and offers edits only when fixable', () => {
    const path = fixturePath(rule.id);
    if (!existsSync(path)) return; // reported by the fixture test above
    const { findings } = lintSource(`${rule.id}.py`, readFileSync(path, 'utf8'), [rule], settingsFor(rule));
    const own = findings.filter((f) => f.rule === rule.id);
    for (const f of own) {
      expect(f.message, `line ${f.line}: message ends with a period`).not.toMatch(/\.\s*$/);
      expect(f.message, `line ${f.line}: unfilled placeholder`).not.toMatch(/\{\{/);
      if (f.fix) expect(f.fix.description, `line ${f.line}: fix description ends with a period`).not.toMatch(/\.\s*$/);
    }
    const withEdits = own.filter((f) => f.fix?.edits?.length);
    if (rule.fixable) expect(withEdits.length, `${rule.id} is fixable but offers no edits on its fixture`).toBeGreaterThan(0);
    else expect(withEdits.map((f) => f.line), `${rule.id} is not marked fixable but offers edits`).toEqual([]);
  });
});

describe(`${RULE_DOCS_DIR}/`, () => {
  it('matches the rules metadata', () => {
    const expected = renderRuleDocsFiles(allRules);
    const present = existsSync(docsDir) ? readdirSync(docsDir).filter((f) => f.endsWith('.md')) : [];
    const problems: string[] = [];
    for (const [name, content] of expected) {
      const path = new URL(name, docsDir);
      if (!existsSync(path)) problems.push(`missing ${RULE_DOCS_DIR}/${name}`);
      else if (readFileSync(path, 'utf8') !== content) problems.push(`stale ${RULE_DOCS_DIR}/${name}`);
    }
    for (const name of present) if (!expected.has(name)) problems.push(`extra ${RULE_DOCS_DIR}/${name} (no such rule)`);
    const message = `${RULE_DOCS_DIR}/ is out of date with the rules; run \`${REGENERATE_COMMAND}\` and commit the result:\n  ${problems.join('\n  ')}`;
    expect(problems, message).toEqual([]);
  });
});
