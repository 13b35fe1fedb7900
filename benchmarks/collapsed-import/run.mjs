#!/usr/bin/env node
// Collapsed-stacks import: time and peak memory of `hotspy report` reading a large collapsed file
// (1 million distinct stacks by default, about 130 MB), against the target of peak memory at most
// 3x the input size. Also reads the same bytes the old way (whole file in memory, then its text)
// in the same run, for a side-by-side figure.
// Usage: node benchmarks/collapsed-import/run.mjs [--stacks 1000000] [--runs 3]
// Compiles the TypeScript sources to a temporary directory first, so it measures the working tree.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const { values } = parseArgs({ options: { stacks: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' }, python: { type: 'string', default: 'python3' } } });
const runs = Math.max(1, Number(values.runs));
const work = mkdtempSync(join(tmpdir(), 'hotspy-collapsed-import-'));
const TARGET = 3;

try {
  cpSync(join(repo, 'package.json'), join(work, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(work, 'node_modules'));
  spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(repo, 'tsconfig.json'), '--outDir', join(work, 'dist')], { stdio: 'ignore' });

  const file = join(work, 'big.folded');
  execFileSync(values.python, [join(here, 'make_collapsed.py'), file, values.stacks]);
  const size = statSync(file).size;

  // One fresh process per import: the peak resident set (maxRSS) is the whole process's, Node's
  // own ~45 MB included; the baseline is the same process's RSS before the import starts.
  const script = (how) => `
    const { readFileSync } = await import('node:fs');
    const { readProfileFile, readProfileBytes } = await import(${JSON.stringify(join(work, 'dist/profile/import/index.js'))});
    const before = process.resourceUsage().maxRSS * 1024;
    const t = performance.now();
    const c = process.cpuUsage();
    const p = ${how === 'stream' ? 'await readProfileFile(process.argv[1])' : 'readProfileBytes(readFileSync(process.argv[1]), process.argv[1])'};
    const ms = performance.now() - t;
    const used = process.cpuUsage(c);
    console.log(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, peak: process.resourceUsage().maxRSS * 1024, before, nodes: p.nodeCount, frames: p.frames.length }));`;
  const measure = (how) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script(how), file], { encoding: 'utf8' }));

  const results = { stream: [], whole: [] };
  for (let i = 0; i < runs; i++) for (const how of ['stream', 'whole']) results[how].push(measure(how));
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
  const first = results.stream[0];
  console.log(`input: ${mb(size)}, ${Number(values.stacks).toLocaleString('en-US')} stacks (${first.nodes.toLocaleString('en-US')} call-tree nodes, ${first.frames.toLocaleString('en-US')} frames)`);
  for (const how of ['stream', 'whole']) {
    const r = results[how];
    const peak = med(r.map((x) => x.peak));
    const label = how === 'stream' ? 'hotspy (streamed)    ' : 'whole file in memory ';
    console.log(
      `${label} input ${mb(size)}   time ${(med(r.map((x) => x.ms)) / 1000).toFixed(1)} s (CPU ${(med(r.map((x) => x.cpuMs)) / 1000).toFixed(1)} s)   ` +
        `peak RSS ${mb(peak)} = ${(peak / size).toFixed(2)}x the input (${mb(med(r.map((x) => x.before)))} before the import)   median of ${runs}`,
    );
  }
  const ratio = med(results.stream.map((x) => x.peak)) / size;
  console.log(`target: peak memory at most ${TARGET}x the input: ${ratio <= TARGET ? 'met' : 'NOT met'} (${ratio.toFixed(2)}x)`);
  process.exitCode = ratio <= TARGET ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
