#!/usr/bin/env node
// Runs each example under `hotspy run`, then times the example and its fixed version (bare
// python3, interleaved, median of N) and prints the measured speed-up beside what the first
// piece of advice announced. Usage: node benchmarks/examples/run.mjs [--repeats N] [name ...]
// Needs `npm run build` first (it runs the real CLI from dist/). The numeric examples run with the
// NumPy/pandas/Numba venv's python (scripts/sci-venv.mjs builds it once), under hotspy and bare.
// "in range": the measured speed-up lies within a factor of two of the announced range. The
// numeric examples are CPU-bound and are judged on CPU time (user + system, from /usr/bin/time):
// on a shared machine the wall time of a short run is mostly waiting for a core.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const repeatsAt = args.indexOf('--repeats');
const repeats = repeatsAt >= 0 ? Number(args.splice(repeatsAt, 2)[1]) : 3;
const NUMERIC = ['order_scoring', 'signal_gain', 'sensor_levels'];
const EXAMPLES = ['etl_pipeline', 'word_count', 'fib_recursive', 'report_builder', 'io_bound', 'cpu_threads', 'pricing', ...NUMERIC];
let sciPython;
function pythonFor(name) {
  if (!NUMERIC.includes(name)) return 'python3';
  sciPython ??= spawnSync(process.execPath, [join(root, 'scripts/sci-venv.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).stdout.trim();
  return sciPython;
}
// Memory examples: their fix saves bytes, not time; compared by tracemalloc's peak (peak_memory.py).
const MEMORY_EXAMPLES = ['particles', 'log_scan'];
const names = (args.length > 0 ? args : EXAMPLES).filter((n) => !MEMORY_EXAMPLES.includes(n));
const memoryNames = args.length > 0 ? args.filter((n) => MEMORY_EXAMPLES.includes(n)) : MEMORY_EXAMPLES;
const work = mkdtempSync(join(tmpdir(), 'hotspy-examples-'));

/** Wall and CPU seconds of one run. */
function timeScript(python, path) {
  const started = process.hrtime.bigint();
  const result = spawnSync('/usr/bin/time', ['-f', 'hotspy-cpu %U %S', python, path], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path} exited ${result.status}`);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const m = /hotspy-cpu (\S+) (\S+)/.exec(result.stderr);
  return { wall, cpu: m ? Number(m[1]) + Number(m[2]) : NaN };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fmt(x) {
  if (!Number.isFinite(x)) return 'inf';
  return x >= 10 ? `${x.toFixed(0)}x` : `${x.toFixed(1)}x`;
}

const rows = [];
for (const name of names) {
  const out = join(work, `${name}.json`);
  const python = pythonFor(name);
  const run = spawnSync(process.execPath, [join(root, 'bin/hotspy.js'), 'run', '--python', python, '--format', 'json', '--output', out, '-o', join(work, `${name}.profile.json`), `examples/${name}.py`], { cwd: root, stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`hotspy run examples/${name}.py exited ${run.status}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const first = report.advice[0];
  const lead = report.diagnoses.find((d) => d.priority <= 1);
  const said = lead ? `${lead.code} ${lead.name}` : first ? `${first.rule} ${first.name} (line ${first.line}, ${(first.share * 100).toFixed(0)} %)` : 'nothing';
  const announced = lead ? 'n/a (diagnosis)' : first ? `${fmt(first.speedup.low)}-${fmt(first.speedup.high)}` : '-';

  const slow = [];
  const fast = [];
  for (let i = 0; i < repeats; i++) {
    slow.push(timeScript(python, `examples/${name}.py`));
    fast.push(timeScript(python, `examples/fixed/${name}.py`));
  }
  const wallSpeedup = median(slow.map((t) => t.wall)) / median(fast.map((t) => t.wall));
  const cpuSpeedup = median(slow.map((t) => t.cpu)) / median(fast.map((t) => t.cpu));
  const speedup = NUMERIC.includes(name) ? cpuSpeedup : wallSpeedup;
  const within = first && !lead ? speedup >= first.speedup.low / 2 && speedup <= first.speedup.high * 2 : undefined;
  rows.push({ name, said, announced, before: median(slow.map((t) => t.wall)), after: median(fast.map((t) => t.wall)), wallSpeedup, cpuSpeedup, judged: NUMERIC.includes(name) ? 'CPU' : 'wall', within });
  process.stderr.write(`${name}: done\n`);
}

function tracedPeak(path) {
  const out = join(work, 'peak.txt');
  const result = spawnSync('python3', [join(root, 'benchmarks/examples/peak_memory.py'), out, path], { cwd: root, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${path} exited ${result.status} under tracemalloc`);
  return Number(readFileSync(out, 'utf8').trim());
}

const memoryRows = [];
for (const name of memoryNames) {
  const out = join(work, `${name}.json`);
  const run = spawnSync(process.execPath, [join(root, 'bin/hotspy.js'), 'run', '--format', 'json', '--output', out, '-o', join(work, `${name}.profile.json`), `examples/${name}.py`], { cwd: root, stdio: 'ignore' });
  if (run.status !== 0) throw new Error(`hotspy run examples/${name}.py exited ${run.status}`);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const hd08 = report.diagnoses.find((d) => d.code === 'HD08');
  const rules = [...new Set(report.advice.filter((a) => a.kind === 'finding').map((a) => a.rule))].join(', ');
  const before = tracedPeak(`examples/${name}.py`);
  const after = tracedPeak(`examples/fixed/${name}.py`);
  memoryRows.push({ name, said: [hd08 ? 'HD08' : '', rules].filter(Boolean).join(', ') || 'nothing', announced: hd08 ? hd08.figures.bytesSaved : null, before, after });
  process.stderr.write(`${name}: done\n`);
}
rmSync(work, { recursive: true, force: true });

console.log(`Examples: first advice vs measured speed-up of examples/fixed/ (median of ${repeats}, interleaved)\n`);
console.log('| example | hotspy says first | announced | before (wall) | after (wall) | measured (wall) | measured (CPU) | in range |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const inRange = r.within === undefined ? '-' : `${r.within ? 'yes' : 'NO'} (${r.judged})`;
  console.log(`| ${r.name} | ${r.said} | ${r.announced} | ${r.before.toFixed(2)} s | ${r.after.toFixed(2)} s | ${fmt(r.wallSpeedup)} | ${fmt(r.cpuSpeedup)} | ${inRange} |`);
}

if (memoryRows.length > 0) {
  const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
  console.log('\nMemory examples: tracemalloc peak of the example and of examples/fixed/ (HD08 announces bytes saved)\n');
  console.log('| example | hotspy says | HD08 announced | peak before | peak after | saved | announced / saved |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of memoryRows) {
    const saved = r.before - r.after;
    const ratio = r.announced === null ? '-' : `${(r.announced / saved).toFixed(2)}`;
    console.log(`| ${r.name} | ${r.said} | ${r.announced === null ? '-' : mb(r.announced)} | ${mb(r.before)} | ${mb(r.after)} | ${mb(saved)} | ${ratio} |`);
  }
}
