#!/usr/bin/env node
// Runs the guides' classic comparisons through `hotspy bench` (the built CLI, dist/) and
// writes results.json and results.md next to this script: measured ratio, its 95 % interval
// and the guides' claim, group by group. Extra arguments go to every `hotspy bench` call,
// e.g. `node benchmarks/seed-claims/run.mjs --min-time 0.2`.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const hotspy = here('../../bin/hotspy.js');
const suite = here('./bench_seed_claims.py');
const extra = process.argv.slice(2);

// [group filter, claimed speed-up as the guides state it, source]
const groups = [
  ['membership_(list|set)', 'set ~80-400x faster than list', 'seeds 001 ("Speedup: 81x"), 000 ("430x faster")'],
  ['concat_(plus|join)', 'join ~30x faster than +=', 'seed 002 ("Join is 29.2x faster")'],
  ['build_(loop|map|comprehension)', 'comprehension ~15 % faster than the loop, ~10 % faster than map', 'seed 000'],
  ['attribute_(lookup|local)', 'local binding ~1.3x (30 %) faster', 'seed 000'],
  ['count_(manual|counter)', 'Counter 5-10x faster', 'seed 000'],
  ['fib_(plain|lru_cache)', 'lru_cache ~10x and more ("instant")', 'seed 000'],
  ['attrs_(dict|slots)', '__slots__ 30-50 % faster attribute access', 'seed 000'],
];

const rows = [];
const raw = [];
for (const [filter, claim, source] of groups) {
  process.stderr.write(`seed-claims: ${filter}\n`);
  const out = execFileSync('node', [hotspy, 'bench', suite, '-k', `^bench_${filter}$`, '--compare', '--format', 'json', ...extra], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const run = JSON.parse(out);
  raw.push(run);
  for (const c of run.comparisons) {
    const speedup = 1 / c.ratio;
    rows.push({
      comparison: `${c.candidate.replace('bench_', '')} vs ${c.baseline.replace('bench_', '')}`,
      measured: speedup,
      low: 1 / c.ci95.high,
      high: 1 / c.ci95.low,
      significant: c.significant,
      claim,
      source,
    });
  }
}

const fmt = (x) => (x >= 10 ? x.toFixed(0) : x.toFixed(2));
const lines = [
  '| comparison | measured speed-up | 95 % CI | significant | the guides claim |',
  '|---|---:|---:|---|---|',
  ...rows.map((r) => `| ${r.comparison} | ${fmt(r.measured)}x | ${fmt(r.low)}x .. ${fmt(r.high)}x | ${r.significant ? 'yes' : 'no'} | ${r.claim} |`),
];
const env = raw[0]?.environment;
const settings = raw[0]?.settings;
lines.push(
  '',
  `Python ${env?.python.version} on ${env?.machine.cpuModel} (${env?.machine.cpus} CPUs), hotspy ${env?.hotspy}; ` +
    `${settings?.clock} clock, ${settings?.processes} processes x ${settings?.values} values, min-time ${settings?.minTime} s.`,
);
writeFileSync(here('./results.md'), lines.join('\n') + '\n');
writeFileSync(here('./results.json'), JSON.stringify({ rows, runs: raw }, null, 2) + '\n');
process.stdout.write(lines.join('\n') + '\n');
