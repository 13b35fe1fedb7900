// The engine's own rules over findings: related locations carry suppressions, and two rules on
// one expression become one finding (the stronger).
import { beforeAll, describe, expect, it } from 'vitest';
import { lintSource } from '../../src/check/lint-source.js';
import { initPython } from '../../src/python/parser.js';
import { allRules } from '../../src/rules/index.js';

beforeAll(async () => {
  await initPython();
});

const settings = { targetVersion: [3, 11] as [number, number] };
const lint = (lines: string[]) => lintSource('t.py', lines.join('\n'), allRules, settings).findings;

describe('lintSource', () => {
  const twoTests = (comment: string) => [
    'from typing import List',
    'def f(rows, names: List[str]):',
    '    n = 0',
    '    for r in rows:',
    '        if r.a in names:',
    '            n += 1',
    `        if r.b in names:${comment}`,
    '            n += 1',
    '    return n',
    '',
  ];

  it('reports several tests on one list in one loop once, with the others as related locations', () => {
    const hs101 = lint(twoTests('')).filter((f) => f.rule === 'HS101');
    expect(hs101).toHaveLength(1);
    expect(hs101[0].line).toBe(5);
    expect(hs101[0].related).toEqual([{ line: 7, column: 12 }]);
  });

  it('silences a finding by a suppression comment on one of its related lines', () => {
    expect(lint(twoTests('  # hotspy: ignore[HS101]')).filter((f) => f.rule === 'HS101')).toEqual([]);
    expect(lint(twoTests('  # noqa: HS308')).filter((f) => f.rule === 'HS101')).toHaveLength(1);
  });

  it('keeps the stronger of two rules on one expression', () => {
    const source = ['def flat(rows):', '    return sum([r.items for r in rows], [])', ''];
    const findings = lint(source);
    expect(findings.map((f) => f.rule)).toEqual(['HS105']);
    // alone, the weaker rule still reports it
    const hs305 = lintSource('t.py', source.join('\n'), allRules.filter((r) => r.id === 'HS305'), settings).findings;
    expect(hs305.map((f) => f.rule)).toEqual(['HS305']);
  });

  it('keeps findings of different rules on different expressions of one line', () => {
    const findings = lint(['def f(d, xs: list):', '    for k in d.keys():', '        print([k in xs])', '']);
    expect(findings.map((f) => f.rule).sort()).toEqual(['HS101', 'HS307']);
  });
});

describe('lintSource, one tier', () => {
  it('keeps two algorithmic findings on one statement: each has its own fix', () => {
    const findings = lintSource(
      't.py',
      ['class Feed:', '    def __init__(self):', '        self.out = ""', '        self.reads = []', '', '    def drain(self):', '        while self.reads:', '            self.out += self.reads.pop(0)', ''].join('\n'),
      allRules,
      { targetVersion: [3, 11] },
    ).findings;
    expect(findings.filter((f) => f.line === 8).map((f) => f.rule).sort()).toEqual(['HS104', 'HS107']);
  });
});
