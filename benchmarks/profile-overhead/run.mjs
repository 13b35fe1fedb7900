#!/usr/bin/env node
// How much hotspy's harness slows a CPU-bound program down, against plain `python3 -m cProfile`.
//
//   node benchmarks/profile-overhead/run.mjs [--repeats 5] [--target 1.0] [--only nbody,objects]
//                                            [--python python3] [--corpus DIR]
//
// Every program runs bare, under the harness in sample mode (1 kHz) and trace mode, and under
// `python3 -m cProfile -o`, interleaved (one round runs every program in every variant, in a
// rotating order) so that drifts in machine load hit all variants alike. Times are the wall time
// of the whole process, start-up and profile writing included (what the user waits for), and
// its CPU time, which a loaded machine disturbs much less.
// Reported: medians over the rounds. Targets: sample <= 5 % over bare; trace within 10 % of cProfile.
//
// Programs: the pyperformance files in ../shared/corpus/pyperformance (read in place, run with a
// stub `pyperf` module on PYTHONPATH) plus the programs/ next to this script. Each one repeats its
// benchmark HOTSPY_BENCH_LOOPS times, calibrated so a bare run lasts about --target seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const harness = fileURLToPath(new URL('../../src/harness/hotspy_harness.py', import.meta.url));
const measure = join(here, 'measure.py');

const options = parseArgs(process.argv.slice(2), {
  repeats: '5',
  target: '2.0',
  only: '',
  python: 'python3',
  corpus: join(here, '../../../shared/corpus/pyperformance'),
});
const repeats = Number(options.repeats);
const target = Number(options.target);
const scratch = mkdtempSync(join(tmpdir(), 'hotspy-overhead-'));
const profileOut = join(scratch, 'profile');
const env = { ...process.env, PYTHONPATH: join(here, 'pyperf_stub'), PYTHONHASHSEED: '0' };

const VARIANTS = {
  bare: (script) => [script],
  sample: (script) => [harness, '--out', `${profileOut}.json`, '--mode', 'sample', '--rate', '1000', '--', script],
  trace: (script) => [harness, '--out', `${profileOut}.json`, '--mode', 'trace', '--', script],
  cProfile: (script) => ['-m', 'cProfile', '-o', `${profileOut}.prof`, script],
};
const variantNames = Object.keys(VARIANTS);

function programs() {
  const found = [];
  if (existsSync(options.corpus)) {
    for (const dir of readdirSync(options.corpus).sort()) {
      const script = join(options.corpus, dir, 'run_benchmark.py');
      if (existsSync(script)) found.push({ name: dir.replace(/^bm_/, ''), script });
    }
  } else {
    process.stderr.write(`note: ${options.corpus} not found, running only the local programs\n`);
  }
  for (const file of readdirSync(join(here, 'programs')).sort()) {
    if (file.endsWith('.py')) found.push({ name: basename(file, '.py'), script: join(here, 'programs', file) });
  }
  const only = options.only ? new Set(options.only.split(',')) : undefined;
  return found.filter((p) => !only || only.has(p.name));
}

function timeRun(args, loops) {
  const result = spawnSync(options.python, [measure, options.python, ...args], {
    env: { ...env, HOTSPY_BENCH_LOOPS: String(loops) },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const m = JSON.parse(result.stdout);
  if (m.code !== 0) throw new Error(`${options.python} ${args.join(' ')} failed (${m.code}): ${m.stderr}`);
  return m;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

// An empty program: what start-up alone costs in each variant, reported apart from the rest.
const emptyScript = join(scratch, 'empty.py');
writeFileSync(emptyScript, 'pass\n');
const startup = median([0, 1, 2].map(() => timeRun([emptyScript], 1).cpu));

function calibrate(program) {
  const once = timeRun([program.script], 1).cpu - startup;
  return Math.max(1, Math.round(target / Math.max(once, 0.001)));
}


const list = programs();
const fixed = Object.fromEntries(variantNames.map((v) => [v, []]));
process.stderr.write(`calibrating ${list.length} programs for ~${target} s each...\n`);
for (const p of list) p.loops = calibrate(p);
const times = { wall: new Map(), cpu: new Map() };
for (const p of list) for (const k of ['wall', 'cpu']) times[k].set(p.name, Object.fromEntries(variantNames.map((v) => [v, []])));
for (let round = 0; round < repeats; round++) {
  process.stderr.write(`round ${round + 1}/${repeats}\n`);
  for (const v of variantNames) fixed[v].push(timeRun(VARIANTS[v](emptyScript), 1).cpu);
  list.forEach((p, i) => {
    // Rotate the variant order per round and program, so no variant always runs first.
    const order = variantNames.map((_, k) => variantNames[(k + round + i) % variantNames.length]);
    for (const v of order) {
      const m = timeRun(VARIANTS[v](p.script), p.loops);
      times.wall.get(p.name)[v].push(m.wall);
      times.cpu.get(p.name)[v].push(m.cpu);
    }
  });
}
rmSync(scratch, { recursive: true, force: true });
const fixedLine = variantNames.map((v) => `${v} ${(median(fixed[v]) * 1000).toFixed(1)} ms`).join(', ');

for (const clock of ['cpu', 'wall']) {
  const rows = [['program', 'loops', `bare ${clock} s`, 'sample', 'trace', 'cProfile', 'trace/cProfile']];
  const sampleOverheads = [];
  const traceRatios = [];
  for (const p of list) {
    const m = Object.fromEntries(variantNames.map((v) => [v, median(times[clock].get(p.name)[v])]));
    const sampleOver = m.sample / m.bare - 1;
    const traceRatio = m.trace / m.cProfile - 1;
    sampleOverheads.push(sampleOver);
    traceRatios.push(traceRatio);
    rows.push([p.name, String(p.loops), m.bare.toFixed(3), pct(sampleOver), pct(m.trace / m.bare - 1), pct(m.cProfile / m.bare - 1), pct(traceRatio)]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  process.stdout.write(`\n${clock === 'cpu' ? 'CPU time (user + system) of the process' : 'wall time of the process'}:\n`);
  for (const r of rows) process.stdout.write(`${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}\n`);
  process.stdout.write(
    `sample mode overhead: median ${pct(median(sampleOverheads))}, max ${pct(Math.max(...sampleOverheads))} (target <= +5 %)\n` +
      `trace mode vs cProfile: median ${pct(median(traceRatios))}, max ${pct(Math.max(...traceRatios))} (target within 10 %)\n`,
  );
}
// Deep stacks: the sampler's cost must not grow with depth (target: sample within 1.5x of bare).
for (const p of list.filter((q) => q.name === 'deep_stack')) {
  const ratio = (clock) => median(times[clock].get(p.name).sample) / median(times[clock].get(p.name).bare);
  process.stdout.write(`\ndeep_stack (a loop at depth 20,000): sample/bare CPU ${ratio('cpu').toFixed(2)}x, wall ${ratio('wall').toFixed(2)}x (target <= 1.5x)\n`);
}
process.stdout.write(`\nmedians of ${repeats} interleaved rounds; sample/trace/cProfile columns are time over bare.\n`);
process.stdout.write(`CPU time of an empty program (start-up and profile writing, in every run above): ${fixedLine}\n`);

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!key || !(key in defaults) || argv[i + 1] === undefined) {
      process.stderr.write(`usage: node run.mjs [--repeats N] [--target SECONDS] [--only a,b] [--python PATH] [--corpus DIR]\n`);
      process.exit(2);
    }
    out[key] = argv[i + 1];
  }
  return out;
}
