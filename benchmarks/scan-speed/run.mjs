#!/usr/bin/env node
// Scan speed: `hotspy check` on the standard library of the machine's python3 (site-packages
// excluded), cold and cached, against Ruff's WebAssembly build with select = ["PERF"] over the
// same file contents, in the same run. Needs a built hotspy (`npm run build`).
//
//   node benchmarks/scan-speed/run.mjs [--repeat N] [--stdlib PATH]
//
// hotspy is timed as a user sees it: a fresh process, discovery, reading, parsing, rules, output.
// Ruff-wasm is timed over `Workspace.check(text)` only, with the files already in memory.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const repeat = Number(option('--repeat', '1'));
const stdlib =
  option('--stdlib') ?? execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
const bin = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));

/** The files hotspy checks there: every .py outside site-packages, caches and VCS folders. */
function pythonFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (['site-packages', '__pycache__', '.git'].includes(entry.name)) continue;
      pythonFiles(join(dir, entry.name), out);
    } else if (entry.isFile() && entry.name.endsWith('.py')) out.push(join(dir, entry.name));
  }
  return out;
}

/** Runs hotspy; wall time and the process's peak RSS (worker threads included: they share it). */
function runHotspy(cacheDir) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [bin, 'check', stdlib, '--format', 'json', '--cache-dir', cacheDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let peakKb = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // exited, or not Linux
      }
    }, 25);
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0 && code !== 1) return reject(new Error(`hotspy exited with ${code}`));
      const report = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      resolve({ seconds, peakKb, report });
    });
  });
}

async function runRuff(texts) {
  const require = createRequire(import.meta.url);
  const { Workspace, PositionEncoding } = require('@astral-sh/ruff-wasm-nodejs');
  const started = performance.now();
  const workspace = new Workspace({ lint: { select: ['PERF'] } }, PositionEncoding.Utf16);
  let diagnostics = 0;
  for (const text of texts) diagnostics += workspace.check(text).length;
  return { seconds: (performance.now() - started) / 1000, diagnostics };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const files = pythonFiles(stdlib);
const texts = files.map((f) => readFileSync(f, 'utf8'));
const lines = texts.reduce((n, t) => n + t.split('\n').length - (t.endsWith('\n') ? 1 : 0), 0);

const ruffRuns = [];
const coldRuns = [];
const cachedRuns = [];
let last;
for (let i = 0; i < repeat; i++) {
  ruffRuns.push(await runRuff(texts));
  const cacheDir = mkdtempSync(join(tmpdir(), 'hotspy-scan-speed-'));
  try {
    last = await runHotspy(cacheDir);
    coldRuns.push(last);
    cachedRuns.push(await runHotspy(cacheDir));
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

const ruff = median(ruffRuns.map((r) => r.seconds));
const cold = median(coldRuns.map((r) => r.seconds));
const cached = median(cachedRuns.map((r) => r.seconds));
const peakMb = Math.max(...coldRuns.map((r) => r.peakKb)) / 1024;
const fmt = (s) => `${s.toFixed(2)} s`;
const rate = (s) => `${Math.round(lines / s).toLocaleString('en-US')} lines/s`;
const cpus = (await import('node:os')).availableParallelism();

console.log(`scan-speed: ${stdlib} (site-packages excluded), ${cpus} CPUs, median of ${repeat}`);
console.log(`  files ${files.length.toLocaleString('en-US')} (hotspy checked ${last.report.filesChecked ?? '?'}), lines ${lines.toLocaleString('en-US')}`);
console.log(`  hotspy check (cold)   ${fmt(cold).padStart(9)}  ${rate(cold)}  findings ${last.report.findings.length}, errors ${last.report.errors.length}`);
console.log(`  ruff-wasm PERF        ${fmt(ruff).padStart(9)}  ${rate(ruff)}  diagnostics ${ruffRuns[0].diagnostics}`);
console.log(`  ratio hotspy / ruff   ${(cold / ruff).toFixed(2)}x   (target <= 1.0x)`);
console.log(`  hotspy cached re-run  ${fmt(cached).padStart(9)}   (target < 0.5 s)`);
console.log(`  hotspy peak memory    ${peakMb ? `${Math.round(peakMb)} MiB` : 'n/a'}   (target < 1024 MiB; RSS incl. worker threads)`);
