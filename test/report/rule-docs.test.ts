import { describe, expect, it } from 'vitest';
import {
  findRule,
  renderRuleDocsFiles,
  renderRuleMarkdown,
  renderRulesIndexMarkdown,
  renderRulesTable,
  renderRuleText,
  ruleDocsPath,
} from '../../src/report/rule-docs.js';
import { defineRule, type Rule } from '../../src/rules/define-rule.js';

const fake = (over: Partial<Rule> & Pick<Rule, 'id' | 'name' | 'tier'>): Rule =>
  defineRule({
    severity: 'warning',
    equivalents: [],
    fixable: false,
    messages: { m: 'found `x`' },
    docs: { summary: 'A summary | with a pipe', what: 'What.', why: 'Why.', example: { bad: 'a = 1\n', good: 'b = 2\n' }, fix: 'Fix.' },
    create: () => ({}),
    ...over,
  });

const concat = fake({ id: 'HS104', name: 'string-concat-in-loop', tier: 1, fixable: true, equivalents: ['PERF401'] });
const counter = fake({ id: 'HS301', name: 'manual-counter', tier: 3 });
const fenced = fake({
  id: 'HS305',
  name: 'materialized-argument',
  tier: 3,
  docs: { ...counter.docs, example: { bad: 's = """```"""\n', good: 's = ""\n' }, notes: 'A note.', references: ['https://docs.python.org/3/'] },
});

describe('rule docs', () => {
  it('names the page after the rule', () => {
    expect(ruleDocsPath(concat)).toBe('docs/rules/HS104-string-concat-in-loop.md');
  });

  it('renders every section as markdown, in Ruff order', () => {
    const md = renderRuleMarkdown(fenced);
    const order = ['# HS305 materialized-argument', '## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Fix', '## Notes', '## References'];
    const at = order.map((h) => md.indexOf(h));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(md).toContain('- https://docs.python.org/3/');
  });

  it('fences example code with more backticks than it contains', () => {
    expect(renderRuleMarkdown(fenced)).toContain('````python\ns = """```"""\n````');
  });

  it('leaves out optional sections that are absent', () => {
    const md = renderRuleMarkdown(counter);
    expect(md).not.toContain('## Notes');
    expect(md).not.toContain('## References');
  });

  it('renders plain text for a terminal, coloured only on request', () => {
    const text = renderRuleText(concat, { color: false });
    expect(text.startsWith('HS104 string-concat-in-loop\nA summary | with a pipe\n')).toBe(true);
    expect(text).toContain('fixable yes');
    expect(text).toContain('equivalents PERF401');
    expect(text).toContain('    a = 1');
    expect(text).not.toContain('\x1b');
    expect(renderRuleText(concat, { color: true })).toContain('\x1b[');
  });

  it('indexes rules by tier and escapes table cells', () => {
    const md = renderRulesIndexMarkdown([concat, counter]);
    expect(md.indexOf('## Tier 1 - algorithmic complexity')).toBeLessThan(md.indexOf('## Tier 3 - built-ins and idioms'));
    expect(md).toContain('| [HS104](HS104-string-concat-in-loop.md) | string-concat-in-loop | A summary \\| with a pipe | warning | yes | PERF401 |');
    expect(md).not.toContain('## Tier 2');
  });

  it('produces the index and one page per rule', () => {
    expect([...renderRuleDocsFiles([concat, counter]).keys()]).toEqual(['README.md', 'HS104-string-concat-in-loop.md', 'HS301-manual-counter.md']);
  });

  it('lists rules as an aligned table', () => {
    const lines = renderRulesTable([concat, counter], { color: false }).split('\n');
    expect(lines[0]).toBe('id     name                   tier  severity  fixable  equivalents');
    expect(lines[1]).toBe('HS104  string-concat-in-loop  1     warning   yes      PERF401');
    expect(lines[2]).toBe('HS301  manual-counter         3     warning');
  });
});

describe('findRule', () => {
  const rules = [concat, counter, fenced];

  it('finds a rule by id in any case, or by name', () => {
    expect(findRule(rules, 'hs301')).toEqual({ rule: counter });
    expect(findRule(rules, 'manual-counter')).toEqual({ rule: counter });
  });

  it('suggests the closest ids and names for a typo', () => {
    expect(findRule(rules, 'HS3O1')).toEqual({ suggestions: [counter] });
    expect(findRule(rules, 'manual-countr')).toEqual({ suggestions: [counter] });
    expect(findRule(rules, 'HS30')).toEqual({ suggestions: [counter, fenced] });
  });

  it('suggests nothing for something unlike any rule', () => {
    expect(findRule(rules, 'frobnicate-everything')).toEqual({ suggestions: [] });
  });
});
