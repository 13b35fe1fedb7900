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
    expectFix(
      'HS307',
      'def f():\n    d = {"a": 1}\n    for _, v in d.items():\n        print(v)\n',
      'def f():\n    d = {"a": 1}\n    for v in d.values():\n        print(v)\n',
    );
  });

  it('turns an items loop that ignores the value into a loop over the dict', () => {
    expectFix(
      'HS307',
      'def f():\n    d = {"a": 1}\n    for (k, _) in d.items():\n        print(k)\n    return [v for __, v in d.items()]\n',
      'def f():\n    d = {"a": 1}\n    for k in d:\n        print(k)\n    return [v for v in d.values()]\n',
    );
  });

  it('keeps the items loop when the dropped name is still bound for someone', () => {
    // `_` is gettext elsewhere in the function: after the edit it would no longer be a local
    expectNoEdits('HS307', 'def f(d: dict):\n    for _, v in d.items():\n        print(v)\n    return _("done")\n');
    // a closure reads the loop variable after the loop
    expectNoEdits('HS307', 'def f(d: dict):\n    def last():\n        return _v\n    for k, _v in d.items():\n        print(k)\n    return last()\n');
    // at module level the loop variable is also a module attribute
    expectNoEdits('HS307', 'd = {"a": 1}\nfor _, v in d.items():\n    print(v)\n');
    // locals() sees every name
    expectNoEdits('HS307', 'def f(d: dict):\n    for k, _ in d.items():\n        print(k)\n    return locals()\n');
  });

  it('offers no edit that would drop a comment', () => {
    expectNoEdits('HS307', 'd = {"a": 1}\nfor k in d.keys(  # the keys\n):\n    print(k)\n');
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

  it('drops the copy of a private local that only the loop names', () => {
    expectFix(
      'HS308',
      'def f(rows):\n    seen = {r.key: r for r in rows}\n    out = []\n    for k in list(seen.keys()):\n        out.append(process(k))\n    return out\n',
      'def f(rows):\n    seen = {r.key: r for r in rows}\n    out = []\n    for k in seen.keys():\n        out.append(process(k))\n    return out\n',
    );
    expectFix('HS308', 'def f(s: str):\n    for c in list(s):\n        handle(c)\n', 'def f(s: str):\n    for c in s:\n        handle(c)\n');
  });

  it('keeps the copy when a generator is drained by the collection it reads', () => {
    // `update` adds to `edges` while the generator still iterates it: "Set changed size during iteration";
    // the copy is needed, as when the loop body mutates it, so the rule is silent
    expect(check('HS308', 'def f(pairs):\n    edges = set(pairs)\n    edges.update((v, u) for u, v in list(edges))\n    return edges\n').filter((f) => f.rule === 'HS308')).toEqual([]);
    // a stored generator runs later, after `d` has changed
    expectNoEdits('HS308', 'def f():\n    d = {"a": 1}\n    keys = (k for k in list(d))\n    d.clear()\n    return keys\n');
    // a drained generator whose consumer calls back into user code
    expectNoEdits('HS308', 'def f(s: set):\n    return max((x for x in list(s)), key=s.discard)\n');
  });

  it('keeps the copy when a function the loop calls can reach the collection', () => {
    // `d` is also an attribute that `self.evict()` deletes from
    expectNoEdits(
      'HS308',
      'class C:\n    def run(self):\n        d = {}\n        self.buckets = d\n        for b in list(d.keys()):\n            self.evict(b)\n',
    );
    // a closure over `d` deletes from it
    expectNoEdits('HS308', 'def f():\n    d = {"a": 1}\n    def drop(k):\n        del d[k]\n    for b in list(d.keys()):\n        drop(b)\n');
    // the dict was handed to a function that may keep it
    expectNoEdits('HS308', 'def f(reg):\n    d = {}\n    reg.watch(d)\n    for b in list(d):\n        reg.fire(b)\n');
    // a parameter: the caller holds it, and `cleanup` may too
    expectNoEdits('HS308', 'def f(d: dict):\n    for b in list(d):\n        cleanup(b)\n');
  });

  it('keeps the copy when the loop stores through another name or yields', () => {
    expectNoEdits('HS308', 'def f(xs: list):\n    alias = xs\n    for x in list(xs):\n        del alias[0]\n');
    expectNoEdits('HS308', 'def f(xs: list):\n    for x in list(xs):\n        yield x\n');
  });
});

describe('HS305 materialized-argument fixes', () => {
  it('drops the brackets of the only argument', () => {
    expectFix('HS305', 'def f(xs: list):\n    return any([x > 0 for x in xs])\n', 'def f(xs: list):\n    return any(x > 0 for x in xs)\n');
    expectFix('HS305', 'def f(xs):\n    return sum([x.n * 2 for x in xs])\n', 'def f(xs):\n    return sum(x.n * 2 for x in xs)\n');
  });

  it('parenthesizes the generator when other arguments follow', () => {
    expectFix('HS305', 'def f(xs):\n    return sum([x.n for x in xs], 0)\n', 'def f(xs):\n    return sum((x.n for x in xs), 0)\n');
  });

  it('parenthesizes the generator before a trailing comma', () => {
    expectFix('HS305', 'def f(xs: list):\n    return all(\n        [x.ok for x in xs],\n    )\n', 'def f(xs: list):\n    return all(\n        (x.ok for x in xs),\n    )\n');
  });

  it('keeps a set comprehension: deduplication decides which of equal elements max() returns, and raises on unhashable ones', () => {
    expectNoEdits('HS305', 'def f(xs):\n    return max({x.n for x in xs})\n');
  });

  it('offers no edits when short-circuiting could skip side effects', () => {
    expectNoEdits('HS305', 'def f(xs: list):\n    return any([check(x) for x in xs])\n');
  });

  it('offers no edits when laziness changes the order or kind of what happens', () => {
    // `next()` raising StopIteration inside a generator becomes RuntimeError
    expectNoEdits('HS305', 'def f(it, n):\n    return sum([next(it) for _ in range(n)])\n');
    // the element calls code that runs interleaved with the consumer's own `key=` callback
    expectNoEdits('HS305', 'def f(xs):\n    return max([score(x) for x in xs], key=len)\n');
    // `key=` is a user function: it now runs between element computations
    expectNoEdits('HS305', 'def f(xs):\n    return max([x.n for x in xs], key=rank)\n');
    // the start value is computed after the list but before the generator's elements
    expectNoEdits('HS305', 'def f(xs):\n    return sum([x for x in xs], xs.pop())\n');
    // an inner loop's iterable is a call evaluated lazily
    expectNoEdits('HS305', 'def f(xs):\n    return sum([y for x in xs for y in children(x)])\n');
  });

  it('offers no edits when any()/all() stopping early is observable', () => {
    // a file (or any iterator) would be left part-read instead of exhausted
    expectNoEdits('HS305', 'def f(lines):\n    return any([l.startswith("#") for l in lines])\n');
    // the list raises KeyError on a later element; the generator returns True before reaching it
    expectNoEdits('HS305', 'def f(keys: list, d: dict):\n    return any([d[k] > 0 for k in keys])\n');
    expectNoEdits('HS305', 'def f(xs: list):\n    return all([1 / x > 0 for x in xs])\n');
    // the module passes lists, but a caller elsewhere may pass a generator
    expectNoEdits('HS305', 'def f(xs):\n    return any([x > 0 for x in xs])\n\nf([1, 2])\n');
  });

  it('rewrites any()/all() over collections and fresh iterators over them', () => {
    expectFix(
      'HS305',
      'def f(d: dict, xs: tuple):\n    return any([v > 0 for k, v in d.items()]) or all([i < x for i, x in enumerate(xs)])\n',
      'def f(d: dict, xs: tuple):\n    return any(v > 0 for k, v in d.items()) or all(i < x for i, x in enumerate(xs))\n',
    );
  });
});
