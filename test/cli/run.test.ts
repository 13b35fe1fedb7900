// `hotspy run` end to end through the real binary (needs the build in dist/, which `npm test` makes).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'hotspy-run-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hotspy(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const SLOW_LOOKUP = `
import sys

HAYSTACK = list(range(3000))

def lookup(needles):
    found = 0
    for n in needles:
        if n in HAYSTACK:
            found += 1
    return found

def main():
    needles = list(range(0, 6000, 3))
    total = 0
    for _ in range(8):
        total += lookup(needles)
    print("found", total)
    sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)

main()
`;

describe('hotspy run', () => {
  writeFileSync(join(work, 'slow.py'), SLOW_LOOKUP);

  it('prints the ranked advice and exits with the program status (shorthand `hotspy script.py`)', () => {
    const run = hotspy(['slow.py', '3']);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('found');
    expect(run.stdout).toMatch(/What to fix first\n1\. HS101 list-membership-in-loop/);
    expect(run.stdout).toContain('slow.py:9 in lookup()');
  });

  it('gives the same advice as JSON in --output, with the contract keys', () => {
    const run = hotspy(['run', '--format', 'json', '--output', 'advice.json', '-o', 'p.json', 'slow.py']);
    expect(run.code).toBe(0);
    const json = JSON.parse(readFileSync(join(work, 'advice.json'), 'utf8'));
    expect(json.version).toBe(1);
    expect(json.profile.meta.mode).toBe('sample');
    const first = json.advice[0];
    expect(first).toMatchObject({ rank: 1, rule: 'HS101', path: 'slow.py', line: 9, tier: 1 });
    expect(first.share).toBeGreaterThan(0.5);
    expect(typeof first.message).toBe('string');
    expect(Array.isArray(json.diagnoses)).toBe(true);
  });

  it('renders markdown and sarif', () => {
    const md = hotspy(['run', '--format', 'markdown', '--output', 'advice.md', 'slow.py']);
    expect(md.code).toBe(0);
    expect(readFileSync(join(work, 'advice.md'), 'utf8')).toMatch(/\| 1 \| HS101 list-membership-in-loop \| `slow.py:9` \|/);
    const sarif = hotspy(['run', '--format', 'sarif', '--output', 'advice.sarif', 'slow.py']);
    expect(sarif.code).toBe(0);
    const log = JSON.parse(readFileSync(join(work, 'advice.sarif'), 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.some((r: { ruleId: string }) => r.ruleId === 'HS101')).toBe(true);
  });

  it('writes the HTML report and the trace-mode profile', () => {
    const run = hotspy(['run', '--mode', 'trace', '--html', 'report.html', 'slow.py']);
    expect(run.code).toBe(0);
    const html = readFileSync(join(work, 'report.html'), 'utf8');
    expect(html).toContain('HS101');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('still reports when the program crashes, and exits with its status', () => {
    writeFileSync(join(work, 'crash.py'), 'def f():\n    raise ValueError("boom")\nf()\n');
    const run = hotspy(['run', 'crash.py']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ValueError: boom');
    expect(run.stdout).toContain('partial profile');
  });

  it('refuses a missing script with a usage error', () => {
    const run = hotspy(['run']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/hotspy: error: give a script/);
  });
});
