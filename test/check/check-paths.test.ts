import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPaths } from '../../src/check/index.js';
import { LIST_IN_LOOP, removeTempTrees, tempTree } from './temp-tree.js';

afterAll(removeTempTrees);

const run = (cwd: string, paths: string[] = [], options = {}) => checkPaths(paths, { cwd, cache: false, threads: 0, ...options });

describe('checkPaths', () => {
  it('reports findings with paths relative to cwd, sorted', async () => {
    const root = tempTree({ 'b.py': LIST_IN_LOOP, 'a/c.py': LIST_IN_LOOP, 'clean.py': 'x = 1\n' });
    const result = await run(root, [], { select: ['HS101'] });
    expect(result.findings.map((f) => `${f.path}:${f.line}:${f.column} ${f.rule}`)).toEqual(['a/c.py:3:8 HS101', 'b.py:3:8 HS101']);
    expect(result.filesChecked).toBe(3);
    expect(result.errors).toEqual([]);
  });

  it('honours suppression comments end to end', async () => {
    const root = tempTree({
      'a.py': LIST_IN_LOOP.replace('if word in names:', 'if word in names:  # noqa: HS101'),
      'b.py': LIST_IN_LOOP.replace('if word in names:', 'if word in names:  # hotspy: ignore[HS101]'),
      'c.py': LIST_IN_LOOP.replace('if word in names:', 'if word in names:  # noqa'),
      'd.py': LIST_IN_LOOP.replace('if word in names:', 'if word in names:  # noqa: HS307'),
    });
    const result = await run(root, [], { select: ['HS101'] });
    expect(result.findings.map((f) => f.path)).toEqual(['d.py']);
  });

  it('applies per-file-ignores globs from the config', async () => {
    const root = tempTree({
      'pyproject.toml': '[tool.hotspy]\nselect = ["HS101"]\n[tool.hotspy.per-file-ignores]\n"tests/**" = ["HS1"]\n"legacy_*.py" = ["HS101"]\n',
      'tests/test_x.py': LIST_IN_LOOP,
      'legacy_a.py': LIST_IN_LOOP,
      'app.py': LIST_IN_LOOP,
    });
    expect((await run(root)).findings.map((f) => f.path)).toEqual(['app.py']);
  });

  it('uses the config selection and lets CLI flags override it', async () => {
    const root = tempTree({ 'pyproject.toml': '[tool.hotspy]\nignore = ["HS101"]\n', 'app.py': LIST_IN_LOOP });
    expect((await run(root)).findings.filter((f) => f.rule === 'HS101')).toEqual([]);
    expect((await run(root, [], { select: ['HS101'] })).findings.map((f) => f.rule)).toEqual(['HS101']);
  });

  it('keeps checking after a syntax error, in that file and the others', async () => {
    const root = tempTree({ 'broken.py': `def f(:\n    pass\n\n${LIST_IN_LOOP}`, 'ok.py': LIST_IN_LOOP });
    const result = await run(root, [], { select: ['HS101'] });
    expect(result.findings.map((f) => `${f.path}:${f.line} ${f.rule}`)).toEqual(['broken.py:1 HS000', 'broken.py:6 HS101', 'ok.py:3 HS101']);
  });

  it('turns unreadable bytes into one error per file', async () => {
    const root = tempTree({
      'latin.py': Buffer.from('s = "caf\xe9"\n', 'latin1'),
      'declared.py': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\n'), Buffer.from('s = "caf\xe9"\n', 'latin1')]),
      'binary.py': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]),
      'bom.py': Buffer.from([0xef, 0xbb, 0xbf]),
      'empty.py': '',
    });
    const result = await run(root);
    expect(result.errors).toEqual([
      { path: 'binary.py', message: 'binary file (contains NUL bytes), not Python source' },
      { path: 'latin.py', message: expect.stringMatching(/^not valid UTF-8 \(byte 0xe9 at offset 8\)/) },
    ]);
    expect(result.findings).toEqual([]);
    expect(result.filesChecked).toBe(3);
  });

  it('checks a file that grew a BOM the same as without it', async () => {
    const root = tempTree({ 'a.py': `\ufeff${LIST_IN_LOOP}` });
    const result = await run(root, [], { select: ['HS101'] });
    expect(result.findings.map((f) => `${f.line}:${f.column}`)).toEqual(['3:8']);
  });

  it('writes the report paths with / and outside cwd as absolute paths', async () => {
    const root = tempTree({ 'x/a.py': LIST_IN_LOOP });
    const elsewhere = tempTree({});
    const result = await run(elsewhere, [join(root, 'x')], { select: ['HS101'] });
    expect(result.findings[0].path).toBe(join(root, 'x/a.py').split('\\').join('/'));
    writeFileSync(join(root, 'x/a.py'), 'pass\n');
  });
});
