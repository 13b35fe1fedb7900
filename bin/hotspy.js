#!/usr/bin/env node
// The package's entry point. A clone runs the tsc output (dist/, built by `npm ci` through the
// `dependencies` script, which npm runs only in the project itself: a `prepare` script would be
// an install script of the published package). The published package has no dist/ and runs the
// bundle (bundle/hotspy.js, made when packing, and by that same script, so an npm that prepares
// git dependencies packs it into a git install too). The clone's own build wins, so a stale
// bundle never hides an edit.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const candidates = [new URL('../dist/cli/main.js', import.meta.url), new URL('../bundle/hotspy.js', import.meta.url)];
const main = candidates.find((url) => existsSync(fileURLToPath(url)));
if (!main) {
  process.stderr.write('hotspy: error: the compiled CLI is missing (dist/cli/main.js)\n  hint: run `npm run build` in the hotspy package\n');
  process.exit(2);
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
