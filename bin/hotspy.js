#!/usr/bin/env node
// The package's entry point: runs the compiled CLI. `npm ci` builds dist/ through
// the `prepare` script, so a fresh clone has it; say how to fix it when it is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('hotspy: error: the compiled CLI is missing (dist/cli/main.js)\n  hint: run `npm run build` in the hotspy package\n');
  process.exit(2);
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
