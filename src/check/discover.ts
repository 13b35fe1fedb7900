// Finds the Python files under the given paths: `.gitignore` files (nested ones too, and those
// of parent folders up to the repository root), each project's `exclude`, and folders that are
// never source (VCS data, caches, virtual environments). Files named explicitly are always checked.
import { existsSync, lstatSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ResolvedSettings } from '../config/resolve.js';

export interface SourceFile {
  path: string;
  settings: ResolvedSettings;
}

export interface Discovery {
  files: SourceFile[];
  /** Paths that could not be looked at, with why (absolute path, message). */
  problems: { path: string; message: string }[];
  /** The folders walked, so the cache can forget files that are gone from them. */
  walked: string[];
}

/** Folder names that never hold the project's own source. */
const SKIPPED_DIRS = new Set([
  '.git', '.hg', '.svn', '.bzr', '.jj', '__pycache__', '.hotspy_cache', '.ruff_cache', '.mypy_cache',
  '.pytest_cache', '.pytype', '.tox', '.nox', '.eggs', '.venv', '.direnv', '__pypackages__',
  'node_modules', 'site-packages', '.ipynb_checkpoints',
]);

interface GitignoreLayer {
  base: string;
  matcher: Ignore;
}

export function discoverFiles(paths: string[], cwd: string, settingsFor: (dir: string) => ResolvedSettings): Discovery {
  const files = new Map<string, SourceFile>();
  const problems: Discovery['problems'] = [];
  const walked: string[] = [];

  for (const given of paths) {
    const path = resolve(cwd, given);
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      problems.push({ path, message: describeFsError(error, path) });
      continue;
    }
    if (stats.isDirectory()) {
      walked.push(path);
      walkDir(path, ancestorGitignores(path), settingsFor, files, problems);
    } else if (!files.has(path)) {
      files.set(path, { path, settings: settingsFor(dirname(path)) });
    }
  }
  const sorted = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files: sorted, problems, walked };
}

function walkDir(
  root: string,
  inherited: GitignoreLayer[],
  settingsFor: (dir: string) => ResolvedSettings,
  files: Map<string, SourceFile>,
  problems: Discovery['problems'],
): void {
  const stack: { dir: string; layers: GitignoreLayer[] }[] = [{ dir: root, layers: inherited }];
  while (stack.length > 0) {
    const { dir, layers: outer } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, message: describeFsError(error, dir) });
      continue;
    }
    // A virtual environment holds installed packages, not the project's code.
    if (dir !== root && entries.some((e) => e.name === 'pyvenv.cfg')) continue;
    let layers = outer;
    if (entries.some((e) => e.name === '.gitignore' && !e.isDirectory())) {
      const layer = readGitignore(dir);
      if (layer) layers = [...outer, layer];
    }
    const settings = settingsFor(dir);
    const subdirs: string[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // Linked files are checked; linked folders are not followed (they can form cycles).
        if (!entry.name.endsWith('.py')) continue;
        try {
          const target = statSync(path);
          isDir = false;
          isFile = target.isFile();
        } catch (error) {
          if (!isIgnored(layers, path, false)) problems.push({ path, message: describeFsError(error, path) });
          continue;
        }
      }
      if (isDir) {
        if (SKIPPED_DIRS.has(entry.name) || isIgnored(layers, path, true) || settings.isExcluded(path, true)) continue;
        subdirs.push(path);
      } else if (isFile && entry.name.endsWith('.py')) {
        if (isIgnored(layers, path, false) || settings.isExcluded(path, false)) continue;
        if (!files.has(path)) files.set(path, { path, settings });
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push({ dir: subdirs[i], layers });
  }
}

/** Like git, the deepest .gitignore that has an opinion decides (`!pattern` re-includes). */
function isIgnored(layers: GitignoreLayer[], path: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const { base, matcher } = layers[i];
    const rel = relative(base, path).split(sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    const verdict = matcher.test(isDir ? `${rel}/` : rel);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

function readGitignore(dir: string): GitignoreLayer | undefined {
  try {
    return { base: dir, matcher: ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

/** `.gitignore` files of the folders above `dir`, up to the repository root (the folder with `.git`). */
function ancestorGitignores(dir: string): GitignoreLayer[] {
  const chain: string[] = [];
  let current = dirname(dir);
  let inRepo = existsSync(join(dir, '.git'));
  if (!inRepo) {
    for (;;) {
      chain.push(current);
      if (existsSync(join(current, '.git'))) {
        inRepo = true;
        break;
      }
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  if (!inRepo) return [];
  const layers: GitignoreLayer[] = [];
  for (const d of chain.reverse()) {
    if (!existsSync(join(d, '.gitignore'))) continue;
    const layer = readGitignore(d);
    // A folder named on the command line is checked even when a parent's .gitignore ignores it
    // (pyenv's repository ignores `versions/`, where every installed standard library lives).
    if (layer && !isIgnored([layer], dir, true)) layers.push(layer);
  }
  return layers;
}

export function describeFsError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': {
      let dangling = false;
      try {
        dangling = lstatSync(path).isSymbolicLink();
      } catch {
        dangling = false;
      }
      return dangling ? 'broken symbolic link: its target does not exist' : 'no such file or directory';
    }
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

