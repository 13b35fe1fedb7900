// The text edits of fixable rules: applied to the source they must give the expected code, which
// must still parse and no longer trigger the rule; unsafe cases must offer no edits.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/check/finding.js';
import { lintSource } from '../../src/check/lint-source.js';
import { initPython } from '../../src/python/parser.js';
import { lineStarts } from '../../src/python/positions.js';
import { ruleById } from '../../src/rules/index.js';

beforeAll(async () => {
  await initPython();
});

const settings = { targetVersion: [3, 11] as [number, number] };

function check(id: string, source: string): Finding[] {
  const rule = ruleById(id);
  if (!rule) throw new Error(`no rule ${id}`);
  return lintSource('fix.py', source, [rule], settings).findings;
}

/** Applies every finding's edits (positions are 1-based lines and UTF-16 columns) from the end backwards. */
function applyFixes(source: string, findings: Finding[]): string {
  const starts = lineStarts(source);
  const offset = (line: number, column: number) => starts[line - 1] + column - 1;
  const edits = findings
    .flatMap((f) => f.fix?.edits ?? [])
    .map((e) => ({ start: offset(e.line, e.column), end: offset(e.endLine, e.endColumn), content: e.content }))
    .sort((a, b) => b.start - a.start);
  let out = source;
  let limit = Infinity;
  for (const e of edits) {
    expect(e.end, 'edits must not overlap').toBeLessThanOrEqual(limit);
    out = out.slice(0, e.start) + e.content + out.slice(e.end);
    limit = e.start;
  }
  return out;
}

function expectFix(id: string, source: string, output: string): void {
  const findings = check(id, source);
  expect(findings.filter((f) => f.rule === id).length, 'the rule must fire on the input').toBeGreaterThan(0);
  const fixed = applyFixes(source, findings);
  expect(fixed).toBe(output);
  const after = check(id, fixed);
  expect(after.filter((f) => f.rule === 'HS000'), 'the fixed code must parse').toEqual([]);
  expect(after.filter((f) => f.rule === id), 'the fixed code must not trigger the rule again').toEqual([]);
}

function expectNoEdits(id: string, source: string): void {
  const findings = check(id, source).filter((f) => f.rule === id);
  expect(findings.length, 'the rule must still report').toBeGreaterThan(0);
  for (const f of findings) expect(f.fix?.edits, `no edits expected on line ${f.line}`).toBeUndefined();
}

describe('HS307 dict-keys-misuse fixes', () => {
  it('drops `.keys()` from a membership test', () => {
    expectFix('HS307', 'd = {"a": 1}\nok = "a" in d.keys()\nno = "b" not in (d.keys())\n', 'd = {"a": 1}\nok = "a" in d\nno = "b" not in (d)\n');
  });

  it('iterates the dict instead of its keys view, in loops and comprehensions', () => {
    expectFix(
      'HS307',
      'd = {"a": 1}\nfor k in d.keys():\n    print(k)\nks = [k for k in d.keys()]\n',
      'd = {"a": 1}\nfor k in d:\n    print(k)\nks = [k for k in d]\n',
    );
  });

  it('turns an items loop that ignores the key into a values loop', () => {
    expectFix('HS307', 'd = {"a": 1}\nfor _, v in d.items():\n    print(v)\n', 'd = {"a": 1}\nfor v in d.values():\n    print(v)\n');
  });

  it('turns an items loop that ignores the value into a loop over the dict', () => {
    expectFix(
      'HS307',
      'd = {"a": 1}\nfor (k, _) in d.items():\n    print(k)\nvs = [v for _, v in d.items()]\n',
      'd = {"a": 1}\nfor k in d:\n    print(k)\nvs = [v for v in d.values()]\n',
    );
  });

  it('offers no edits when the loop mutates the dict or its type is unknown', () => {
    expectNoEdits('HS307', 'd = {"a": 1}\nfor k in d.keys():\n    d.pop(k)\n');
    expectNoEdits('HS307', 'def f(m):\n    return "a" in m.keys()\n');
    expectNoEdits('HS307', 'd = {"a": 1}\nfor _, v in d.items():\n    d[v] = 1\n');
  });
});

describe('HS308 unnecessary-list-copy fixes', () => {
  it('iterates the collection directly', () => {
    expectFix('HS308', 'xs = [1, 2]\nfor x in list(xs):\n    print(x)\n', 'xs = [1, 2]\nfor x in xs:\n    print(x)\n');
  });

  it('keeps a space after `in` when the call had none', () => {
    expectFix('HS308', 'xs = (1, 2)\nfor x in(list)(xs):\n    print(x)\n', 'xs = (1, 2)\nfor x in xs:\n    print(x)\n');
  });

  it('removes `list()` around sorted() and a list comprehension', () => {
    expectFix(
      'HS308',
      'def f(rows):\n    a = list(sorted(rows))\n    b = list([r * 2 for r in rows])\n    return a, b\n',
      'def f(rows):\n    a = sorted(rows)\n    b = [r * 2 for r in rows]\n    return a, b\n',
    );
  });

  it('keeps a multi-line display intact', () => {
    expectFix('HS308', 'for i in list(\n    {\n        1,\n        2,\n    }\n):\n    pass\n', 'for i in {\n        1,\n        2,\n    }:\n    pass\n');
  });

  it('offers no edits when a comment would be lost', () => {
    expectNoEdits('HS308', 'for i in list(  # keep me\n    {1, 2, 3}\n):\n    pass\n');
  });
});

describe('HS305 materialized-argument fixes', () => {
  it('drops the brackets of the only argument', () => {
    expectFix('HS305', 'def f(xs):\n    return any([x > 0 for x in xs])\n', 'def f(xs):\n    return any(x > 0 for x in xs)\n');
  });

  it('parenthesizes the generator when other arguments follow', () => {
    expectFix('HS305', 'def f(xs):\n    return sum([x.n for x in xs], 0)\n', 'def f(xs):\n    return sum((x.n for x in xs), 0)\n');
  });

  it('parenthesizes the generator before a trailing comma', () => {
    expectFix('HS305', 'def f(xs):\n    return all(\n        [x.ok for x in xs],\n    )\n', 'def f(xs):\n    return all(\n        (x.ok for x in xs),\n    )\n');
  });

  it('turns a set comprehension into a generator', () => {
    expectFix('HS305', 'def f(xs):\n    return max({x.n for x in xs})\n', 'def f(xs):\n    return max(x.n for x in xs)\n');
  });

  it('offers no edits when short-circuiting could skip side effects', () => {
    expectNoEdits('HS305', 'def f(xs):\n    return any([check(x) for x in xs])\n');
  });
});
