// The purity fact (src/python/purity.ts) on real Python modules: each def line of the fixture
// carries `# purity: <verdict> [kinds]`, each line where an effect must be seen `# effect: <kind>`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initPython } from '../../src/python/parser.js';
import { sourcePurity } from '../../src/python/purity.js';

const fixture = new URL('../fixtures/purity/module.py', import.meta.url).pathname;

beforeAll(async () => {
  await initPython();
});

const purity = (lines: string[]) => sourcePurity(lines.join('\n'));
const one = (lines: string[], name: string) => {
  const found = purity(lines).find((p) => p.qualname === name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
};

describe('functionPurity on the fixture module', () => {
  const text = readFileSync(fixture, 'utf8');
  const lines = text.split('\n');

  it('is a module python3 compiles', () => {
    // compile() only: py_compile would leave a __pycache__ in the repository
    execFileSync('python3', ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', fixture]);
  });

  it('gives each function its marked verdict and effect kinds', () => {
    const records = sourcePurity(text);
    const expected = lines.flatMap((l, i) => {
      const m = /# purity: (pure|impure|unknown)\s*([\w,-]*)/.exec(l);
      return m ? [{ line: i + 1, verdict: m[1], kinds: m[2] ? m[2].split(',').sort() : [] }] : [];
    });
    expect(expected.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const e of expected) {
      const r = records.find((p) => p.line === e.line);
      if (!r) {
        problems.push(`line ${e.line}: no function`);
        continue;
      }
      const kinds = [...new Set(r.reasons.map((x) => x.kind))].sort();
      if (r.verdict !== e.verdict || (e.verdict === 'impure' && kinds.join() !== e.kinds.join())) {
        problems.push(`${r.qualname}: expected ${e.verdict} ${e.kinds.join()}, got ${r.verdict} ${kinds.join()} ${JSON.stringify(r.reasons)} ${JSON.stringify(r.unknownCalls)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('places each effect on its marked line, inside the function that has it', () => {
    const records = sourcePurity(text);
    const problems: string[] = [];
    lines.forEach((l, i) => {
      const m = /# effect: ([\w-]+)/.exec(l);
      if (!m) return;
      const owner = records.filter((p) => p.line <= i + 1 && p.endLine >= i + 1).sort((a, b) => b.line - a.line)[0];
      if (!owner?.reasons.some((r) => r.line === i + 1 && r.kind === m[1])) {
        problems.push(`line ${i + 1}: no ${m[1]} effect in ${owner?.qualname} (${JSON.stringify(owner?.reasons)})`);
      }
    });
    expect(problems).toEqual([]);
  });

  it('names the function an effect was reached through', () => {
    const report = sourcePurity(text).find((p) => p.qualname === 'report')!;
    expect(report.reasons[0].via).toEqual(['stamp_twice', 'stamp']);
    const normalize = sourcePurity(text).find((p) => p.qualname === 'normalize')!;
    expect(normalize.writtenParameters).toEqual(['rows']);
  });
});

describe('functionPurity, single cases', () => {
  it('counts a global changed only at module level as constant, and one changed by a function as state', () => {
    const src = ['LIMITS = {"a": 1}', 'LIMITS["b"] = 2', '', 'def limit(k):', '    return LIMITS[k]', ''];
    expect(one(src, 'limit').verdict).toBe('pure');
    const changed = [...src, 'def set_limit(k, v):', '    LIMITS[k] = v', ''];
    expect(one(changed, 'limit').reasons.map((r) => r.kind)).toEqual(['global-read']);
    expect(one(changed, 'set_limit').reasons.map((r) => r.kind)).toEqual(['global-write']);
  });

  it('follows an alias of an argument and a local copy', () => {
    const src = [
      'def first_tag(rows):',
      '    row = rows[0]',
      '    row.tag = True',
      '',
      'def copied(rows):',
      '    mine = list(rows)',
      '    mine.append(1)',
      '    return mine',
      '',
    ];
    expect(one(src, 'first_tag').writtenParameters).toEqual(['rows']);
    expect(one(src, 'copied').verdict).toBe('pure');
  });

  it('sees effects of objects made by effectful calls and methods named like the DB-API', () => {
    const src = [
      'import logging, requests',
      'log = logging.getLogger("x")',
      'session = requests.Session()',
      '',
      'def a(x):',
      '    log.debug("x")',
      '    return x',
      '',
      'def b(u):',
      '    return session.get(u)',
      '',
      'def c(cursor, k):',
      '    cursor.execute("select 1")',
      '    return cursor.fetchall()',
      '',
    ];
    expect(one(src, 'a').reasons.map((r) => r.kind)).toEqual(['log']);
    expect(one(src, 'b').reasons.map((r) => r.kind)).toEqual(['network']);
    expect(one(src, 'c').reasons.map((r) => r.kind)).toEqual(['database', 'database']);
  });

  it('answers unknown for calls it cannot see through, not pure and not impure', () => {
    const src = ['from mylib import score', '', 'def best(xs):', '    return max(score(x) for x in xs)', ''];
    const r = one(src, 'best');
    expect(r.verdict).toBe('unknown');
    expect(r.pure).toBe(false);
    expect(r.unknownCalls.map((u) => u.callee)).toEqual(['score']);
  });

  it('keeps a nested function to itself unless the outer one calls it', () => {
    const src = [
      'import time',
      '',
      'def outer(x):',
      '    def later():',
      '        return time.time()',
      '    return x + 1, later',
      '',
      'def caller(x):',
      '    def now():',
      '        return time.time()',
      '    return x + now()',
      '',
    ];
    expect(one(src, 'outer').verdict).toBe('pure');
    expect(one(src, 'outer.later').reasons.map((r) => r.kind)).toEqual(['clock']);
    expect(one(src, 'caller').reasons.map((r) => r.kind)).toEqual(['clock']);
  });

  it('marks generators, and treats registration at import time as configuration', () => {
    const src = [
      'PLUGINS = {}',
      '',
      'def register(name, fn):',
      '    PLUGINS[name] = fn',
      '',
      'register("a", len)',
      '',
      'def plugin(name):',
      '    return PLUGINS[name]',
      '',
      'def walk(xs):',
      '    for x in xs:',
      '        yield x',
      '',
      'if __name__ == "__main__":',
      '    print(plugin("a"), list(walk([1])))',
      '',
    ];
    expect(one(src, 'plugin').verdict).toBe('pure');
    expect(one(src, 'walk').generator).toBe(true);
    expect(one(src, 'plugin').generator).toBe(false);
    // called again from the program's main block: the global now changes while it runs
    const later = [...src, '    register("b", abs)', ''];
    expect(one(later, 'plugin').reasons.map((r) => r.kind)).toEqual(['global-read']);
  });
});
