// `checkPaths`: the check engine's entry point. Finds the files, serves unchanged ones from the
// cache, checks the rest on worker threads (or in this thread when there are only a few), and
// applies `--fix` / renders `--diff`. A file that cannot be read, decoded or parsed becomes an
// entry in `errors` (or an HS000 finding); it never stops the others.
import { existsSync, statSync, type Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigFinder } from '../config/find.js';
import { resolveSettings, type CliOverrides, type ResolvedSettings } from '../config/resolve.js';
import { allRules } from '../rules/index.js';
import { ResultCache, type CacheEntry } from './cache.js';
import { checkFile, type FileJob, type FileOutcome } from './check-file.js';
import { discoverFiles, type SourceFile } from './discover.js';
import { displayPath } from './display-path.js';
import { isTestFile, meetsConfidence } from './confidence.js';
import type { CheckError, Confidence, Finding } from './finding.js';
import { fixFiles } from './fix-files.js';
import { runOnWorkers } from './pool.js';
import type { CheckResult } from './result.js';

export interface CheckOptions extends CliOverrides {
  /** Folder that relative paths and displayed paths are relative to (default: process.cwd()). */
  cwd?: string;
  /** `--config PATH`: this file's settings apply to every file. */
  config?: string;
  /** false = `--no-cache`. */
  cache?: boolean;
  /** Where the cache lives (default: `.hotspy_cache/` in the project root, else in `cwd`). */
  cacheDir?: string;
  fix?: boolean;
  diff?: boolean;
  /** Worker threads; 0 checks everything in this thread. Default: one per CPU. */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * The least confidence a finding needs to be reported (default `low`: all of them). `hotspy
   * check` asks for `medium`; `hotspy run` keeps all, since the profile is the stronger evidence.
   */
  confidence?: Confidence;
  /** Keep the findings of run-only rules (HS508): `hotspy run` weighs them with the profile. */
  runOnly?: boolean;
  /** The version the cache is keyed by (tests pretend to upgrade). */
  version?: string;
}

/** Below this much source, starting workers costs more than it saves. */
const IN_THREAD_BYTES = 400_000;
const IN_THREAD_FILES = 4;

export async function checkPaths(paths: string[], options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const finder = new ConfigFinder(cwd, options.config ? resolve(cwd, options.config) : undefined);
  const ruleIds = allRules.map((r) => r.id);
  const bySource = new Map<string, ResolvedSettings>();
  const settingsFor = (dir: string): ResolvedSettings => {
    const config = finder.forDir(dir);
    const requires = finder.requiresPythonFor(dir);
    const key = `${config?.file ?? ''}\0${requires?.file ?? ''}`;
    let settings = bySource.get(key);
    if (!settings) {
      settings = resolveSettings(config, options, ruleIds, cwd, requires?.version);
      bySource.set(key, settings);
    }
    return settings;
  };
  // Config errors (and bad flags) surface before any file is read, even when no file is found.
  settingsFor(cwd);

  const discovery = discoverFiles(paths.length > 0 ? paths : ['.'], cwd, settingsFor);
  const errors: CheckError[] = discovery.problems.map((p) => ({ path: displayPath(p.path, cwd), message: p.message }));
  const findings: Finding[] = [];
  let filesChecked = 0;
  let filesCached = 0;

  // Settings that differ only in where their requires-python came from share one cache file.
  const caches = new Map<string, ResultCache>();
  const cacheFor = (settings: ResolvedSettings): ResultCache | undefined => {
    if (options.cache === false) return undefined;
    const dir = options.cacheDir ? resolve(cwd, options.cacheDir) : join(settings.root, '.hotspy_cache');
    const key = JSON.stringify([dir, settings.ruleIds, settings.targetVersion]);
    let cache = caches.get(key);
    if (!cache) {
      cache = ResultCache.open(dir, { ruleIds: settings.ruleIds, targetVersion: settings.targetVersion }, options.version);
      caches.set(key, cache);
    }
    return cache;
  };

  const minConfidence = options.confidence ?? 'low';
  const runOnlyRules = new Set(options.runOnly ? [] : allRules.filter((r) => r.runOnly).map((r) => r.id));
  /** The findings of `file` the user sees: not ignored for the file, confident enough. */
  const shown = <F extends Omit<Finding, 'path'>>(file: SourceFile, found: F[]): F[] => {
    const ignored = file.settings.ignoredFor(file.path);
    const inTests = isTestFile(relative(file.settings.root, file.path));
    return found.map((f) => (inTests ? inTestFile(f) : f)).filter((f) => !ignored.has(f.rule) && !runOnlyRules.has(f.rule) && meetsConfidence(f.confidence, minConfidence));
  };
  const fileByPath = new Map<string, SourceFile>();
  const accept = (file: SourceFile, found: Omit<Finding, 'path'>[], messages: string[], linted: boolean) => {
    const path = displayPath(file.path, cwd);
    for (const f of shown(file, found)) findings.push({ ...f, path });
    for (const message of messages) errors.push({ path, message });
    if (linted) filesChecked++;
  };

  const jobs: FileJob[] = [];
  const sizes = new Map<string, number>();
  for (const file of discovery.files) {
    fileByPath.set(file.path, file);
    const cache = cacheFor(file.settings);
    // Sizes also order the jobs and decide whether workers pay off, so stat even without a cache.
    const stats = statOrUndefined(file.path);
    const entry = stats && cache?.fresh(file.path, stats.size, stats.mtimeMs);
    if (entry) {
      accept(file, entry.f, entry.e, entry.l === 1);
      if (entry.l === 1) filesCached++;
      continue;
    }
    sizes.set(file.path, stats?.size ?? 0);
    jobs.push({
      path: file.path,
      ruleIds: file.settings.ruleIds,
      targetVersion: file.settings.targetVersion,
      knownHash: cache?.get(file.path)?.h,
    });
  }

  const total = discovery.files.length;
  let done = total - jobs.length;
  options.onProgress?.(done, total);
  const onOutcome = (outcome: FileOutcome) => {
    const file = fileByPath.get(outcome.path)!;
    const cache = cacheFor(file.settings);
    const readAt = Date.now();
    if (outcome.unchanged && cache) {
      const entry = cache.get(outcome.path)!;
      cache.touch(outcome.path, outcome.size, outcome.mtimeMs, readAt);
      accept(file, entry.f, entry.e, entry.l === 1);
      if (entry.l === 1) filesCached++;
    } else {
      // Engine failures are not cached: a fixed hotspy must look at the file again.
      const cacheable = outcome.hash !== undefined && (outcome.linted || outcome.errors.length > 0);
      if (cache && cacheable && outcome.hash !== undefined) {
        const f = outcome.findings.map(stripPath);
        const stored: CacheEntry = { s: outcome.size, m: outcome.mtimeMs, h: outcome.hash, f, e: outcome.errors, l: outcome.linted ? 1 : 0 };
        cache.put(outcome.path, stored, readAt);
      }
      accept(file, outcome.findings.map(stripPath), outcome.errors, outcome.linted);
    }
    options.onProgress?.(++done, total);
  };

  // Biggest first, so no worker is left with a large file at the end.
  jobs.sort((a, b) => (sizes.get(b.path) ?? 0) - (sizes.get(a.path) ?? 0));
  const jobBytes = jobs.reduce((sum, j) => sum + (sizes.get(j.path) ?? 0), 0);
  const threads = options.threads ?? availableParallelism();
  const workerUrl = new URL('./worker.js', import.meta.url);
  const useWorkers = threads > 0 && jobs.length > IN_THREAD_FILES && jobBytes > IN_THREAD_BYTES && existsSync(fileURLToPath(workerUrl));
  if (useWorkers) {
    await runOnWorkers(workerUrl, jobs, threads, onOutcome);
  } else if (jobs.length > 0) {
    const { initPython } = await import('../python/parser.js');
    await initPython();
    for (const job of jobs) onOutcome(checkFile(job));
  }

  for (const cache of caches.values()) {
    cache.prune(discovery.walked, new Set(fileByPath.keys()));
    cache.save();
  }

  const result: CheckResult = { findings, errors, filesChecked, filesCached };
  if (options.fix || options.diff) {
    // `--diff` wins over `--fix`, as in Ruff: show, never write.
    const fixed = await fixFiles(result, discovery.files, cwd, { write: !options.diff, shown });
    if (options.diff) result.diff = fixed.diff;
    else result.fixed = fixed.fixed;
  }
  result.findings.sort(byLocation);
  result.errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}

/** A file's stats, or undefined when it cannot be stat'ed (reading it reports why). */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function stripPath(finding: Finding): Omit<Finding, 'path'> {
  const { path: _path, ...rest } = finding;
  return rest;
}

function byLocation(a: Finding, b: Finding): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

/** A test file's loops run over fixtures of a few items: its findings are kept, at `low`. */
function inTestFile<F extends Omit<Finding, 'path'>>(f: F): F {
  if (f.confidence === 'low') return f;
  return { ...f, confidence: 'low', evidence: f.evidence ? `in a test file; ${f.evidence}` : 'in a test file' };
}
