// `hotspy rules` and `hotspy rule`, run through the real CLI entry (argv in, exit code and
// stdout/stderr out); the JSON is parsed, as a tool reading it would.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { allRules } from '../../src/rules/index.js';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const code = await runCli(argv);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hotspy rules', () => {
  it('prints a table row per rule', async () => {
    const { code, stdout } = await run('rules');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toMatch(/^id +name +tier +severity +fixable +equivalents$/);
    for (const rule of allRules) expect(stdout).toMatch(new RegExp(`^${rule.id} +${rule.name} +${rule.tier} +${rule.severity}`, 'm'));
  });

  it('prints JSON with --format json', async () => {
    const { code, stdout } = await run('rules', '--format', 'json');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.version).toBe(1);
    expect(doc.rules.map((r: { id: string }) => r.id)).toEqual(allRules.map((r) => r.id));
    const hs101 = doc.rules.find((r: { id: string }) => r.id === 'HS101');
    expect(hs101).toMatchObject({ name: 'list-membership-in-loop', tier: 1, severity: 'warning', fixable: false, equivalents: [] });
    expect(hs101.docs).toBe('docs/rules/HS101-list-membership-in-loop.md');
  });

  it('rejects an unknown format with exit 2', async () => {
    const { code, stderr } = await run('rules', '--format', 'xml');
    expect(code).toBe(2);
    expect(stderr).toContain('xml');
  });
});

describe('hotspy rule', () => {
  it('prints the docs of a rule by id, case-insensitively', async () => {
    const { code, stdout } = await run('rule', 'hs101');
    expect(code).toBe(0);
    const rule = allRules.find((r) => r.id === 'HS101')!;
    for (const text of [rule.docs.summary, rule.docs.what, rule.docs.why, rule.docs.fix, rule.docs.notes!]) expect(stdout).toContain(text);
    for (const heading of ['What it does', 'Why is this bad?', 'Example', 'Use instead', 'Fix', 'Notes']) expect(stdout).toContain(heading);
    expect(stdout).toContain('    blocked = ["alice", "bob", "carol"]');
  });

  it('finds a rule by name, and prints markdown or JSON on request', async () => {
    const markdown = await run('rule', 'list-membership-in-loop', '--format', 'markdown');
    expect(markdown.stdout.startsWith('# HS101 list-membership-in-loop\n')).toBe(true);
    const json = JSON.parse((await run('rule', 'HS101', '--format', 'json')).stdout);
    expect(json).toMatchObject({ id: 'HS101', name: 'list-membership-in-loop', docsPath: 'docs/rules/HS101-list-membership-in-loop.md' });
    expect(json.docs.example.bad).toContain('blocked');
  });

  it('exits 2 with a "did you mean" hint for a typo', async () => {
    const { code, stdout, stderr } = await run('rule', 'HS1O1');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('hotspy: error: unknown rule "HS1O1"\n  hint: did you mean HS101 (list-membership-in-loop)?\n');
    expect((await run('rule', 'list-membership-in-lop')).stderr).toContain('did you mean HS101 (list-membership-in-loop)?');
  });

  it('points to the list when nothing is close', async () => {
    const { code, stderr } = await run('rule', 'frobnicate');
    expect(code).toBe(2);
    expect(stderr).toContain('hint: run `hotspy rules` to list them');
  });
});

// `npm test` compiles first, so dist/ is current there; a bare `vitest run` may lack it
const bin = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)));

describe('the hotspy binary', () => {
  it.skipIf(!built)('lists the rules as JSON', () => {
    const doc = JSON.parse(execFileSync(process.execPath, [bin, 'rules', '--format', 'json'], { encoding: 'utf8' }));
    expect(doc.rules.some((r: { id: string }) => r.id === 'HS101')).toBe(true);
  });

  it.skipIf(!built)('exits 2 on an unknown rule', () => {
    let status = 0;
    try {
      execFileSync(process.execPath, [bin, 'rule', 'HS1O1'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});
