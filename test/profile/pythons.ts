// Python interpreters the oracle tests run: `python3`, plus every CPython 3.8-3.13 found in
// HOTSPY_TEST_PYTHONS (colon-separated paths) or a pyenv versions directory, one per minor version.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface Python {
  path: string;
  version: string;
}

export function findPythons(): Python[] {
  const candidates = ['python3', ...(process.env.HOTSPY_TEST_PYTHONS?.split(':').filter(Boolean) ?? [])];
  const pyenvRoot = process.env.PYENV_ROOT ?? join(homedir(), '.pyenv');
  const versions = join(pyenvRoot, 'versions');
  if (existsSync(versions)) {
    for (const v of readdirSync(versions).sort()) {
      if (/^3\.(8|9|10|11|12|13)\.\d+$/.test(v)) candidates.push(join(versions, v, 'bin', 'python3'));
    }
  }
  const seen = new Map<string, Python>();
  for (const path of candidates) {
    const version = versionOf(path);
    if (version && /^3\.(8|9|10|11|12|13)\./.test(version)) {
      const minor = version.split('.').slice(0, 2).join('.');
      if (!seen.has(minor)) seen.set(minor, { path, version });
    }
  }
  return [...seen.values()];
}

function versionOf(path: string): string | undefined {
  try {
    return execFileSync(path, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}
