import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPaths, type CheckOptions } from '../../src/check/index.js';
import { HOTSPY_VERSION } from '../../src/version.js';
import { LIST_IN_LOOP, removeTempTrees, tempTree } from './temp-tree.js';

afterAll(removeTempTrees);

/** A tree whose files are old enough for the stat fast path (not "racily" fresh). */
function oldTree(files: Record<string, string>): string {
  const root = tempTree(files);
  const past = new Date(Date.now() - 60_000);
  for (const name of Object.keys(files)) utimesSync(join(root, name), past, past);
  return root;
}

const run = (cwd: string, options: CheckOptions = {}) => checkPaths([], { cwd, threads: 0, select: ['HS101'], ...options });

describe('result cache', () => {
  it('serves an unchanged tree from .hotspy_cache/ in the project root', async () => {
    const root = oldTree({ 'pyproject.toml': '[tool.hotspy]\n', 'a.py': LIST_IN_LOOP, 'b.py': 'x = 1\n' });
    const first = await run(root);
    expect(first.filesCached).toBe(0);
    const second = await run(root);
    expect(second.filesCached).toBe(2);
    expect(second.findings).toEqual(first.findings);
    expect(readdirSync(join(root, '.hotspy_cache')).sort()).toEqual(['.gitignore', 'CACHEDIR.TAG', HOTSPY_VERSION].sort());
  });

  it('re-checks a file whose content changed, and only that one', async () => {
    const root = oldTree({ 'a.py': LIST_IN_LOOP, 'b.py': 'x = 1\n' });
    await run(root);
    writeFileSync(join(root, 'b.py'), LIST_IN_LOOP);
    const result = await run(root);
    expect(result.filesCached).toBe(1);
    expect(result.findings.map((f) => f.path)).toEqual(['a.py', 'b.py']);
  });

  it('re-hashes a touched file but does not parse it when the bytes are the same', async () => {
    const root = oldTree({ 'a.py': LIST_IN_LOOP });
    await run(root);
    const future = new Date(Date.now() - 30_000);
    utimesSync(join(root, 'a.py'), future, future);
    const result = await run(root);
    expect(result.filesCached).toBe(1);
    expect(result.findings).toHaveLength(1);
  });

  it('does not serve a result cached under another hotspy version', async () => {
    const root = oldTree({ 'a.py': LIST_IN_LOOP });
    await run(root, { version: '0.0.1' });
    expect((await run(root, { version: '0.0.1' })).filesCached).toBe(1);
    expect((await run(root, { version: '0.0.2' })).filesCached).toBe(0);
  });

  it('does not serve a result cached under other settings', async () => {
    const root = oldTree({ 'a.py': LIST_IN_LOOP });
    await run(root);
    expect((await run(root, { targetVersion: '3.12' })).filesCached).toBe(0);
    expect((await run(root, { select: ['ALL'] })).filesCached).toBe(0);
    expect((await run(root)).filesCached).toBe(1);
  });

  it('applies per-file-ignores after the cache, so editing them needs no re-check', async () => {
    const root = oldTree({ 'pyproject.toml': '[tool.hotspy]\nselect = ["HS101"]\n', 'a.py': LIST_IN_LOOP });
    expect((await checkPaths([], { cwd: root, threads: 0 })).findings).toHaveLength(1);
    writeFileSync(join(root, 'pyproject.toml'), '[tool.hotspy]\nselect = ["HS101"]\nper-file-ignores = { "a.py" = ["HS101"] }\n');
    const result = await checkPaths([], { cwd: root, threads: 0 });
    expect(result.filesCached).toBe(1);
    expect(result.findings).toEqual([]);
  });

  it('survives a corrupt cache file and --no-cache leaves no cache behind', async () => {
    const root = oldTree({ 'a.py': LIST_IN_LOOP });
    await run(root, { cacheDir: 'c' });
    const versionDir = join(root, 'c', readdirSync(join(root, 'c')).find((n) => /^\d/.test(n))!);
    for (const name of readdirSync(versionDir)) writeFileSync(join(versionDir, name), '{ not json');
    expect((await run(root, { cacheDir: 'c' })).findings).toHaveLength(1);

    const bare = oldTree({ 'a.py': LIST_IN_LOOP });
    await run(bare, { cache: false });
    expect(readdirSync(bare)).toEqual(['a.py']);
  });

  it('stores one index file per settings, not a file per source file', async () => {
    const root = oldTree({ 'a.py': LIST_IN_LOOP, 'b.py': LIST_IN_LOOP, 'c.py': LIST_IN_LOOP });
    await run(root, { cacheDir: 'c' });
    const versionDir = join(root, 'c', readdirSync(join(root, 'c')).find((n) => /^\d/.test(n))!);
    const files = readdirSync(versionDir);
    expect(files).toHaveLength(1);
    const index = JSON.parse(readFileSync(join(versionDir, files[0]), 'utf8'));
    expect(index.format).toBe(1);
    expect(Object.keys(index.files)).toHaveLength(3);
  });
});
