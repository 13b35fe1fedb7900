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
    expect(new ConfigFinder(root).forDir(root)?.targetVersion).toEqual([3, 12]);
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
