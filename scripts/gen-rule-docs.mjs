#!/usr/bin/env node
// Writes docs/rules/ from the rules' metadata: one page per rule plus the README index.
// Runs on the compiled code (`npm run docs:rules` builds first), so it needs no TypeScript
// loader; test/rules/registry.test.ts renders the same files from src/ and fails when they differ.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { allRules } = await import(new URL('../dist/rules/index.js', import.meta.url).href);
const { renderRuleDocsFiles, RULE_DOCS_DIR } = await import(new URL('../dist/report/rule-docs.js', import.meta.url).href);

const dir = join(root, RULE_DOCS_DIR);
mkdirSync(dir, { recursive: true });
const files = renderRuleDocsFiles(allRules);
let written = 0;
for (const [name, content] of files) {
  const path = join(dir, name);
  let old;
  try {
    old = readFileSync(path, 'utf8');
  } catch {
    old = undefined;
  }
  if (old === content) continue;
  writeFileSync(path, content);
  written++;
}
// pages of rules that were renamed or removed would otherwise linger and mislead
let removed = 0;
for (const name of readdirSync(dir)) {
  if (name.endsWith('.md') && !files.has(name)) {
    rmSync(join(dir, name));
    removed++;
  }
}
process.stdout.write(`${RULE_DOCS_DIR}: ${files.size} files, ${written} written, ${removed} removed\n`);
