// Does `hotspy check --fix` keep behaviour on real code? For each pinned package: download its
// sdist from PyPI into a cache outside the repository, unpack a pristine copy, run its own test
// suite, apply `hotspy check --select ALL --fix` to its library and test code, run the suite
// again, and compare test by test. Prints the edits applied per rule and package, and every
// test that passed before and fails (or vanished) after. Exit 1 on any new failure, or when
// fewer than --min-edits edits were applied (a benchmark that edits nothing proves nothing).
//
//   npm run build && node benchmarks/fix-safety/run.mjs [--cache DIR] [--only boltons,tabulate] [--json]
//
// pytest is pinned to 7.4 (boltons' conftest uses a hook argument pytest 8 removed).
// Needs python3 with pip and network access to PyPI on the first run (later runs use the cache).
// Cache default: $HOTSPY_FIX_SAFETY_CACHE, else ~/.cache/hotspy/fix-safety.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    cache: { type: 'string', default: process.env.HOTSPY_FIX_SAFETY_CACHE ?? join(homedir(), '.cache/hotspy/fix-safety') },
    only: { type: 'string' },
    'min-edits': { type: 'string', default: '20' },
    json: { type: 'boolean', default: false },
  },
});

const PACKAGES = JSON.parse(readFileSync(join(import.meta.dirname, 'packages.json'), 'utf8'));
const cache = resolve(values.cache);
const hotspy = resolve(import.meta.dirname, '../../bin/hotspy.js');
const python = process.env.PYTHON ?? 'python3';
const selected = values.only ? PACKAGES.filter((p) => values.only.split(',').includes(p.name.toLowerCase())) : PACKAGES;

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  return r;
}

function must(cmd, args, options = {}) {
  const r = run(cmd, args, options);
  if (r.status !== 0) {
    console.error(`fix-safety: ${cmd} ${args.join(' ')} failed (${r.status})\n${r.stdout}\n${r.stderr}`);
    process.exit(2);
  }
  return r;
}

const log = (line) => process.stderr.write(`${line}\n`);

/** One venv for every package: pytest plus the packages' test dependencies. */
function ensureVenv() {
  const venv = join(cache, 'venv');
  const bin = join(venv, 'bin/python');
  const deps = [...new Set(['pytest==7.4.4', ...selected.flatMap((p) => p.testDeps ?? [])])];
  const stamp = join(venv, 'deps.txt');
  const want = deps.sort().join('\n');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return bin;
  // a new dependency is installed into the venv there is; only a missing venv is created
  if (!existsSync(bin)) {
    log(`creating ${venv}`);
    must(python, ['-m', 'venv', venv]);
  }
  log(`installing ${deps.join(', ')} into ${venv}`);
  must(bin, ['-m', 'pip', 'install', '-q', ...deps]);
  must(bin, ['-c', `open(${JSON.stringify(stamp)}, "w").write(${JSON.stringify(want)})`]);
  return bin;
}

/** A pristine unpacked copy of the sdist (downloaded once). */
function freshSource(pkg) {
  const sdists = join(cache, 'sdists');
  mkdirSync(sdists, { recursive: true });
  const prefix = `${pkg.name}-${pkg.version}`.toLowerCase().replace(/[-_.]+/g, '-');
  const norm = (f) => f.toLowerCase().replace(/[-_.]+/g, '-');
  let archive = readdirSync(sdists).find((f) => norm(f).startsWith(`${prefix}-tar`) || norm(f).startsWith(`${prefix}-zip`));
  if (!archive) {
    log(`downloading ${pkg.name}==${pkg.version}`);
    must(python, ['-m', 'pip', 'download', '-q', '--no-deps', '--no-binary', ':all:', `${pkg.name}==${pkg.version}`, '-d', sdists]);
    archive = readdirSync(sdists).find((f) => norm(f).startsWith(`${prefix}-tar`) || norm(f).startsWith(`${prefix}-zip`));
    if (!archive) throw new Error(`no sdist for ${pkg.name} ${pkg.version} in ${sdists}`);
  }
  const work = join(cache, 'work');
  const target = join(work, `${pkg.name}-${pkg.version}`);
  rmSync(target, { recursive: true, force: true });
  const unpack = join(work, '.unpack');
  rmSync(unpack, { recursive: true, force: true });
  mkdirSync(unpack, { recursive: true });
  const file = join(sdists, archive);
  if (archive.endsWith('.zip')) must('unzip', ['-q', file, '-d', unpack]);
  else must('tar', ['xzf', file, '-C', unpack]);
  const [top] = readdirSync(unpack);
  cpSync(join(unpack, top), target, { recursive: true });
  rmSync(unpack, { recursive: true, force: true });
  return target;
}

/** Runs the suite; returns test id -> 'passed' | 'failed' | 'skipped'. */
function runTests(venvPython, pkg, dir, label) {
  const xml = join(cache, `${pkg.name}-${label}.xml`);
  rmSync(xml, { force: true });
  const started = Date.now();
  const env = { ...process.env, PYTHONPATH: join(dir, pkg.pythonpath ?? '.'), PYTHONDONTWRITEBYTECODE: '1' };
  const r = run(venvPython, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `--junitxml=${xml}`, ...(pkg.pytestArgs ?? []), ...pkg.tests], {
    cwd: dir,
    env,
    timeout: 600_000,
  });
  const seconds = (Date.now() - started) / 1000;
  if (!existsSync(xml)) {
    console.error(`fix-safety: ${pkg.name}: pytest wrote no report (exit ${r.status})\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
    process.exit(2);
  }
  return { outcomes: parseJunit(readFileSync(xml, 'utf8')), seconds };
}

function parseJunit(xml) {
  const outcomes = new Map();
  const re = /<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const m of xml.matchAll(re)) {
    const attr = (name) => (m[1].match(new RegExp(`\\b${name}="([^"]*)"`)) ?? [])[1] ?? '';
    const id = `${attr('classname')}::${attr('name')}`;
    const body = m[3] ?? '';
    const outcome = /<(failure|error)\b/.test(body) ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
    // parametrized ids can repeat under odd names: keep the worst outcome
    if (outcomes.get(id) !== 'failed') outcomes.set(id, outcome);
  }
  return outcomes;
}

/** Findings that carry edits, per rule, in the given paths. */
function fixableByRule(dir, paths) {
  const r = run('node', [hotspy, 'check', '--select', 'ALL', '--confidence', 'low', '--no-cache', '--format', 'json', ...paths], { cwd: dir });
  const report = JSON.parse(r.stdout);
  const counts = {};
  const where = [];
  for (const f of report.findings) {
    if (!f.fix?.edits?.length) continue;
    counts[f.rule] = (counts[f.rule] ?? 0) + 1;
    where.push(`${f.rule} ${f.path}:${f.line} ${f.fix.description}`);
  }
  return { counts, where };
}

const venvPython = ensureVenv();
const results = [];
for (const pkg of selected) {
  const dir = freshSource(pkg);
  log(`${pkg.name} ${pkg.version}: tests before`);
  const before = runTests(venvPython, pkg, dir, 'before');
  const fixable = fixableByRule(dir, pkg.fix);
  // every edit hotspy can make, also on findings hidden by default (`--confidence low`): all must keep behaviour
  const fixRun = run('node', [hotspy, 'check', '--select', 'ALL', '--confidence', 'low', '--no-cache', '--fix', '--format', 'json', ...pkg.fix], { cwd: dir });
  if (fixRun.status === 2) {
    console.error(`fix-safety: ${pkg.name}: hotspy check --fix failed\n${fixRun.stderr}`);
    process.exit(2);
  }
  const left = fixableByRule(dir, pkg.fix);
  const applied = {};
  for (const [rule, n] of Object.entries(fixable.counts)) applied[rule] = n - (left.counts[rule] ?? 0);
  log(`${pkg.name} ${pkg.version}: tests after ${Object.values(applied).reduce((a, b) => a + b, 0)} edits`);
  const after = runTests(venvPython, pkg, dir, 'after');
  const newFailures = [];
  for (const [id, outcome] of before.outcomes) {
    if (outcome !== 'passed') continue;
    const now = after.outcomes.get(id);
    if (now !== 'passed') newFailures.push(`${id}: ${now ?? 'missing'}`);
  }
  const count = (o, what) => [...o.values()].filter((v) => v === what).length;
  results.push({
    package: `${pkg.name} ${pkg.version}`,
    edits: applied,
    where: fixable.where,
    tests: before.outcomes.size,
    passedBefore: count(before.outcomes, 'passed'),
    failedBefore: count(before.outcomes, 'failed'),
    passedAfter: count(after.outcomes, 'passed'),
    failedAfter: count(after.outcomes, 'failed'),
    newFailures,
    seconds: Math.round(before.seconds + after.seconds),
  });
}

const totals = {};
for (const r of results) for (const [rule, n] of Object.entries(r.edits)) totals[rule] = (totals[rule] ?? 0) + n;
const totalEdits = Object.values(totals).reduce((a, b) => a + b, 0);
const totalNew = results.reduce((a, r) => a + r.newFailures.length, 0);

if (values.json) {
  console.log(JSON.stringify({ packages: results, editsByRule: totals, totalEdits, newFailures: totalNew }, null, 2));
} else {
  const rules = Object.keys(totals).sort();
  const pad = (s, n) => String(s).padEnd(n);
  console.log(`${pad('package', 22)}${rules.map((r) => pad(r, 7)).join('')}${pad('edits', 7)}${pad('tests', 7)}${pad('failed before', 15)}${pad('failed after', 14)}new failures`);
  for (const r of results) {
    const sum = Object.values(r.edits).reduce((a, b) => a + b, 0);
    console.log(
      `${pad(r.package, 22)}${rules.map((rule) => pad(r.edits[rule] ?? 0, 7)).join('')}${pad(sum, 7)}${pad(r.tests, 7)}${pad(r.failedBefore, 15)}${pad(r.failedAfter, 14)}${r.newFailures.length}`,
    );
  }
  console.log(`${pad('total', 22)}${rules.map((rule) => pad(totals[rule], 7)).join('')}${pad(totalEdits, 7)}`);
  console.log('\nedits applied:');
  for (const r of results) for (const w of r.where) console.log(`  ${r.package}: ${w}`);
  for (const r of results) for (const f of r.newFailures) console.log(`NEW FAILURE ${r.package}: ${f}`);
  console.log(`\n${totalEdits} edits in ${results.length} packages, ${totalNew} new test failures`);
}
const minEdits = Number(values['min-edits']);
process.exit(totalNew > 0 || totalEdits < minEdits ? 1 : 0);
