// Which Python the checks assume, through the real binary: `requires-python` counts without
// `[tool.hotspy]`, and `hotspy run` assumes the interpreter it profiled unless told otherwise.
// HS309 (try/except in a loop) is the witness: it fires only for targets below 3.11.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempTrees, tempTree } from '../check/temp-tree.js';

const BIN = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
afterAll(removeTempTrees);

const TRY_LOOP = `def parse_all(lines):
    values = []
    for line in lines:
        try:
            values.append(int(line))
        except ValueError:
            values.append(0)
    return values


total = 0
for _ in range(30):
    total += sum(parse_all([str(i) for i in range(20000)]))
print(total)
`;

function hotspy(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function checkRules(cwd: string, extra: string[] = []): string[] {
  // the witness's handler goes on with the next line, so HS309 keeps it at confidence low
  const run = hotspy(cwd, ['check', '--no-cache', '--format', 'json', '--confidence', 'low', ...extra]);
  expect(run.stderr).toBe('');
  return (JSON.parse(run.stdout) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
}

function python3Minor(): number {
  const r = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[1])'], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

describe('hotspy check', () => {
  it('honours requires-python in a pyproject.toml without [tool.hotspy]', () => {
    const project = tempTree({ 'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.12"\n', 'app/parse.py': TRY_LOOP });
    expect(checkRules(project)).not.toContain('HS309');
    const old = tempTree({ 'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.9"\n', 'app/parse.py': TRY_LOOP });
    expect(checkRules(old)).toContain('HS309');
    expect(checkRules(old, ['--target-version', '3.12'])).not.toContain('HS309');
  });
});

describe('hotspy run', () => {
  const minor = python3Minor();

  it.runIf(minor >= 11)("assumes the profiled interpreter's version, below --target-version and [tool.hotspy]", () => {
    const dir = tempTree({ 'pyproject.toml': '[project]\nrequires-python = ">=3.8"\n', 'parse.py': TRY_LOOP });
    const rulesOf = (args: string[]) => {
      const run = hotspy(dir, ['run', '--format', 'json', '--output', 'advice.json', ...args, 'parse.py']);
      expect(run.code).toBe(0);
      return (JSON.parse(readFileSync(join(dir, 'advice.json'), 'utf8')) as { findings: { rule: string }[] }).findings.map((f) => f.rule);
    };
    expect(rulesOf([])).not.toContain('HS309');
    expect(rulesOf(['--target-version', '3.10'])).toContain('HS309');
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nrequires-python = ">=3.8"\n[tool.hotspy]\ntarget-version = "3.9"\n');
    expect(rulesOf([])).toContain('HS309');
  });

  it('refuses a bad --target-version before the program runs', () => {
    const dir = tempTree({ 'prog.py': 'open("ran.txt", "w").write("ran")\n' });
    const run = hotspy(dir, ['run', '--target-version', '3.7', 'prog.py']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^hotspy: error: --target-version: expected "3\.8"…"3\.14", got "3\.7"\n/);
    expect(existsSync(join(dir, 'ran.txt'))).toBe(false);
  });
});
