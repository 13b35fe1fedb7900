// Results of unchanged files, kept in `.hotspy_cache/` at the project root. One JSON index per
// (hotspy version + build, selected rules, target version) is read once at the start and written
// once at the end, so a re-run of a large unchanged tree costs a stat per file and no parsing.
//
// Layout: .hotspy_cache/<version>/<settings-key>.json =
//   { format: 1, files: { "<absolute path>": { s: size, m: mtimeMs, h: sha1, f: findings, e: errors } } }
// A file is served from it when its size and mtime match and the mtime is older than the
// moment it was read (else a write in the same clock tick could hide); otherwise it is hashed,
// and only a hash mismatch sends it to the parser.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOTSPY_VERSION } from '../version.js';
import type { Finding } from './finding.js';

const FORMAT = 1;
/** mtimes this close to the read are not trusted (coarse file system clocks). */
const RACY_MS = 2000;

export interface CacheEntry {
  s: number;
  m: number;
  h: string;
  /** Findings without their `path` (filled back in on load). */
  f: Omit<Finding, 'path'>[];
  e: string[];
  /** 0 when the bytes could not be decoded, so the file was not checked. */
  l: 0 | 1;
}

interface CacheFile {
  format: number;
  files: Record<string, CacheEntry>;
}

export class ResultCache {
  private readonly file: string;
  private readonly entries: Map<string, CacheEntry>;
  private dirty = false;

  private constructor(
    private readonly dir: string,
    private readonly version: string,
    key: string,
  ) {
    this.file = join(dir, version, `${key}.json`);
    this.entries = new Map(Object.entries(readIndex(this.file)));
  }

  /** `settings` is everything besides the bytes that changes the findings. */
  static open(
    cacheDir: string,
    settings: { ruleIds: string[]; targetVersion: [number, number] },
    version: string = HOTSPY_VERSION,
  ): ResultCache {
    const key = createHash('sha1')
      .update(JSON.stringify({ version, build: buildStamp(), ...settings }))
      .digest('hex')
      .slice(0, 16);
    return new ResultCache(cacheDir, version, key);
  }

  get(path: string): CacheEntry | undefined {
    return this.entries.get(path);
  }

  /** The entry, when the stat alone proves the file unchanged. */
  fresh(path: string, size: number, mtimeMs: number): CacheEntry | undefined {
    const entry = this.entries.get(path);
    return entry && entry.s === size && entry.m === mtimeMs && entry.m >= 0 ? entry : undefined;
  }

  put(path: string, entry: CacheEntry, readAt: number): void {
    const stored = entry.m > readAt - RACY_MS ? { ...entry, m: -1 } : entry;
    this.entries.set(path, stored);
    this.dirty = true;
  }

  /** Refreshes the stat of an entry whose bytes were re-hashed and found unchanged. */
  touch(path: string, size: number, mtimeMs: number, readAt: number): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    const m = mtimeMs > readAt - RACY_MS ? -1 : mtimeMs;
    if (entry.s === size && entry.m === m) return;
    this.entries.set(path, { ...entry, s: size, m });
    this.dirty = true;
  }

  /** Forgets files under the walked folders that this run did not find (deleted or now excluded). */
  prune(walked: string[], seen: ReadonlySet<string>): void {
    if (walked.length === 0) return;
    const prefixes = walked.map((w) => (w.endsWith(sep) ? w : w + sep));
    for (const path of this.entries.keys()) {
      if (!seen.has(path) && prefixes.some((p) => path.startsWith(p))) {
        this.entries.delete(path);
        this.dirty = true;
      }
    }
  }

  /** Writes the index atomically (a temporary file, then rename); a read-only tree just goes uncached. */
  save(): void {
    if (!this.dirty) return;
    try {
      mkdirSync(join(this.dir, this.version), { recursive: true });
      writeFileSync(join(this.dir, '.gitignore'), '# Created by hotspy\n*\n');
      writeFileSync(join(this.dir, 'CACHEDIR.TAG'), 'Signature: 8a477f597d28d172789f06886806bc55\n# hotspy check results; safe to delete\n');
      const body: CacheFile = { format: FORMAT, files: Object.fromEntries(this.entries) };
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(body));
      renameSync(temp, this.file);
      this.dirty = false;
    } catch {
      // Caching is an optimisation: an unwritable folder must not fail the check.
    }
  }
}

function readIndex(file: string): Record<string, CacheEntry> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (parsed.format === FORMAT && parsed.files && typeof parsed.files === 'object') return parsed.files;
  } catch {
    // Missing or corrupt: start empty.
  }
  return {};
}

/**
 * When the compiled engine was built: a rebuilt hotspy (a development build, a local patch) must
 * not serve results of the old rules under the same version number.
 */
function buildStamp(): number {
  try {
    return Math.floor(statSync(fileURLToPath(new URL('../rules/index.js', import.meta.url))).mtimeMs);
  } catch {
    // The published bundle has no rules/ beside it: the bundle itself is the engine.
    try {
      return Math.floor(statSync(fileURLToPath(import.meta.url)).mtimeMs);
    } catch {
      return 0;
    }
  }
}
