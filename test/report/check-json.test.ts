import { describe, expect, it } from 'vitest';
import { renderCheckJson } from '../../src/report/check-json.js';
import { cleanResult, CWD, sampleResult } from './check-sample.js';

const CONTRACT_KEYS = ['rule', 'name', 'tier', 'severity', 'path', 'line', 'column', 'endLine', 'endColumn', 'message', 'equivalents', 'fix'];

describe('renderCheckJson', () => {
  it('keeps the version 1 contract: keys, order and types', () => {
    const doc = JSON.parse(renderCheckJson(sampleResult(), { cwd: CWD }));
    expect(doc.version).toBe(1);
    expect(doc.findings).toHaveLength(3);
    for (const f of doc.findings) {
      expect(Object.keys(f).slice(0, CONTRACT_KEYS.length)).toEqual(CONTRACT_KEYS);
      expect(typeof f.rule).toBe('string');
      expect(typeof f.name).toBe('string');
      expect(typeof f.tier).toBe('number');
      expect(['error', 'warning', 'info']).toContain(f.severity);
      for (const k of ['line', 'column', 'endLine', 'endColumn']) expect(Number.isInteger(f[k])).toBe(true);
      expect(Array.isArray(f.equivalents)).toBe(true);
      expect(f.fix === null || typeof f.fix.description === 'string').toBe(true);
    }
    expect(doc.errors).toEqual([{ path: 'data/blob.py', message: 'not UTF-8 text (invalid byte 0xff at offset 12)' }]);
  });

  it('writes the documented finding exactly, with the finding\'s other fields after it', () => {
    const doc = JSON.parse(renderCheckJson(sampleResult(), { cwd: CWD }));
    expect(doc.findings[0]).toEqual({
      rule: 'HS101',
      name: 'list-membership-in-loop',
      tier: 1,
      severity: 'warning',
      path: 'src/app.py',
      line: 3,
      column: 30,
      endLine: 3,
      endColumn: 46,
      message: '`u not in BLOCKED` scans the list `BLOCKED` on every loop iteration (O(n) each time)',
      equivalents: [],
      fix: { description: 'Build a `set` from `BLOCKED` once before the loop and test membership against it' },
      confidence: 'medium',
      loopDepth: 1,
      function: { name: 'visible', line: 2 },
    });
    expect(doc.findings[1].fix.edits).toEqual([{ line: 4, column: 10, endLine: 4, endColumn: 18, content: 'd' }]);
    expect(doc.findings[2].fix).toBeNull();
  });

  it('writes related locations after the contract keys', () => {
    const result = sampleResult();
    result.findings[0] = { ...result.findings[0], related: [{ line: 5, column: 12 }] };
    const [f] = JSON.parse(renderCheckJson(result, { cwd: CWD })).findings;
    expect(f.related).toEqual([{ line: 5, column: 12 }]);
    expect(Object.keys(f).slice(0, CONTRACT_KEYS.length)).toEqual(CONTRACT_KEYS);
  });

  it('writes empty arrays for a clean run', () => {
    const doc = JSON.parse(renderCheckJson(cleanResult(), { cwd: CWD }));
    expect(doc).toMatchObject({ version: 1, findings: [], errors: [], filesChecked: 4 });
  });

  it('keeps paths outside the working directory absolute', () => {
    const result = cleanResult();
    result.errors = [{ path: '/elsewhere/x.py', message: 'missing' }];
    expect(JSON.parse(renderCheckJson(result, { cwd: CWD })).errors[0].path).toBe('/elsewhere/x.py');
  });
});
