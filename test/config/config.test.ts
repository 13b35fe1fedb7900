import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigFinder } from '../../src/config/find.js';
import { resolveSettings } from '../../src/config/resolve.js';
import { lowestAllowed, parseTargetVersion } from '../../src/config/target-version.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import { removeTempTrees, tempTree } from '../check/temp-tree.js';

afterAll(removeTempTrees);

const ids = ['HS101', 'HS102', 'HS301'];

function configError(pyproject: string): string {
  const root = tempTree({ 'pyproject.toml': pyproject });
  try {
    const finder = new ConfigFinder(root);
    resolveSettings(finder.forDir(root), {}, ids, root);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('target versions', () => {
  it('reads "3.10" and "py310" and rejects the rest', () => {
    expect(parseTargetVersion('3.10')).toEqual([3, 10]);
    expect(parseTargetVersion('py310')).toEqual([3, 10]);
    expect(parseTargetVersion('py38')).toEqual([3, 8]);
    expect(parseTargetVersion('py3')).toBeUndefined();
    expect(parseTargetVersion('3.7')).toBeUndefined();
    expect(parseTargetVersion('2.7')).toBeUndefined();
  });

  it('takes the lowest version requires-python allows', () => {
    expect(lowestAllowed('>=3.9')).toEqual([3, 9]);
    expect(lowestAllowed('>=3.9, <4')).toEqual([3, 9]);
    expect(lowestAllowed('~=3.11')).toEqual([3, 11]);
    expect(lowestAllowed('>3.8')).toEqual([3, 9]);
    expect(lowestAllowed('==3.12.*')).toEqual([3, 12]);
    expect(lowestAllowed('<3.13')).toBeUndefined();
  });
});

describe('finding the config', () => {
  it('uses the nearest pyproject.toml that has [tool.hotspy], skipping those without it', () => {
    const root = tempTree({
      'pyproject.toml': '[tool.hotspy]\nselect = ["HS1"]\n',
      'pkg/pyproject.toml': '[project]\nname = "pkg"\n',
      'pkg/sub/pyproject.toml': '[tool.hotspy]\nselect = ["HS3"]\n',
      'pkg/sub/deeper/x.py': '',
    });
    const finder = new ConfigFinder(root);
    expect(finder.forDir(join(root, 'pkg'))?.file).toBe(join(root, 'pyproject.toml'));
    expect(finder.forDir(join(root, 'pkg/sub/deeper'))?.file).toBe(join(root, 'pkg/sub/pyproject.toml'));
    expect(finder.forDir(join(root, 'pkg/sub/deeper'))?.table.select).toEqual(['HS3']);
  });

  it('applies --config to every folder', () => {
    const root = tempTree({
      'pyproject.toml': '[tool.hotspy]\nselect = ["HS1"]\n',
      'other/hotspy.toml': 'select = ["HS301"]\ntarget-version = "3.12"\n',
    });
    const finder = new ConfigFinder(root, join(root, 'other/hotspy.toml'));
    const config = finder.forDir(root);
    expect(config?.table.select).toEqual(['HS301']);
    expect(config?.targetVersion).toEqual([3, 12]);
  });

  it('fills a missing target-version from [project] requires-python', () => {
    const root = tempTree({ 'pyproject.toml': '[project]\nrequires-python = ">=3.12"\n[tool.hotspy]\n' });
    expect(targetFor(root, root)).toEqual([3, 12]);
  });
});

/** The target version a file in `dir` is checked with, as the check engine resolves it. */
function targetFor(root: string, dir: string, cli: { targetVersion?: string; interpreterVersion?: string } = {}, explicit?: string) {
  const finder = new ConfigFinder(root, explicit);
  return resolveSettings(finder.forDir(dir), cli, ids, root, finder.requiresPythonFor(dir)?.version).targetVersion;
}

describe('the target version, in order', () => {
  it('honours requires-python in a pyproject.toml without [tool.hotspy]', () => {
    const root = tempTree({ 'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.12"\n', 'src/app.py': '' });
    expect(targetFor(root, join(root, 'src'))).toEqual([3, 12]);
  });

  it('takes requires-python from the nearest pyproject.toml, and the selection from the nearest [tool.hotspy]', () => {
    const root = tempTree({
      'pyproject.toml': '[project]\nrequires-python = ">=3.8"\n[tool.hotspy]\nselect = ["HS1"]\n',
      'pkg/pyproject.toml': '[project]\nrequires-python = ">=3.12"\n',
      'pkg/x.py': '',
      'other/y.py': '',
    });
    const finder = new ConfigFinder(root);
    const pkg = join(root, 'pkg');
    expect(finder.forDir(pkg)?.file).toBe(join(root, 'pyproject.toml'));
    expect(targetFor(root, pkg)).toEqual([3, 12]);
    expect(targetFor(root, join(root, 'other'))).toEqual([3, 8]);
  });

  it('skips a pyproject.toml that declares no lower bound', () => {
    const root = tempTree({ 'pyproject.toml': '[project]\nrequires-python = ">=3.9"\n', 'pkg/pyproject.toml': '[project]\nname = "pkg"\n' });
    expect(targetFor(root, join(root, 'pkg'))).toEqual([3, 9]);
  });

  it('puts --target-version, then target-version, then the interpreter, then requires-python, then 3.10', () => {
    const withTable = tempTree({ 'pyproject.toml': '[project]\nrequires-python = ">=3.9"\n[tool.hotspy]\ntarget-version = "3.11"\n' });
    expect(targetFor(withTable, withTable, { targetVersion: 'py38', interpreterVersion: '3.13.1' })).toEqual([3, 8]);
    expect(targetFor(withTable, withTable, { interpreterVersion: '3.13.1' })).toEqual([3, 11]);
    const requiresOnly = tempTree({ 'pyproject.toml': '[project]\nrequires-python = ">=3.9"\n' });
    expect(targetFor(requiresOnly, requiresOnly, { interpreterVersion: '3.13.1' })).toEqual([3, 13]);
    expect(targetFor(requiresOnly, requiresOnly)).toEqual([3, 9]);
    const bare = tempTree({ 'x.py': '' });
    expect(targetFor(bare, bare)).toEqual([3, 10]);
    expect(targetFor(bare, bare, { interpreterVersion: '3.7.9' })).toEqual([3, 8]);
    expect(targetFor(bare, bare, { interpreterVersion: '3.16.0a1' })).toEqual([3, 14]);
  });

  it('falls back to requires-python of a --config file that is not on the path', () => {
    const root = tempTree({ 'conf/pyproject.toml': '[project]\nrequires-python = "~=3.12"\n[tool.hotspy]\n', 'src/a.py': '' });
    expect(targetFor(root, join(root, 'src'), {}, join(root, 'conf/pyproject.toml'))).toEqual([3, 12]);
  });

  it('rejects a bad --target-version as a usage error', () => {
    const root = tempTree({ 'x.py': '' });
    expect(() => targetFor(root, root, { targetVersion: '3.7' })).toThrow(UsageError);
  });
});

describe('config validation messages', () => {
  it('names the unknown key and suggests the right one', () => {
    expect(configError('[tool.hotspy]\nselct = ["HS1"]\n')).toBe('pyproject.toml: [tool.hotspy] unknown key "selct" (did you mean "select"?)');
  });

  it('lists the known keys when nothing is close', () => {
    expect(configError('[tool.hotspy]\nfrobnicate = 1\n')).toMatch(/unknown key "frobnicate" \(known keys: select, ignore, exclude/);
  });

  it('says what a bad target-version should look like', () => {
    expect(configError('[tool.hotspy]\ntarget-version = "py3"\n')).toBe('pyproject.toml: [tool.hotspy].target-version: expected "3.8"…"3.14", got "py3"');
  });

  it('names the key and index of a bad value', () => {
    expect(configError('[tool.hotspy]\nselect = "HS1"\n')).toBe('pyproject.toml: [tool.hotspy].select: expected a list');
    expect(configError('[tool.hotspy]\nignore = ["HS1", 7]\n')).toBe('pyproject.toml: [tool.hotspy].ignore[1]: expected a string');
    expect(configError('[tool.hotspy]\nselect = ["HS9"]\n')).toBe('pyproject.toml: [tool.hotspy].select[0]: unknown rule selector "HS9": no rule starts with HS9');
    expect(configError('[tool.hotspy.per-file-ignores]\n"tests/*" = ["nope"]\n')).toMatch(/^pyproject.toml: \[tool.hotspy\].per-file-ignores."tests\/\*"\[0\]: "nope" is not a rule selector/);
  });

  it('reports TOML syntax errors with the file and line', () => {
    expect(configError('[tool.hotspy]\nselect = [\n')).toMatch(/^pyproject.toml: not valid TOML: .*\(line \d+\)$/);
  });

  it('rejects bad CLI selectors and versions as usage errors', () => {
    const root = tempTree({});
    expect(() => resolveSettings(undefined, { select: ['HSX'] }, ids, root)).toThrow(UsageError);
    expect(() => resolveSettings(undefined, { targetVersion: '4.0' }, ids, root)).toThrow('--target-version: expected "3.8"…"3.14", got "4.0"');
  });
});
