// Every rule against its fixture file: `# expect:` lines must be reported, other lines silent.
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintSource } from '../../src/check/lint-source.js';
import { initPython } from '../../src/python/parser.js';
import { allRules } from '../../src/rules/index.js';
import { diffExpectations, readExpectations, readFixture } from './fixture-expectations.js';

const fixture = (id: string) => new URL(`../fixtures/rules/${id}.py`, import.meta.url).pathname;

beforeAll(async () => {
  await initPython();
});

describe('rule fixtures', () => {
  for (const rule of allRules) {
    it(`${rule.id} ${rule.name}`, () => {
      const path = fixture(rule.id);
      expect(existsSync(path), `missing fixture test/fixtures/rules/${rule.id}.py`).toBe(true);
      const text = readFixture(path);
      const targetVersion = /^# target-version: (\d+)\.(\d+)/m.exec(text);
      const settings = { targetVersion: (targetVersion ? [Number(targetVersion[1]), Number(targetVersion[2])] : [3, 11]) as [number, number] };
      const { findings, errors } = lintSource(`${rule.id}.py`, text, [rule], settings);
      expect(errors).toEqual([]);
      const expected = readExpectations(text).filter((e) => e.rule === rule.id);
      const problems = diffExpectations(`${rule.id}.py`, text, expected, findings.filter((f) => f.rule !== 'HS000'));
      expect(problems.join('\n')).toBe('');
      expect(findings.filter((f) => f.rule === 'HS000')).toEqual([]);
    });
  }
});
