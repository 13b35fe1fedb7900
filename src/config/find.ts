// Finds the configuration that applies to a folder: the nearest pyproject.toml that has a
// `[tool.hotspy]` table, walking up (files without the table are skipped; the closest wins,
// no merging), as Ruff does. `--config PATH` replaces the search for every file.
// Separately, the nearest pyproject.toml that declares `[project] requires-python`, with or
// without `[tool.hotspy]`: its lower bound is the target version when nothing more specific says.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { hotspyTableOf, parseProjectConfig, readToml, requiresPythonOf, type ProjectConfig, type PyprojectDocument } from './load.js';
import type { PythonVersion } from './target-version.js';

export interface RequiresPython {
  /** The pyproject.toml that declares it. */
  file: string;
  version: PythonVersion;
}

export class ConfigFinder {
  /** Per folder: the config that applies, or null when none does. */
  private readonly byDir = new Map<string, ProjectConfig | null>();
  private readonly requiresByDir = new Map<string, RequiresPython | null>();
  private readonly docs = new Map<string, PyprojectDocument | null>();
  private readonly explicit?: ProjectConfig;

  constructor(
    private readonly cwd: string,
    explicitFile?: string,
  ) {
    if (explicitFile) this.explicit = loadExplicit(explicitFile, this.label(explicitFile));
  }

  /** The config for files in `dir` (an absolute folder). */
  forDir(dir: string): ProjectConfig | undefined {
    if (this.explicit) return this.explicit;
    return this.nearest(dir, this.byDir, (candidate, doc, folder) => {
      const table = hotspyTableOf(doc);
      return table === undefined ? undefined : parseProjectConfig(candidate, folder, this.label(candidate), table, doc);
    });
  }

  /** The nearest pyproject.toml at or above `dir` whose `requires-python` has a lower bound. */
  requiresPythonFor(dir: string): RequiresPython | undefined {
    return this.nearest(dir, this.requiresByDir, (candidate, doc) => {
      const version = requiresPythonOf(doc);
      return version ? { file: candidate, version } : undefined;
    });
  }

  /** Walks up from `dir` to the first pyproject.toml `pick` accepts; remembers the answer for every folder passed. */
  private nearest<T>(
    dir: string,
    cache: Map<string, T | null>,
    pick: (file: string, doc: PyprojectDocument, folder: string) => T | undefined,
  ): T | undefined {
    const chain: string[] = [];
    let current = dir;
    let found: T | null | undefined;
    for (;;) {
      found = cache.get(current);
      if (found !== undefined) break;
      chain.push(current);
      const candidate = join(current, 'pyproject.toml');
      const doc = this.pyproject(candidate);
      found = doc ? pick(candidate, doc, current) : undefined;
      if (found !== undefined) break;
      const parent = dirname(current);
      if (parent === current) {
        found = null;
        break;
      }
      current = parent;
    }
    for (const d of chain) cache.set(d, found);
    return found ?? undefined;
  }

  private pyproject(file: string): PyprojectDocument | undefined {
    let doc = this.docs.get(file);
    if (doc === undefined) {
      doc = existsSync(file) ? readToml(file, this.label(file)) : null;
      this.docs.set(file, doc);
    }
    return doc ?? undefined;
  }

  private label(file: string): string {
    const rel = relative(this.cwd, file);
    return rel && !rel.startsWith('..') ? rel.split('\\').join('/') : file;
  }
}

function loadExplicit(file: string, label: string): ProjectConfig {
  const doc = readToml(file, label);
  // A pyproject.toml holds the table under [tool.hotspy]; any other file (hotspy.toml) at top level.
  const isPyproject = basename(file) === 'pyproject.toml';
  const table = isPyproject ? (hotspyTableOf(doc) ?? {}) : doc;
  return parseProjectConfig(file, dirname(file), label, table, isPyproject ? doc : {});
}
