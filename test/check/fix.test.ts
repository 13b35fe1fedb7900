import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyFixes } from '../../src/check/apply-fixes.js';
import type { Finding, TextEdit } from '../../src/check/finding.js';
import { checkPaths } from '../../src/check/index.js';
import { unifiedDiff } from '../../src/check/unified-diff.js';
import { removeTempTrees, tempTree } from './temp-tree.js';

afterAll(removeTempTrees);

function finding(edits: TextEdit[]): Finding {
  return {
    rule: 'HS307', name: 'x', tier: 3, severity: 'warning', path: 'a.py', line: edits[0].line, column: edits[0].column,
    endLine: edits[0].endLine, endColumn: edits[0].endColumn, message: '', equivalents: [], fix: { description: 'd', edits },
  };
}

describe('applyFixes', () => {
  it('applies non-overlapping edits bottom-up in 1-based, end-exclusive positions', () => {
    const text = 'for k in d.keys():\n    print(k)\n';
    const out = applyFixes(text, [
      finding([{ line: 1, column: 11, endLine: 1, endColumn: 18, content: '' }]),
      finding([{ line: 2, column: 11, endLine: 2, endColumn: 12, content: 'k.upper()' }]),
    ]);
    expect(out).toEqual({ text: 'for k in d:\n    print(k.upper())\n', applied: 2 });
  });

  it('skips a finding whose edits overlap one already taken, keeping its edits together', () => {
    const text = 'abcdef\n';
    const out = applyFixes(text, [
      finding([{ line: 1, column: 1, endLine: 1, endColumn: 4, content: 'X' }]),
      finding([{ line: 1, column: 3, endLine: 1, endColumn: 5, content: 'Y' }, { line: 1, column: 6, endLine: 1, endColumn: 7, content: 'Z' }]),
    ]);
    expect(out).toEqual({ text: 'Xdef\n', applied: 1 });
  });
});

describe('unifiedDiff', () => {
  it('prints hunks with context like diff -u', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((l) => `${l}\n`).join('');
    const after = before.replace('b\n', 'B\n').replace('i\n', '');
    expect(unifiedDiff('x.py', before, after)).toBe(
      ['--- a/x.py', '+++ b/x.py', '@@ -1,10 +1,9 @@', ' a', '-b', '+B', ' c', ' d', ' e', ' f', ' g', ' h', '-i', ' j', ''].join('\n'),
    );
    const far = Array.from({ length: 30 }, (_, i) => `line${i}\n`).join('');
    const changed = far.replace('line2\n', 'LINE2\n').replace('line25\n', 'LINE25\n');
    const diff = unifiedDiff('y.py', far, changed);
    expect(diff.match(/^@@.*$/gm)).toEqual(['@@ -1,6 +1,6 @@', '@@ -23,7 +23,7 @@']);
  });

  it('reproduces the new text from random edits', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let round = 0; round < 200; round++) {
      const a = Array.from({ length: rand(12) }, () => `${'abc'[rand(3)]}\n`);
      const b = a.flatMap((l) => (rand(4) === 0 ? [] : rand(5) === 0 ? [l, 'new\n'] : [l]));
      const diff = unifiedDiff('r.py', a.join(''), b.join(''));
      if (a.join('') === b.join('')) continue;
      expect(applyUnified(a, diff)).toEqual(b);
    }
  });
});

/** Applies a diff's hunks to `lines`, checking every context and removed line. */
function applyUnified(lines: string[], diff: string): string[] {
  const out: string[] = [];
  let at = 0;
  const body = diff.split('\n').slice(2, -1);
  for (const row of body) {
    const hunk = /^@@ -(\d+)(?:,(\d+))? /.exec(row);
    if (hunk) {
      const start = Number(hunk[1]) - (hunk[2] === '0' ? 0 : 1);
      while (at < start) out.push(lines[at++]);
      continue;
    }
    const line = `${row.slice(1)}\n`;
    if (row[0] === '+') out.push(line);
    else {
      expect(lines[at]).toBe(line);
      if (row[0] === ' ') out.push(line);
      at++;
    }
  }
  while (at < lines.length) out.push(lines[at++]);
  return out;
}

describe('--fix and --diff through checkPaths', () => {
  const SOURCE = 'PRICES = {"a": 1}\n\n\ndef names():\n    for name in PRICES.keys():\n        print(name)\n';

  it('--diff shows the change and writes nothing', async () => {
    const root = tempTree({ 'a.py': SOURCE });
    const result = await checkPaths([], { cwd: root, threads: 0, cache: false, select: ['HS307'], diff: true });
    expect(result.diff).toContain('-    for name in PRICES.keys():\n+    for name in PRICES:\n');
    expect(result.diff!.startsWith('--- a/a.py\n+++ b/a.py\n@@ ')).toBe(true);
    expect(readFileSync(join(root, 'a.py'), 'utf8')).toBe(SOURCE);
  });

  it('--fix rewrites the file, reports the count, and leaves no finding behind', async () => {
    const root = tempTree({ 'a.py': `\ufeff${SOURCE}` });
    const result = await checkPaths([], { cwd: root, threads: 0, cache: false, select: ['HS307'], fix: true });
    expect(result.fixed).toEqual([{ path: 'a.py', count: 1 }]);
    expect(result.findings).toEqual([]);
    expect(readFileSync(join(root, 'a.py'), 'utf8')).toBe(`\ufeff${SOURCE.replace('PRICES.keys()', 'PRICES')}`);
  });
});
