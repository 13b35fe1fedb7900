// Rules that cap their own confidence where their advice may not hold: in their fixtures, an
// `# expect: HSxxx low: why` line must come out at confidence `low` (hidden by default), and an
// `# expect: HSxxx shown: why` line above `low` (the evidence of scale alone would say medium).
import { beforeAll, describe, expect, it } from 'vitest';
import { lintSource } from '../../src/check/lint-source.js';
import { initPython } from '../../src/python/parser.js';
import { allRules } from '../../src/rules/index.js';
import { readFixture } from './fixture-expectations.js';

const CAPPING = ['HS305', 'HS307', 'HS309'];

beforeAll(async () => {
  await initPython();
});

describe('confidence caps in fixtures', () => {
  for (const id of CAPPING) {
    it(`${id}: lines marked \`low:\` are low, lines marked \`shown:\` are not`, () => {
      const text = readFixture(new URL(`../fixtures/rules/${id}.py`, import.meta.url).pathname);
      const version = /^# target-version: (\d+)\.(\d+)/m.exec(text);
      const settings = { targetVersion: (version ? [Number(version[1]), Number(version[2])] : [3, 11]) as [number, number] };
      const rule = allRules.find((r) => r.id === id)!;
      const lines = text.split('\n');
      const { findings } = lintSource(`${id}.py`, text, [rule], settings);
      const marked = lines.flatMap((l, i) => (new RegExp(`expect: [^#]*${id} (low|shown):`).test(l) ? [i + 1] : []));
      expect(marked.length).toBeGreaterThan(0);
      const wrong: string[] = [];
      for (const line of marked) {
        const want = new RegExp(`${id} low:`).test(lines[line - 1]) ? 'low' : 'not low';
        const got = findings.filter((f) => f.rule === id && f.line === line).map((f) => f.confidence);
        if (got.length === 0) wrong.push(`${id}.py:${line}: no finding`);
        if (got.some((c) => (c === 'low') !== (want === 'low'))) wrong.push(`${id}.py:${line}: want ${want}, got ${got.join(',')}\n    ${lines[line - 1].trim()}`);
      }
      expect(wrong.join('\n')).toBe('');
    });
  }
});

describe('HS305 severity by evidence of scale', () => {
  it('any/all over a comprehension: a warning on a large input, an info note otherwise', () => {
    const rule = allRules.find((r) => r.id === 'HS305')!;
    const source = [
      'def f(path, lines):',
      '    a = any([len(l) > 80 for l in open(path).readlines()])',
      '    b = any([len(l) > 80 for l in lines])',
      '    return a, b',
      '',
    ].join('\n');
    const { findings } = lintSource('t.py', source, [rule], { targetVersion: [3, 11] });
    expect(findings.map((f) => `${f.line} ${f.severity} ${f.confidence}`)).toEqual(['2 warning high', '3 info medium']);
  });
});
