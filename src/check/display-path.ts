import { isAbsolute, relative, sep } from 'node:path';

/** How a path appears in findings and errors: relative to `cwd` when inside it, with `/`. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return path.split(sep).join('/');
  return rel.split(sep).join('/');
}
