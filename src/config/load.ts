// Reads one pyproject.toml and validates its `[tool.hotspy]` table, with messages that name the
// file, the key and the fix.
import { readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { closest } from './did-you-mean.js';
import { hotspyTableSchema, TABLE_KEYS, type HotspyTable } from './schema.js';
import { lowestAllowed, parseTargetVersion, TARGET_RANGE_TEXT, type PythonVersion } from './target-version.js';

export interface ProjectConfig {
  /** The pyproject.toml (or the file given with `--config`). */
  file: string;
  /** Its folder: patterns in `exclude` and `per-file-ignores` are relative to it. */
  root: string;
  table: HotspyTable;
  /** From `target-version`. */
  targetVersion?: PythonVersion;
  /** The lower bound of this file's own `[project] requires-python` (used for `--config` files). */
  requiresPython?: PythonVersion;
}

export type PyprojectDocument = Record<string, unknown>;

export function readToml(file: string, label: string): PyprojectDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`${label}: cannot read the config file`, { cause: error });
  }
  try {
    return parseToml(text) as PyprojectDocument;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const at = error && typeof error === 'object' && 'line' in error ? ` (line ${String((error as { line: unknown }).line)})` : '';
    throw new ConfigError(`${label}: not valid TOML: ${detail}${at}`);
  }
}

export function hotspyTableOf(doc: PyprojectDocument): unknown {
  const tool = doc.tool;
  if (!tool || typeof tool !== 'object') return undefined;
  return (tool as Record<string, unknown>).hotspy;
}

/**
 * Validates a `[tool.hotspy]` table. `label` is how messages name the file (a path relative to
 * the working folder). A standalone hotspy.toml given with `--config` holds the keys at top level.
 */
export function parseProjectConfig(file: string, root: string, label: string, table: unknown, doc: PyprojectDocument): ProjectConfig {
  const where = '[tool.hotspy]';
  if (!table || typeof table !== 'object' || Array.isArray(table)) {
    throw new ConfigError(`${label}: ${where} must be a table`);
  }
  const result = hotspyTableSchema.safeParse(table);
  if (!result.success) throw new ConfigError(describeIssue(label, where, result.error.issues[0]));
  const parsed = result.data;

  let targetVersion: PythonVersion | undefined;
  if (parsed['target-version'] !== undefined) {
    targetVersion = parseTargetVersion(parsed['target-version']);
    if (!targetVersion) {
      throw new ConfigError(`${label}: ${where}.target-version: expected ${TARGET_RANGE_TEXT}, got "${parsed['target-version']}"`, {
        hint: 'write it as "3.11" or "py311"',
      });
    }
  }
  return { file, root, table: parsed, targetVersion, requiresPython: requiresPythonOf(doc) };
}

/** The lowest version `[project] requires-python` allows, when the document names a lower bound. */
export function requiresPythonOf(doc: PyprojectDocument): PythonVersion | undefined {
  const project = doc.project;
  const requires = project && typeof project === 'object' ? (project as Record<string, unknown>)['requires-python'] : undefined;
  return typeof requires === 'string' ? lowestAllowed(requires) : undefined;
}

function describeIssue(label: string, where: string, issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    const suggestion = closest(key, TABLE_KEYS);
    const known = `known keys: ${TABLE_KEYS.join(', ')}`;
    return `${label}: ${where} unknown key "${key}" (${suggestion ? `did you mean "${suggestion}"?` : known})`;
  }
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${quoteKey(String(p))}`)).join('');
  const expected =
    issue.code === 'invalid_type'
      ? `expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'record' || issue.expected === 'object' ? 'a table' : `a ${issue.expected}`}`
      : issue.message;
  return `${label}: ${where}${path}: ${expected}`;
}

function quoteKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : `"${key}"`;
}
