// Rules whose advice holds only before Python 3.11's specializing interpreter: silent for newer targets.
import { beforeAll, describe, expect, it } from 'vitest';
import { lintSource } from '../../src/check/lint-source.js';
import { initPython } from '../../src/python/parser.js';
import { allRules } from '../../src/rules/index.js';

beforeAll(async () => {
  await initPython();
});

const rulesOn = (id: string, source: string, targetVersion: [number, number]) =>
  lintSource('t.py', source, allRules.filter((r) => r.id === id), { targetVersion }).findings.map((f) => `${f.line}:${f.rule}`);

describe('target-gated advice', () => {
  it('HS303: `if v < low: low = v` is reported below 3.11 only (as fast as `min()` on 3.11+, measured)', () => {
    const source = 'def smallest(values):\n    low = float("inf")\n    for v in values:\n        if v < low:\n            low = v\n    return low\n';
    expect(rulesOn('HS303', source, [3, 10])).toEqual(['3:HS303']);
    expect(rulesOn('HS303', source, [3, 11])).toEqual([]);
  });

  it('HS303: `best = max(best, v)` is reported on every target (a builtin call per element)', () => {
    const source = 'def biggest(values):\n    best = 0\n    for v in values:\n        best = max(best, v)\n    return best\n';
    expect(rulesOn('HS303', source, [3, 12])).toEqual(['3:HS303']);
  });
});
