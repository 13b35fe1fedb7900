#!/usr/bin/env node
// What `--memory` costs, and whether it finds the line that allocates.
//
//   node benchmarks/memory-overhead/run.mjs [--repeats 3] [--exact-repeats 1] [--only leak,large_lists]
//                                           [--python python3]
//
// Every program in programs/ runs bare and under the harness in sample mode with `--memory`
// (resident mode, the default), interleaved, `--repeats` times; then `--exact-repeats` times with
// `--memory-mode exact` (tracemalloc, much slower, so fewer rounds). Each program marks the line
// that allocates the most with a `# top allocation` comment. Reported, as medians:
// - resident mode: CPU time over bare (target <= 1.5x), peak RSS against bare (target <= 1.5x bare
//   + 50 MB), and the top line of the profile's memory table (target: the marked line);
// - exact mode: the traced run (meta.wallTime), the post-processing after the program ended
//   (memory.processingTime, and the process's whole wall time minus the run), peak RSS, and the
//   top line (target: the marked line; post-processing at most as long as the traced run).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const harness = fileURLToPath(new URL('../../src/harness/hotspy_harness.py', import.meta.url));
const measure = fileURLToPath(new URL('../profile-overhead/measure.py', import.meta.url));

const options = parseArgs(process.argv.slice(2), { repeats: '3', 'exact-repeats': '1', only: '', python: 'python3' });
const scratch = mkdtempSync(join(tmpdir(), 'hotspy-memory-'));
const profilePath = join(scratch, 'profile.json');

const VARIANTS = {
  bare: (script) => [script],
  resident: (script) => [harness, '--out', profilePath, '--mode', 'sample', '--memory', '--', script],
  exact: (script) => [harness, '--out', profilePath, '--mode', 'sample', '--memory-mode', 'exact', '--', script],
};

function programs() {
  const only = options.only ? new Set(options.only.split(',')) : undefined;
  return readdirSync(join(here, 'programs'))
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => {
      const script = join(here, 'programs', f);
      const marked = readFileSync(script, 'utf8').split('\n').findIndex((l) => l.includes('# top allocation'));
      return { name: basename(f, '.py'), script, expected: marked + 1 };
    })
    .filter((p) => !only || only.has(p.name));
}

function timeRun(variant, program) {
  rmSync(profilePath, { force: true });
  const result = spawnSync(options.python, [measure, options.python, ...VARIANTS[variant](program.script)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const m = JSON.parse(result.stdout);
  if (m.code !== 0) throw new Error(`${variant} ${program.name} failed (${m.code}): ${m.stderr}`);
  if (variant === 'bare') return m;
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const top = profile.memory.top.find((row) => row.file === program.script);
  return {
    ...m,
    run: profile.meta.wallTime,
    processing: profile.memory.processingTime,
    topLine: top ? top.line : null,
    topBytes: top ? top.size : 0,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const s = (seconds) => `${seconds.toFixed(2)} s`;

const list = programs();
const runs = Object.fromEntries(list.map((p) => [p.name, { bare: [], resident: [], exact: [] }]));
for (let round = 0; round < Number(options.repeats); round++) {
  process.stderr.write(`round ${round + 1}/${options.repeats} (bare and resident)\n`);
  list.forEach((p, i) => {
    const order = (round + i) % 2 === 0 ? ['bare', 'resident'] : ['resident', 'bare'];
    for (const v of order) runs[p.name][v].push(timeRun(v, p));
  });
}
for (let round = 0; round < Number(options['exact-repeats']); round++) {
  process.stderr.write(`round ${round + 1}/${options['exact-repeats']} (exact)\n`);
  for (const p of list) runs[p.name].exact.push(timeRun('exact', p));
}
rmSync(scratch, { recursive: true, force: true });

const pick = (rows, key) => median(rows.map((r) => r[key]));
const topOf = (rows) => {
  const lines = rows.map((r) => r.topLine);
  return lines.every((l) => l === lines[0]) ? lines[0] : lines.join('/');
};
const table = [['program', 'bare CPU', 'resident CPU', 'ratio', 'bare peak', 'resident peak', 'limit', 'top line', 'expected']];
const exactTable = [['program', 'traced run', 'processing', 'after the run', 'post/run', 'peak RSS', 'top line', 'expected']];
let met = true;
for (const p of list) {
  const r = runs[p.name];
  const bareCpu = pick(r.bare, 'cpu');
  const cpu = pick(r.resident, 'cpu');
  const barePeak = pick(r.bare, 'maxrss');
  const peak = pick(r.resident, 'maxrss');
  const limit = 1.5 * barePeak + 50 * 2 ** 20;
  const top = topOf(r.resident);
  met &&= cpu <= 1.5 * bareCpu && peak <= limit && top === p.expected;
  table.push([p.name, s(bareCpu), s(cpu), `${(cpu / bareCpu).toFixed(2)}x`, mb(barePeak), mb(peak), mb(limit), String(top), String(p.expected)]);
  if (r.exact.length > 0) {
    const run = pick(r.exact, 'run');
    const processing = pick(r.exact, 'processing');
    // Everything after the program's end: the grouping, the profile write and the interpreter's exit.
    const after = median(r.exact.map((x) => x.wall - x.run));
    const exactTop = topOf(r.exact);
    met &&= after <= run && exactTop === p.expected;
    exactTable.push([p.name, s(run), s(processing), s(after), `${(after / run).toFixed(2)}`, mb(pick(r.exact, 'maxrss')), String(exactTop), String(p.expected)]);
  }
}
const print = (rows) => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) process.stdout.write(`${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')}\n`);
};
process.stdout.write('\nresident mode (--memory), medians; targets: CPU <= 1.5x bare, peak <= 1.5x bare + 50 MB, top line = expected\n');
print(table);
if (exactTable.length > 1) {
  process.stdout.write('\nexact mode (--memory-mode exact); targets: after the run <= traced run, top line = expected\n');
  print(exactTable);
}
process.stdout.write(`\n${met ? 'all targets met' : 'some targets NOT met'}\n`);

function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]?.replace(/^--/, '');
    if (!key || !(key in defaults) || argv[i + 1] === undefined) {
      process.stderr.write('usage: node run.mjs [--repeats N] [--exact-repeats N] [--only a,b] [--python PATH]\n');
      process.exit(2);
    }
    out[key] = argv[i + 1];
  }
  return out;
}
