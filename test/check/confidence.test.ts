// Evidence of scale: the confidence every finding carries (check/confidence.ts on python/scale.ts).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { isTestFile, meetsConfidence } from '../../src/check/confidence.js';
import { lintSource } from '../../src/check/lint-source.js';
import { initPython } from '../../src/python/parser.js';
import { allRules } from '../../src/rules/index.js';

const fixture = new URL('../fixtures/confidence/scale.py', import.meta.url).pathname;

beforeAll(async () => {
  await initPython();
});

describe('confidence from evidence of scale', () => {
  it('gives every marked line its expected level and evidence', () => {
    const text = readFileSync(fixture, 'utf8');
    const { findings, errors } = lintSource('scale.py', text, allRules, { targetVersion: [3, 11] });
    expect(errors).toEqual([]);
    const expected = text.split('\n').flatMap((line, i) => {
      const m = /# confidence: (HS\d+) (high|medium|low)/.exec(line);
      return m ? [{ line: i + 1, rule: m[1], confidence: m[2] }] : [];
    });
    expect(expected.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const e of expected) {
      const found = findings.find((f) => f.line === e.line && f.rule === e.rule);
      if (!found) problems.push(`line ${e.line}: no ${e.rule} finding`);
      else if (found.confidence !== e.confidence) problems.push(`line ${e.line}: ${e.rule} is ${found.confidence} (${found.evidence}), expected ${e.confidence}`);
      else if (!found.evidence) problems.push(`line ${e.line}: ${e.rule} has no evidence`);
    }
    expect(problems.join('\n')).toBe('');
  });

  it('says why in a few words', () => {
    const text = readFileSync(fixture, 'utf8');
    const { findings } = lintSource('scale.py', text, allRules, { targetVersion: [3, 11] });
    const at = (needle: string) => findings.find((f) => f.line === text.split('\n').findIndex((l) => l.includes(needle)) + 1);
    expect(at('out.append(table[i])  # confidence: HS304 low')?.evidence).toBe('loops over range(4)');
    expect(at('x not in NAMES')?.evidence).toBe('searches a module constant, a literal of 3 items');
    expect(at('hits.append(line.strip())')?.evidence).toBe('iterates lines read from a file');
    expect(at('out.append(x * 2)')?.evidence).toBe('iterates a parameter');
    expect(at('s += getattr(row, attr)')?.evidence).toMatch(/^`s` starts again on every iteration of the loop at line \d+; loops over a class constant, a literal of 3 items$/);
  });

  it('orders the levels for the --confidence threshold', () => {
    expect(meetsConfidence('high', 'medium')).toBe(true);
    expect(meetsConfidence('medium', 'medium')).toBe(true);
    expect(meetsConfidence('low', 'medium')).toBe(false);
    expect(meetsConfidence('low', 'low')).toBe(true);
    expect(meetsConfidence('medium', 'high')).toBe(false);
    // a finding from an older cache entry has no level: it counts as medium
    expect(meetsConfidence(undefined, 'medium')).toBe(true);
  });

  it('knows test files by their folder or name, relative to the project', () => {
    expect(isTestFile('tests/test_api.py')).toBe(true);
    expect(isTestFile('pkg/tests/helpers.py')).toBe(true);
    expect(isTestFile('pkg/test_io.py')).toBe(true);
    expect(isTestFile('pkg/io_test.py')).toBe(true);
    expect(isTestFile('conftest.py')).toBe(true);
    expect(isTestFile('pkg/testing.py')).toBe(false);
    expect(isTestFile('pkg/contest.py')).toBe(false);
    expect(isTestFile('src/latest/io.py')).toBe(false);
  });
});
