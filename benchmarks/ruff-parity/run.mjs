// How many of Ruff's own diagnostics for the codes hotspy covers (PERF101/102/203/401/402/403,
// C419, SIM118) hotspy reproduces at the same fixture and line, and where hotspy reports such a
// code and Ruff (stable) does not. Reads Ruff's fixtures and expected diagnostics, and perflint's
// unit-test snippets, from ../shared/corpus at run time (never copied into the project).
//
//   npm run build && node benchmarks/ruff-parity/run.mjs [--corpus ../shared/corpus] [--json]
//
// HOTSPY_DIST points at another build output (default: dist/). Exit code 1 when a code falls
// below 95 % reproduced, so the benchmark can guard a CI job.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: join(import.meta.dirname, '../../../shared/corpus') },
    json: { type: 'boolean', default: false },
  },
});
const corpus = resolve(values.corpus);
const ruffDir = join(corpus, 'ruff-perf-fixtures');
const perflintDir = join(corpus, 'perflint-tests');
if (!existsSync(join(ruffDir, 'expected-diagnostics.tsv'))) {
  console.error(`ruff-parity: no corpus at ${corpus} (expected ruff-perf-fixtures/expected-diagnostics.tsv); pass --corpus`);
  process.exit(2);
}

const dist = resolve(process.env.HOTSPY_DIST ?? join(import.meta.dirname, '../../dist'));
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { initPython } = await load('python/parser.js');
const { lintSource } = await load('check/lint-source.js');
const { allRules } = await load('rules/index.js');
await initPython();

/** The Ruff code each hotspy message stands for; messages without an entry map to no code. */
const CODE_OF_MESSAGE = {
  HS304: { list: 'PERF401', copy: 'PERF402', dict: 'PERF403' },
  HS305: { shortCircuit: 'C419', reduce: 'C419' },
  HS307: { keysIn: 'SIM118', keysLoop: 'SIM118', itemsKeys: 'PERF102', itemsValues: 'PERF102' },
  HS308: { iterate: 'PERF101' },
  HS309: { tryInLoop: 'PERF203', tryPerItem: 'PERF203' },
};
const CODES = ['PERF101', 'PERF102', 'PERF203', 'PERF401', 'PERF402', 'PERF403', 'C419', 'SIM118'];
/** Fixtures every Ruff test of the code ran on (C419_2.py expects nothing; C419_1.py is preview-only). */
const EXTRA_FIXTURES = { C419: ['C419_1.py', 'C419_2.py'] };
/** Python 3.15 syntax, which no parser here reads (the corpus README says to skip it). */
const SKIPPED_FIXTURES = new Set(['C419_py315.py']);
const TARGET = [3, 10]; // the perflint tests run with target py310; PERF203 needs < 3.11

const rules = allRules.filter((r) => r.id in CODE_OF_MESSAGE);
for (const r of rules) {
  for (const code of r.equivalents) if (CODES.includes(code) && !Object.values(CODE_OF_MESSAGE[r.id]).includes(code)) {
    throw new Error(`${r.id} lists ${code} in equivalents but no message maps to it`);
  }
}

/** Turns each message template into a regex, so a finding's message tells its message id. */
const matchers = rules.flatMap((rule) =>
  Object.entries(rule.messages).map(([id, template]) => {
    const pattern = template
      .split(/\{\{\s*\w+\s*\}\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[\\s\\S]*?');
    return { rule: rule.id, id, regex: new RegExp(`^${pattern}$`) };
  }),
);
function codeOf(finding) {
  const m = matchers.find((x) => x.rule === finding.rule && x.regex.test(finding.message));
  return m ? CODE_OF_MESSAGE[m.rule][m.id] : undefined;
}

// Ruff's expected diagnostics
const rows = readFileSync(join(ruffDir, 'expected-diagnostics.tsv'), 'utf8').trim().split('\n').slice(1).map((line) => {
  const [group, snapshot, mode, fixture, l, col, code] = line.split('\t');
  return { group, snapshot, mode, fixture, line: Number(l), col: Number(col), code };
});
const fixturePath = new Map(rows.map((r) => [r.fixture, join(ruffDir, r.group, 'fixtures', r.fixture)]));
fixturePath.set('C419_2.py', join(ruffDir, 'flake8_comprehensions/fixtures/C419_2.py'));

const findingsCache = new Map();
function hotspyFindings(fixture) {
  if (!findingsCache.has(fixture)) {
    const text = readFileSync(fixturePath.get(fixture), 'utf8');
    const { findings, errors } = lintSource(fixture, text, rules, { targetVersion: TARGET });
    if (errors.length > 0) throw new Error(`${fixture}: ${errors.map((e) => e.message).join('; ')}`);
    findingsCache.set(fixture, { findings, lines: text.split('\n') });
  }
  return findingsCache.get(fixture);
}

const table = [];
const extras = [];
const misses = [];
for (const code of CODES) {
  const stable = rows.filter((r) => r.code === code && r.mode === 'stable' && !SKIPPED_FIXTURES.has(r.fixture));
  const preview = rows.filter((r) => r.code === code && r.mode === 'preview');
  const fixtures = [...new Set([...stable.map((r) => r.fixture), ...(EXTRA_FIXTURES[code] ?? [])])];
  const key = (f, l) => `${f}:${l}`;
  const expected = new Set(stable.map((r) => key(r.fixture, r.line)));
  const previewOnly = new Set(preview.map((r) => key(r.fixture, r.line)).filter((k) => !expected.has(k)));
  const got = new Map();
  for (const fixture of fixtures) {
    const { findings, lines } = hotspyFindings(fixture);
    for (const f of findings) {
      if (codeOf(f) !== code) continue;
      got.set(key(fixture, f.line), { ...f, fixture, source: lines[f.line - 1].trim() });
    }
  }
  let reproduced = 0;
  for (const k of expected) {
    if (got.has(k)) reproduced++;
    else {
      const [fixture, line] = k.split(':');
      misses.push({ code, fixture, line: Number(line), source: hotspyFindings(fixture).lines[Number(line) - 1].trim() });
    }
  }
  let extraCount = 0;
  let previewCount = 0;
  for (const [k, f] of got) {
    if (expected.has(k)) continue;
    extraCount++;
    const inPreview = previewOnly.has(k);
    if (inPreview) previewCount++;
    extras.push({ code, fixture: f.fixture, line: f.line, rule: f.rule, ruffPreview: inPreview, source: f.source });
  }
  table.push({
    code,
    ruff: expected.size,
    reproduced,
    percent: expected.size ? (100 * reproduced) / expected.size : 100,
    extra: extraCount,
    extraInRuffPreview: previewCount,
  });
}

// perflint's unit tests: each snippet must (or must not) produce the mapped finding
const PERFLINT_MESSAGES = {
  'use-list-comprehension': ['PERF401'],
  'use-list-copy': ['PERF402'],
  'use-dict-comprehension': ['PERF403'],
  'unnecessary-list-cast': ['PERF101'],
  'incorrect-dictionary-iterator': ['PERF102'],
  'loop-try-except-usage': ['PERF203'],
};
const MAPPED_TEST_FILES = new Set(['tests/test_comprehension_checker.py', 'tests/test_for_loop_checker.py']);
const perflint = [];
const cases = readFileSync(join(perflintDir, 'expected-test-cases.tsv'), 'utf8').trim().split('\n').slice(1);
for (const line of cases) {
  const [file, name, defLine, message] = line.split('\t');
  const mapped = message === 'NONE' ? MAPPED_TEST_FILES.has(file) : message in PERFLINT_MESSAGES;
  if (!mapped) continue;
  const source = readFileSync(join(perflintDir, file), 'utf8').split('\n');
  const rest = source.slice(Number(defLine)).join('\n');
  const m = /extract_node\(\s*"""([\s\S]*?)"""/.exec(rest);
  if (!m) throw new Error(`${file}:${defLine}: no extract_node snippet`);
  const snippet = dedent(m[1]);
  const { findings } = lintSource(`${name}.py`, snippet, rules, { targetVersion: TARGET });
  const codes = findings.map(codeOf).filter(Boolean);
  const wanted = message === 'NONE' ? [] : PERFLINT_MESSAGES[message];
  const ok = message === 'NONE' ? codes.length === 0 : wanted.some((c) => codes.includes(c));
  perflint.push({ file, name, expected: message, got: codes, ok });
}

function dedent(text) {
  const lines = text.split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)[0].length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join('\n');
}

if (values.json) {
  console.log(JSON.stringify({ table, misses, extras, perflint }, null, 2));
} else {
  const pad = (s, n) => String(s).padEnd(n);
  console.log('Ruff stable diagnostics reproduced by hotspy (same fixture and line)\n');
  console.log(`${pad('code', 9)}${pad('ruff', 6)}${pad('hotspy', 8)}${pad('%', 8)}${pad('extra', 7)}of which Ruff preview flags`);
  for (const r of table) {
    console.log(`${pad(r.code, 9)}${pad(r.ruff, 6)}${pad(r.reproduced, 8)}${pad(r.percent.toFixed(1), 8)}${pad(r.extra, 7)}${r.extraInRuffPreview}`);
  }
  const total = table.reduce((a, r) => a + r.ruff, 0);
  const hit = table.reduce((a, r) => a + r.reproduced, 0);
  console.log(`${pad('all', 9)}${pad(total, 6)}${pad(hit, 8)}${pad(((100 * hit) / total).toFixed(1), 8)}${table.reduce((a, r) => a + r.extra, 0)}`);
  if (misses.length) {
    console.log('\nRuff reports, hotspy does not:');
    for (const m of misses) console.log(`  ${m.code} ${m.fixture}:${m.line}  ${m.source}`);
  }
  if (extras.length) {
    console.log('\nhotspy reports, Ruff (stable) does not:');
    for (const e of extras) console.log(`  ${e.code} ${e.fixture}:${e.line} ${e.rule}${e.ruffPreview ? ' (Ruff preview: yes)' : ''}  ${e.source}`);
  }
  const passed = perflint.filter((p) => p.ok).length;
  console.log(`\nperflint unit tests that map to these codes: ${passed}/${perflint.length} agree`);
  for (const p of perflint.filter((x) => !x.ok)) console.log(`  ${p.file} ${p.name}: expected ${p.expected}, got ${p.got.join(', ') || 'nothing'}`);
}
process.exitCode = table.every((r) => r.percent >= 95) ? 0 : 1;
