// Turns a project's `[tool.hotspy]` table plus the CLI flags into the settings one group of files
// is checked with. CLI flags override the file: `--select` starts the selection over, `--ignore`
// removes from it, `--target-version` replaces the version.
//
// The target version, first that says: `--target-version`; `[tool.hotspy] target-version`; the
// interpreter a `hotspy run` profiled; the lower bound of `requires-python` in the nearest
// pyproject.toml (with or without `[tool.hotspy]`), else in the `--config` file; DEFAULT_TARGET.
import { relative } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ConfigError, UsageError } from '../errors.js';
import type { ProjectConfig } from './load.js';
import { expandSelectors, selectorProblem, selectRuleIds, type SelectionLayer } from './selection.js';
import { DEFAULT_TARGET, interpreterTarget, parseTargetVersionFlag, type PythonVersion } from './target-version.js';

export interface CliOverrides {
  select?: string[];
  ignore?: string[];
  targetVersion?: string;
  /** The version of the interpreter that ran the profiled program ("3.11.4"), for `hotspy run`. */
  interpreterVersion?: string;
}

export interface ResolvedSettings {
  config?: ProjectConfig;
  /** Where patterns are relative to: the config's folder, else the working folder. */
  root: string;
  ruleIds: string[];
  targetVersion: PythonVersion;
  /** Whether `exclude` matches a path (absolute; folders get a trailing match too). */
  isExcluded(path: string, isDir: boolean): boolean;
  /** Rule ids `per-file-ignores` turns off for a file. */
  ignoredFor(path: string): ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

export function resolveSettings(
  config: ProjectConfig | undefined,
  cli: CliOverrides,
  ruleIds: readonly string[],
  cwd: string,
  nearestRequiresPython?: PythonVersion,
): ResolvedSettings {
  const root = config?.root ?? cwd;
  const table = config?.table ?? {};
  const label = config ? `${relativeLabel(cwd, config.file)}: [tool.hotspy]` : '';

  const checkList = (list: string[] | undefined, key: string) =>
    list?.forEach((code, i) => {
      const problem = selectorProblem(code, ruleIds);
      if (problem) throw new ConfigError(`${label}.${key}[${i}]: ${problem}`, { hint: 'run `hotspy rules` to list the rules' });
    });
  checkList(table.select, 'select');
  checkList(table.ignore, 'ignore');
  for (const [glob, codes] of Object.entries(table['per-file-ignores'] ?? {})) checkList(codes, `per-file-ignores."${glob}"`);
  for (const [flag, list] of [['--select', cli.select], ['--ignore', cli.ignore]] as const) {
    for (const code of list ?? []) {
      const problem = selectorProblem(code, ruleIds);
      if (problem) throw new UsageError(`${flag}: ${problem}`, { hint: 'run `hotspy rules` to list the rules' });
    }
  }

  const layers: SelectionLayer[] = [{ select: table.select, ignore: table.ignore }];
  if (cli.select || cli.ignore) layers.push({ select: cli.select, ignore: cli.ignore });
  const selected = selectRuleIds(ruleIds, layers);

  const targetVersion =
    (cli.targetVersion !== undefined ? parseTargetVersionFlag(cli.targetVersion) : undefined) ??
    config?.targetVersion ??
    (cli.interpreterVersion !== undefined ? interpreterTarget(cli.interpreterVersion) : undefined) ??
    nearestRequiresPython ??
    config?.requiresPython ??
    DEFAULT_TARGET;

  const excludes = table.exclude?.length ? ignore().add(table.exclude) : undefined;
  const perFile = Object.entries(table['per-file-ignores'] ?? {}).map(([glob, codes]) => ({
    matcher: ignore().add(glob),
    ids: expandSelectors(codes, ruleIds),
  }));

  return {
    config,
    root,
    ruleIds: selected,
    targetVersion,
    isExcluded(path, isDir) {
      if (!excludes) return false;
      const rel = inside(root, path);
      return rel !== undefined && excludes.ignores(isDir ? `${rel}/` : rel);
    },
    ignoredFor(path) {
      if (perFile.length === 0) return NONE;
      const rel = inside(root, path);
      if (rel === undefined) return NONE;
      const out = new Set<string>();
      for (const { matcher, ids } of perFile) if (matcher.ignores(rel)) for (const id of ids) out.add(id);
      return out;
    },
  };
}

/** `path` relative to `root` with `/`, or undefined when outside it (the `ignore` package needs that). */
export function inside(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || /^[A-Za-z]:/.test(rel) || rel.startsWith('/')) return undefined;
  return rel.split('\\').join('/');
}

function relativeLabel(cwd: string, file: string): string {
  return inside(cwd, file) ?? file;
}

export type { Ignore };
