import { symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverFiles } from '../../src/check/discover.js';
import { ConfigFinder } from '../../src/config/find.js';
import { resolveSettings } from '../../src/config/resolve.js';
import { removeTempTrees, tempTree } from './temp-tree.js';

afterAll(removeTempTrees);

function discover(root: string, paths: string[] = ['.']) {
  const finder = new ConfigFinder(root);
  const found = discoverFiles(paths, root, (dir) => resolveSettings(finder.forDir(dir), {}, ['HS101'], root));
  return {
    files: found.files.map((f) => relative(root, f.path).split('\\').join('/')),
    problems: found.problems.map((p) => ({ path: relative(root, p.path), message: p.message })),
  };
}

describe('file discovery', () => {
  it('finds .py files and skips caches, VCS folders and virtual environments', () => {
    const root = tempTree({
      'a.py': '',
      'pkg/b.py': '',
      'pkg/notes.txt': '',
      'pkg/stub.pyi': '',
      '.git/hooks/x.py': '',
      '__pycache__/c.py': '',
      'node_modules/d.py': '',
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/e.py': '',
      '.hotspy_cache/f.py': '',
    });
    expect(discover(root).files).toEqual(['a.py', 'pkg/b.py']);
  });

  it('honours .gitignore files, nested ones relative to their folder', () => {
    const root = tempTree({
      '.git/HEAD': '',
      '.gitignore': 'build/\ngenerated_*.py\n',
      'keep.py': '',
      'generated_one.py': '',
      'build/out.py': '',
      'pkg/.gitignore': '/local.py\n!generated_keep.py\n',
      'pkg/local.py': '',
      'pkg/sub/local.py': '',
      'pkg/generated_keep.py': '',
    });
    expect(discover(root).files).toEqual(['keep.py', 'pkg/generated_keep.py', 'pkg/sub/local.py']);
  });

  it("honours a parent folder's .gitignore inside the repository", () => {
    const root = tempTree({ '.git/HEAD': '', '.gitignore': '*_pb2.py\n', 'src/a.py': '', 'src/a_pb2.py': '' });
    const finder = new ConfigFinder(root);
    const found = discoverFiles(['.'], join(root, 'src'), (dir) => resolveSettings(finder.forDir(dir), {}, ['HS101'], root));
    expect(found.files.map((f) => relative(root, f.path))).toEqual(['src/a.py']);
  });

  it('still checks a folder named on the command line that a parent .gitignore ignores', () => {
    const root = tempTree({ '.git/HEAD': '', '.gitignore': '/versions/\n', 'versions/lib/a.py': '' });
    expect(discover(root, ['versions/lib']).files).toEqual(['versions/lib/a.py']);
  });

  it('applies the config exclude as gitignore patterns from the pyproject folder', () => {
    const root = tempTree({
      'pyproject.toml': '[tool.hotspy]\nexclude = ["migrations/", "*_gen.py"]\n',
      'app/models.py': '',
      'app/migrations/0001.py': '',
      'app/x_gen.py': '',
    });
    expect(discover(root).files).toEqual(['app/models.py']);
  });

  it('always checks files named explicitly, even excluded ones', () => {
    const root = tempTree({ 'pyproject.toml': '[tool.hotspy]\nexclude = ["*_gen.py"]\n', 'x_gen.py': '' });
    expect(discover(root, ['x_gen.py']).files).toEqual(['x_gen.py']);
  });

  it('reports missing paths and broken links without stopping', () => {
    const root = tempTree({ 'ok.py': '' });
    symlinkSync(join(root, 'gone.py'), join(root, 'dangling.py'));
    const found = discover(root, ['.', 'missing.py']);
    expect(found.files).toEqual(['ok.py']);
    expect(found.problems).toEqual([
      { path: 'dangling.py', message: 'broken symbolic link: its target does not exist' },
      { path: 'missing.py', message: 'no such file or directory' },
    ]);
  });
});
