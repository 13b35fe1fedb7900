// One file, start to finish: read (stat first, so the cache never pairs old stats with new
// bytes), hash, decode, lint. Runs the same in a worker thread or in the main thread.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { allRules } from '../rules/index.js';
import type { Rule } from '../rules/define-rule.js';
import { decodeSource } from './decode.js';
import { describeFsError } from './discover.js';
import type { Finding } from './finding.js';
import { lintSource } from './lint-source.js';

export interface FileJob {
  path: string;
  ruleIds: string[];
  targetVersion: [number, number];
  /** The hash the cache holds: when the bytes still match, nothing is parsed. */
  knownHash?: string;
}

export interface FileOutcome {
  path: string;
  size: number;
  mtimeMs: number;
  /** Content hash; absent when the file could not be read (then nothing is cached). */
  hash?: string;
  /** The bytes match `knownHash`: the cached result stands. */
  unchanged?: boolean;
  findings: Finding[];
  errors: string[];
  /** The text was parsed and the rules ran (false: unreadable, undecodable, or the engine failed). */
  linted: boolean;
}

const rulesByKey = new Map<string, Rule[]>();

function rulesFor(ids: string[]): Rule[] {
  const key = ids.join(',');
  let rules = rulesByKey.get(key);
  if (!rules) {
    const wanted = new Set(ids);
    rules = allRules.filter((r) => wanted.has(r.id));
    rulesByKey.set(key, rules);
  }
  return rules;
}

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** Needs `initPython()` to have run in this thread. */
export function checkFile(job: FileJob): FileOutcome {
  let bytes: Buffer;
  let size = 0;
  let mtimeMs = 0;
  try {
    const fd = openSync(job.path, 'r');
    try {
      const stats = fstatSync(fd);
      if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      size = stats.size;
      mtimeMs = stats.mtimeMs;
      bytes = readAll(fd, size);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { path: job.path, size, mtimeMs, findings: [], errors: [describeFsError(error, job.path)], linted: false };
  }
  const hash = hashBytes(bytes);
  if (job.knownHash === hash) return { path: job.path, size, mtimeMs, hash, unchanged: true, findings: [], errors: [], linted: true };

  const decoded = decodeSource(bytes);
  if ('error' in decoded) return { path: job.path, size, mtimeMs, hash, findings: [], errors: [decoded.error], linted: false };
  try {
    const result = lintSource(job.path, decoded.text, rulesFor(job.ruleIds), { targetVersion: job.targetVersion });
    return { path: job.path, size, mtimeMs, hash, findings: result.findings, errors: result.errors.map((e) => e.message), linted: true };
  } catch (error) {
    // A parser or engine failure on one file must not stop the others; it is not cached.
    const reason = error instanceof Error ? error.message : String(error);
    return { path: job.path, size, mtimeMs, findings: [], errors: [`internal error while checking this file: ${reason}`], linted: false };
  }
}

/** Reads to the end even when the file grew since fstat. */
function readAll(fd: number, expected: number): Buffer {
  const chunks: Buffer[] = [];
  let buffer = Buffer.allocUnsafe(Math.max(expected, 0) + 1);
  let filled = 0;
  for (;;) {
    const n = readSync(fd, buffer, filled, buffer.length - filled, null);
    if (n === 0) break;
    filled += n;
    if (filled === buffer.length) {
      chunks.push(buffer);
      buffer = Buffer.allocUnsafe(64 * 1024);
      filled = 0;
    }
  }
  chunks.push(buffer.subarray(0, filled));
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}
