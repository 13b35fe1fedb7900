// How check reporters name a file: relative to the working directory when it lies inside it,
// with `/` separators, so the same tree gives the same output on every machine.
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export function displayPath(path: string, cwd: string): string {
  if (!isAbsolute(path)) return toPosix(path);
  const rel = relative(cwd, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return toPosix(path);
  return toPosix(rel);
}

/** A URI reference for SARIF: relative (to `%SRCROOT%`) inside `cwd`, a `file:` URL outside it. */
export function artifactUri(path: string, cwd: string): { uri: string; uriBaseId?: string } {
  const shown = displayPath(path, cwd);
  if (isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

export const SRCROOT = '%SRCROOT%';

/** The working directory as a `file:` URL ending in `/`, as SARIF requires for a base id. */
export function directoryUri(cwd: string): string {
  const href = pathToFileURL(cwd).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
