// Builds the published form of the CLI: bundle/hotspy.js (the CLI with every dependency inlined)
// and bundle/worker.js (the check engine's worker thread, started by URL next to the CLI), plus
// the two WebAssembly files web-tree-sitter and the grammar load from beside them. The package
// then installs with no dependency at all, so nothing with an install script (tree-sitter-python
// has a native build hotspy never uses) runs on a user's machine.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const out = new URL('../bundle/', import.meta.url);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: { hotspy: 'src/cli/main.ts', worker: 'src/check/worker.ts' },
  outdir: 'bundle',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require() for Node's own modules; ESM has none.
  banner: { js: "import { createRequire as __hotspyRequire } from 'node:module'; const require = __hotspyRequire(import.meta.url);" },
});

const require = createRequire(import.meta.url);
copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), new URL('web-tree-sitter.wasm', out));
copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), new URL('tree-sitter-python.wasm', out));
