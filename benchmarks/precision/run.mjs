#!/usr/bin/env node
// Precision on real code: `hotspy check` (default settings, every confidence recorded) over the
// pinned wheels of packages.txt, joined with the team's hand-written verdicts in labels.tsv.
// Needs a built hotspy (`npm run build`), python3 with pip (the first run downloads the wheels).
//
//   node benchmarks/precision/run.mjs                 # the per-rule tables and the unlabelled findings
//   node benchmarks/precision/run.mjs --sample 30     # the next 30 unlabelled findings to judge, with code
//   node benchmarks/precision/run.mjs --reuse         # reuse the last check's findings (no rescan)
//
// Options: --cache DIR (default $HOTSPY_PRECISION_CACHE or ~/.cache/hotspy-precision), --seed S
// (sampling order, default 13), --per-rule K (the sample first tops every rule up to K judged,
// default 10), --all-unlabelled (list every unlabelled finding, not the first 40), --json FILE
// (write the joined rows for other tools).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const flag = (name) => args.includes(name);
const cache = option('--cache', process.env.HOTSPY_PRECISION_CACHE ?? join(homedir(), '.cache', 'hotspy-precision'));
const seed = option('--seed', '13');
const perRule = Number(option('--per-rule', '10'));
const sampleSize = option('--sample') === undefined ? 0 : Number(option('--sample'));

const VERDICTS = new Set(['true', 'false', 'no-gain']);
const CONFIDENCES = ['high', 'medium', 'low'];

// ---- corpus ---------------------------------------------------------------------------------

function readPackages() {
  return readFileSync(join(here, 'packages.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^([A-Za-z0-9_.-]+)==([A-Za-z0-9_.+-]+)$/.exec(l);
      if (!m) throw new Error(`packages.txt: not name==version: ${l}`);
      return { name: m[1].toLowerCase(), version: m[2] };
    });
}

/** Wheel file names normalise the project name (PEP 427): `-`/`.` become `_`, case varies. */
const wheelPrefix = (pkg) => `${pkg.name.replace(/[-_.]+/g, '_')}-${pkg.version}-`;

function findWheel(dir, pkg) {
  if (!existsSync(dir)) return undefined;
  const prefix = wheelPrefix(pkg);
  return readdirSync(dir).find((f) => f.endsWith('.whl') && f.toLowerCase().replace(/^([^-]+)/, (m) => m.replace(/[-.]/g, '_')).startsWith(prefix));
}

/** Downloads (once) and unpacks (once) every package's wheel; returns the source folders. */
function prepareCorpus(packages) {
  const wheels = join(cache, 'wheels');
  mkdirSync(wheels, { recursive: true });
  const out = [];
  for (const pkg of packages) {
    let wheel = findWheel(wheels, pkg);
    if (!wheel) {
      process.stderr.write(`downloading ${pkg.name}==${pkg.version}\n`);
      const r = spawnSync('python3', ['-m', 'pip', 'download', '-q', '--no-deps', '--only-binary', ':all:', `${pkg.name}==${pkg.version}`, '-d', wheels], { stdio: ['ignore', 'inherit', 'inherit'] });
      wheel = findWheel(wheels, pkg);
      if (r.status !== 0 || !wheel) throw new Error(`could not download ${pkg.name}==${pkg.version}`);
    }
    const dir = join(cache, 'src', `${pkg.name}-${pkg.version}`);
    if (!existsSync(join(dir, '.unpacked'))) {
      mkdirSync(dir, { recursive: true });
      // only the Python sources: no compiled parts are needed, none are run
      execFileSync('python3', ['-c', UNPACK, join(wheels, wheel), dir]);
      writeFileSync(join(dir, '.unpacked'), `${wheel}\n`);
    }
    // A checkout has its pyproject.toml; the wheel carries the same floor in METADATA's
    // Requires-Python. Written beside the sources, so the target version hotspy finds is the
    // project's own (version-gated advice such as `slots=True` or zero-cost `try` depends on it).
    const pyproject = join(dir, 'pyproject.toml');
    if (!existsSync(pyproject)) {
      const floor = execFileSync('python3', ['-c', REQUIRES_PYTHON, join(wheels, wheel)], { encoding: 'utf8' }).trim();
      const project = [`[project]`, `name = ${JSON.stringify(pkg.name)}`, `version = ${JSON.stringify(pkg.version)}`];
      if (floor) project.push(`requires-python = ${JSON.stringify(floor)}`);
      writeFileSync(pyproject, `${project.join('\n')}\n`);
    }
    out.push({ ...pkg, dir, lines: countLines(dir) });
  }
  return out;
}

const UNPACK = `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in z.namelist():
        if n.endswith('.py'):
            z.extract(n, sys.argv[2])
`;

const REQUIRES_PYTHON = `
import sys, zipfile
from email.parser import HeaderParser
with zipfile.ZipFile(sys.argv[1]) as z:
    name = next(n for n in z.namelist() if n.endswith('.dist-info/METADATA'))
    print(HeaderParser().parsestr(z.read(name).decode('utf-8')).get('Requires-Python') or '')
`;

function pythonFiles(dir, acc = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) pythonFiles(join(dir, e.name), acc);
    else if (e.name.endsWith('.py')) acc.push(join(dir, e.name));
  }
  return acc;
}

function countLines(dir) {
  let lines = 0;
  let testLines = 0;
  for (const f of pythonFiles(dir)) {
    const n = readFileSync(f, 'utf8').split('\n').length;
    lines += n;
    if (isTestPath(relative(dir, f))) testLines += n;
  }
  return { lines, testLines };
}

/** The benchmark's own notion of a test file, for the test-file view (kept independent of hotspy's). */
function isTestPath(path) {
  const parts = path.split(/[\\/]/);
  const base = parts[parts.length - 1];
  return parts.slice(0, -1).some((p) => p === 'tests' || p === 'test' || p === 'testing') || /^test_.*\.py$|_test\.py$|^conftest\.py$/.test(base);
}

// ---- findings -------------------------------------------------------------------------------

function supportsConfidence() {
  const help = spawnSync(process.execPath, [bin, 'check', '--help'], { encoding: 'utf8' }).stdout ?? '';
  return help.includes('--confidence');
}

function runCheck(corpus) {
  const extra = supportsConfidence() ? ['--confidence', 'low'] : [];
  const r = spawnSync(process.execPath, [bin, 'check', '--format', 'json', '--no-cache', ...extra, ...corpus.map((p) => relative(join(cache, 'src'), p.dir))], {
    cwd: join(cache, 'src'),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`hotspy check failed (exit ${r.status}): ${r.stderr}`);
  const doc = JSON.parse(r.stdout);
  const findings = [];
  for (const f of doc.findings) {
    const [top, ...rest] = f.path.split(/[\\/]/);
    const pkg = corpus.find((p) => relative(join(cache, 'src'), p.dir) === top);
    if (!pkg || f.rule === 'HS000') continue;
    findings.push({
      package: pkg.name,
      version: pkg.version,
      path: rest.join('/'),
      line: f.line,
      rule: f.rule,
      severity: f.severity,
      confidence: f.confidence ?? 'medium',
      evidence: f.evidence ?? '',
      message: f.message,
      fix: f.fix?.description ?? '',
      loop: f.loop,
      function: f.function,
    });
  }
  writeFileSync(join(cache, 'findings.json'), JSON.stringify({ confidence: extra.length > 0, findings }));
  return findings;
}

// ---- labels ---------------------------------------------------------------------------------

const keyOf = (r) => [r.package, r.version, r.path, r.line, r.rule].join('\t');

function readLabels() {
  const file = join(here, 'labels.tsv');
  const labels = new Map();
  const problems = [];
  if (!existsSync(file)) return { labels, problems };
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((raw, i) => {
    if (!raw.trim() || raw.startsWith('#') || raw.startsWith('package\t')) return;
    const [pkg, version, path, line, rule, verdict, reason] = raw.split('\t');
    if (!VERDICTS.has(verdict) || !reason?.trim() || !/^\d+$/.test(line ?? '')) {
      problems.push(`labels.tsv:${i + 1}: needs package, version, path, line, rule, verdict (true|false|no-gain), reason`);
      return;
    }
    const row = { package: pkg, version, path, line: Number(line), rule, verdict, reason };
    if (labels.has(keyOf(row))) problems.push(`labels.tsv:${i + 1}: labelled twice`);
    labels.set(keyOf(row), row);
  });
  return { labels, problems };
}

// ---- sampling -------------------------------------------------------------------------------

/** A finding's place in the sampling order: a hash of the seed and its key, so the order of
 * one finding never depends on which others exist (a rule change does not reshuffle the rest). */
const rank = (f) => createHash('sha256').update(`${seed}\t${keyOf(f)}`).digest('hex');

function sample(findings, labels, n) {
  // one label covers every finding with the same key (two of one rule on one line)
  const seen = new Set();
  const unlabelled = findings
    .filter((f) => !labels.has(keyOf(f)) && !seen.has(keyOf(f)) && seen.add(keyOf(f)))
    .sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
  const judged = new Map();
  for (const f of findings) if (labels.has(keyOf(f))) judged.set(f.rule, (judged.get(f.rule) ?? 0) + 1);
  const picked = [];
  // first every rule up to --per-rule judged findings (all of them where it fires less), then by rank
  for (const f of unlabelled) {
    if (picked.length >= n) break;
    if ((judged.get(f.rule) ?? 0) < perRule) {
      picked.push(f);
      judged.set(f.rule, (judged.get(f.rule) ?? 0) + 1);
    }
  }
  for (const f of unlabelled) {
    if (picked.length >= n) break;
    if (!picked.includes(f)) picked.push(f);
  }
  return picked;
}

function showFinding(f, corpus) {
  const pkg = corpus.find((p) => p.name === f.package);
  const text = readFileSync(join(pkg.dir, f.path), 'utf8').split('\n');
  const from = Math.max(1, f.loop?.line ?? f.line - 6, f.function?.line ?? 1, f.line - 18);
  const to = Math.min(text.length, f.line + 4);
  const out = [`${keyOf(f)}\t?\t`, `  ${f.severity} ${f.confidence}${f.evidence ? ` (${f.evidence})` : ''}: ${f.message}`, `  fix: ${f.fix}`];
  if (f.function) out.push(`  in ${f.function.name}() at line ${f.function.line}`);
  for (let i = from; i <= to; i++) out.push(`  ${i === f.line ? '>' : ' '}${String(i).padStart(5)} ${text[i - 1]}`);
  return out.join('\n');
}

// ---- the table ------------------------------------------------------------------------------

function table(rows, corpus, title) {
  const lines = corpus.reduce((s, p) => s + p.lines.lines, 0);
  const byRule = new Map();
  for (const r of rows) {
    const e = byRule.get(r.rule) ?? { findings: 0, judged: 0, t: 0, f: 0, ng: 0, loud: 0, loudNg: 0 };
    e.findings++;
    if (r.label) {
      e.judged++;
      if (r.label.verdict === 'true') e.t++;
      else if (r.label.verdict === 'false') e.f++;
      else e.ng++;
      if (r.severity !== 'info') {
        e.loud++;
        if (r.label.verdict === 'no-gain') e.loudNg++;
      }
    }
    byRule.set(r.rule, e);
  }
  const pct = (a, b) => (b === 0 ? '   -' : `${Math.round((100 * a) / b)}%`.padStart(4));
  const out = [`${title} (${rows.length} findings in ${(lines / 1000).toFixed(0)}k lines)`, 'rule   findings  per-kLOC  judged  true false no-gain  precision  no-gain(warn+err)'];
  const total = { findings: 0, judged: 0, t: 0, f: 0, ng: 0, loud: 0, loudNg: 0 };
  for (const [rule, e] of [...byRule].sort()) {
    for (const k of Object.keys(total)) total[k] += e[k];
    out.push(row(rule, e));
  }
  out.push(row('all', total));
  return out.join('\n');

  function row(rule, e) {
    return `${rule.padEnd(6)} ${String(e.findings).padStart(8)}  ${((1000 * e.findings) / lines).toFixed(3).padStart(8)}  ${String(e.judged).padStart(6)}  ${String(e.t).padStart(4)} ${String(e.f).padStart(5)} ${String(e.ng).padStart(7)}  ${pct(e.t, e.t + e.f).padStart(9)}  ${pct(e.loudNg, e.loud).padStart(8)} of ${e.loud}`;
  }
}

// ---- main -----------------------------------------------------------------------------------

const corpus = prepareCorpus(readPackages());
let findings;
if (flag('--reuse') && existsSync(join(cache, 'findings.json'))) findings = JSON.parse(readFileSync(join(cache, 'findings.json'), 'utf8')).findings;
else findings = runCheck(corpus);
const { labels, problems } = readLabels();
for (const p of problems) process.stderr.write(`${p}\n`);

if (sampleSize > 0) {
  for (const f of sample(findings, labels, sampleSize)) process.stdout.write(`${showFinding(f, corpus)}\n\n`);
  process.exit(0);
}

const rows = findings.map((f) => ({ ...f, test: isTestPath(f.path), label: labels.get(keyOf(f)) }));
const shown = (r) => r.confidence !== 'low';
const corpusLines = corpus.reduce((s, p) => s + p.lines.lines, 0);
const testLines = corpus.reduce((s, p) => s + p.lines.testLines, 0);
console.log(`corpus: ${corpus.map((p) => `${p.name}==${p.version}`).join(', ')}`);
console.log(`${(corpusLines / 1000).toFixed(0)}k lines of Python, ${(testLines / 1000).toFixed(0)}k of them in test files; ${labels.size} labels\n`);
console.log(table(rows.filter(shown), corpus, 'default view: confidence high and medium'));
console.log('');
console.log(table(rows, corpus, 'every confidence (--confidence low)'));
console.log('');
for (const level of CONFIDENCES) {
  const sel = rows.filter((r) => r.confidence === level && r.label);
  const t = sel.filter((r) => r.label.verdict === 'true').length;
  const f = sel.filter((r) => r.label.verdict === 'false').length;
  const ng = sel.filter((r) => r.label.verdict === 'no-gain').length;
  console.log(`confidence ${level.padEnd(6)}: ${String(rows.filter((r) => r.confidence === level).length).padStart(5)} findings, ${sel.length} judged: ${t} true, ${f} false, ${ng} no-gain`);
}
for (const [name, sel] of [['test files', rows.filter((r) => r.test)], ['other files', rows.filter((r) => !r.test)]]) {
  const j = sel.filter((r) => r.label);
  const t = j.filter((r) => r.label.verdict === 'true').length;
  const f = j.filter((r) => r.label.verdict === 'false').length;
  const ng = j.filter((r) => r.label.verdict === 'no-gain').length;
  console.log(`${name.padEnd(11)}: ${String(sel.length).padStart(5)} findings, ${j.length} judged: ${t} true, ${f} false, ${ng} no-gain`);
}

const present = new Set(findings.map(keyOf));
const gone = [...labels.values()].filter((l) => !present.has(keyOf(l)));
if (gone.length > 0) {
  const count = (v) => gone.filter((l) => l.verdict === v).length;
  console.log(`\nlabelled findings no longer reported: ${gone.length} (${count('false')} false, ${count('no-gain')} no-gain, ${count('true')} true)`);
  for (const l of gone.filter((g) => g.verdict === 'true')) console.log(`  lost a true finding: ${keyOf(l).replace(/\t/g, ' ')}`);
}
const unlabelled = rows.filter((r) => !r.label);
console.log(`\nunlabelled findings: ${unlabelled.length} (judge them: --sample N)`);
for (const r of flag('--all-unlabelled') ? unlabelled : unlabelled.slice(0, 40)) {
  console.log(`  ${r.rule} ${r.confidence.padEnd(6)} ${r.package}-${r.version}/${r.path}:${r.line}`);
}
if (!flag('--all-unlabelled') && unlabelled.length > 40) console.log(`  ... ${unlabelled.length - 40} more (--all-unlabelled)`);
const jsonOut = option('--json');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows, null, 1));
