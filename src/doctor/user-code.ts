// Which files of a profile are the user's own code: not the standard library, not installed
// packages, not frozen or generated modules, not hotspy's own harness.
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { HARNESS_DIR } from '../assets.js';
import type { Profile } from '../profile/model.js';
import { frameFilePath } from './measure.js';

const LIBRARY_MARKERS = [`${sep}site-packages${sep}`, `${sep}dist-packages${sep}`, `${sep}lib${sep}python3`, `${sep}lib64${sep}python3`];

export function userFiles(profile: Profile, options: { includeLibs?: boolean } = {}): string[] {
  const prefix = interpreterPrefix(profile.meta.executable);
  const files = new Set<string>();
  for (const frame of profile.frames) {
    const file = frameFilePath(profile, frame.file);
    if (!file || file.startsWith('<') || !file.endsWith('.py')) continue;
    if (!options.includeLibs && isLibraryFile(file, prefix)) continue;
    if (isHotspyHarnessFile(file)) continue;
    files.add(file);
  }
  return [...files].sort();
}

export function isLibraryFile(file: string, prefix?: string): boolean {
  if (prefix && file.startsWith(prefix + sep)) return true;
  return LIBRARY_MARKERS.some((m) => file.includes(m));
}

/** `/usr/bin/python3` -> `/usr`; the standard library lives under it. */
function interpreterPrefix(executable: string | undefined): string | undefined {
  if (!executable) return undefined;
  const prefix = resolve(dirname(executable), '..');
  // a bare /usr prefix would swallow user code under /usr/src; keep only the lib tree
  return prefix === sep || prefix === `${sep}usr` ? undefined : resolve(prefix, 'lib');
}

let harnessNames: Set<string> | undefined;

/**
 * A file of hotspy's harness: of this installation, or of another one that made the profile (a
 * clone, the npm package, the wheel), recognised by its name beside `hotspy_harness.py`. The
 * sampler can record a harness code object whose stack it then drops, so its file is in the
 * profile's frames although the user never wrote it.
 */
export function isHotspyHarnessFile(file: string): boolean {
  const dir = dirname(file);
  if (dir === HARNESS_DIR) return true;
  harnessNames ??= new Set(readdirSync(HARNESS_DIR).filter((name) => name.endsWith('.py')));
  return harnessNames.has(basename(file)) && existsSync(join(dir, 'hotspy_harness.py'));
}
