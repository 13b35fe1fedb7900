// Python versions a project can target: "3.10" or Ruff's "py310", and `requires-python`.
import { UsageError } from '../errors.js';

export type PythonVersion = [number, number];

export const MIN_TARGET: PythonVersion = [3, 8];
export const MAX_TARGET: PythonVersion = [3, 14];

/**
 * Used when neither `target-version`, `requires-python` nor `--target-version` says. Static checks
 * never run the user's `python3` to ask, so it is fixed: 3.10, the oldest CPython still supported
 * upstream, which keeps advice for older interpreters (e.g. try/except cost before 3.11) on.
 */
export const DEFAULT_TARGET: PythonVersion = [3, 10];

export function formatVersion([major, minor]: PythonVersion): string {
  return `${major}.${minor}`;
}

export const TARGET_RANGE_TEXT = `"${formatVersion(MIN_TARGET)}"…"${formatVersion(MAX_TARGET)}"`;

/** "3.10", "py310", "py3.10" -> [3, 10]; undefined when malformed or out of range. */
export function parseTargetVersion(text: string): PythonVersion | undefined {
  const m = /^(?:py)?3\.?(\d{1,2})$/i.exec(text.trim());
  if (!m) return undefined;
  const minor = Number(m[1]);
  if (minor < MIN_TARGET[1] || minor > MAX_TARGET[1]) return undefined;
  return [3, minor];
}

/** `--target-version VALUE`, or a usage error that says what is accepted. */
export function parseTargetVersionFlag(text: string): PythonVersion {
  const parsed = parseTargetVersion(text);
  if (!parsed) throw new UsageError(`--target-version: expected ${TARGET_RANGE_TEXT}, got "${text}"`, { hint: 'write it as "3.11" or "py311"' });
  return parsed;
}

/** "3.11.4" (a profile's meta.python) -> [3, 11], clamped to the supported range; undefined when unreadable. */
export function interpreterTarget(version: string): PythonVersion | undefined {
  const m = /^3\.(\d{1,2})(?:\D|$)/.exec(version.trim());
  if (!m) return undefined;
  return [3, Math.min(Math.max(Number(m[1]), MIN_TARGET[1]), MAX_TARGET[1])];
}

/**
 * The oldest version a `requires-python` specifier allows (">=3.9,<4" -> 3.9, "~=3.10" -> 3.10,
 * ">3.8" -> 3.9), clamped to the supported range; undefined when it names no lower bound.
 */
export function lowestAllowed(requiresPython: string): PythonVersion | undefined {
  let lowest: number | undefined;
  for (const clause of requiresPython.split(',')) {
    const m = /^\s*(>=|~=|==|>|===)\s*3(?:\.(\d+))?(?:\.[\d*]+)?\s*$/.exec(clause);
    if (!m) continue;
    let minor = m[2] === undefined ? 0 : Number(m[2]);
    if (m[1] === '>' && !/3\.\d+\.\d/.test(clause)) minor += 1;
    lowest = lowest === undefined ? minor : Math.max(lowest, minor);
  }
  if (lowest === undefined) return undefined;
  return [3, Math.min(Math.max(lowest, MIN_TARGET[1]), MAX_TARGET[1])];
}
