// `hotspy check --confidence`: medium by default (high and medium shown), `low` shows all, and the
// field travels in JSON, SARIF and text. Through the real binary (`npm test` builds dist/ first).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempTrees, tempTree } from '../check/temp-tree.js';

const BIN = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));

// one finding per level: a loop over range(3) (low), over a parameter (medium), over a file (high)
const SOURCE = `def small(table):
    out = []
    for i in range(3):
        out.append(table[i])
    return out


def medium(items):
    out = []
    for x in items:
        out.append(x * 2)
    return out


def large(path):
    out = []
    for line in open(path):
        out.append(line.strip())
    return out
`;

function check(cwd: string, args: string[]) {
  return spawnSync(process.execPath, [BIN, 'check', '--no-cache', '--select', 'HS304', ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
}

const levels = (stdout: string) => JSON.parse(stdout).findings.map((f: { line: number; confidence: string }) => `${f.line} ${f.confidence}`);

afterAll(removeTempTrees);

describe('hotspy check --confidence', () => {
  it('shows high and medium by default, everything with low, only high with high', () => {
    const root = tempTree({ 'app.py': SOURCE });
    expect(levels(check(root, ['--format', 'json', 'app.py']).stdout)).toEqual(['11 medium', '18 high']);
    expect(levels(check(root, ['--format', 'json', '--confidence', 'low', 'app.py']).stdout)).toEqual(['4 low', '11 medium', '18 high']);
    expect(levels(check(root, ['--format', 'json', '--confidence', 'high', 'app.py']).stdout)).toEqual(['18 high']);
  });

  it('exits 0 when the only findings are below the threshold', () => {
    const root = tempTree({ 'app.py': SOURCE.split('\n\n\n')[0] + '\n' });
    expect(check(root, ['app.py']).status).toBe(0);
    expect(check(root, ['--confidence', 'low', 'app.py']).status).toBe(1);
  });

  it('carries the level and its evidence in JSON, SARIF and text', () => {
    const root = tempTree({ 'app.py': SOURCE });
    const json = JSON.parse(check(root, ['--format', 'json', 'app.py']).stdout).findings[1];
    expect(json).toMatchObject({ confidence: 'high', evidence: 'iterates a file' });
    const sarif = JSON.parse(check(root, ['--format', 'sarif', 'app.py']).stdout).runs[0].results[1];
    expect(sarif.properties).toMatchObject({ confidence: 'high', evidence: 'iterates a file' });
    expect(check(root, ['app.py']).stdout).toContain('= confidence: high (iterates a file)');
  });

  it('keeps test files at low: hidden by default, shown with --confidence low', () => {
    const root = tempTree({ 'tests/test_app.py': SOURCE });
    expect(levels(check(root, ['--format', 'json', '.']).stdout)).toEqual([]);
    const all = JSON.parse(check(root, ['--format', 'json', '--confidence', 'low', '.']).stdout).findings;
    expect(all.map((f: { confidence: string }) => f.confidence)).toEqual(['low', 'low', 'low']);
    expect(all[2].evidence).toBe('in a test file; iterates a file');
  });

  it('rejects an unknown level with one clear line', () => {
    const run = check(tempTree({ 'a.py': '' }), ['--confidence', 'some', 'a.py']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--confidence/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});
