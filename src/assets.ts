// Where hotspy's files that are not JavaScript live. This module sits one level below the package
// root in every layout hotspy runs from: src/ under vitest, dist/ after tsc, bundle/ in the
// published package (esbuild gives every bundled module the bundle's own import.meta.url).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);

/** The Python harness directory (src/harness), shipped as is in the npm package and the wheel. */
export const HARNESS_DIR = fileURLToPath(new URL('src/harness/', ROOT)).replace(/[\\/]$/, '');

export function harnessFile(name: string): string {
  return fileURLToPath(new URL(`src/harness/${name}`, ROOT));
}

/**
 * The Python grammar. The package copies it next to the bundle; a clone loads it from
 * node_modules. The copy wins so that an installed hotspy never picks up another version of the
 * grammar from the user's own node_modules.
 */
export function pythonGrammarPath(): string {
  const beside = fileURLToPath(new URL('tree-sitter-python.wasm', import.meta.url));
  if (existsSync(beside)) return beside;
  return createRequire(import.meta.url).resolve('tree-sitter-python/tree-sitter-python.wasm');
}

/** The package root (holds package.json). */
export const PACKAGE_ROOT = dirname(fileURLToPath(new URL('package.json', ROOT)));
