// The program must not be able to tell it runs under the harness.
import { describe, expect, it } from 'vitest';
import { runHarness, runPlain } from './run-harness.js';

describe('harness fidelity', () => {
  it('gives a script the argv, __main__, sys.path[0], cwd, stdin and stdout of python3', async () => {
    const program = ['fidelity.py', 'a', '--foo', '-x', '--out', 'y'];
    const plain = runPlain(program, { stdin: 'from stdin' });
    const run = await runHarness(program, { stdin: 'from stdin' });
    expect(run.stdout).toBe(plain.stdout);
    expect(JSON.parse(run.stdout)).toMatchObject({ argv: program, name: '__main__', main_is_us: true, stdin: 'from stdin' });
    expect(run.code).toBe(0);
    expect(run.profile.meta).toMatchObject({ command: program, exitCode: 0, partial: false, reason: null, mode: 'sample' });
  });

  it('prints an uncaught exception exactly as python3 does and exits 1', async () => {
    const plain = runPlain(['fidelity.py', '--raise']);
    const run = await runHarness(['fidelity.py', '--raise']);
    expect(run.stderr).toBe(plain.stderr);
    expect(run.code).toBe(1);
    expect(run.profile.meta).toMatchObject({ exitCode: 1, partial: true, reason: 'exception' });
    expect(run.profile.meta.exception).toMatchObject({ type: 'ValueError', message: 'bad value' });
    expect(run.profile.meta.exception.traceback).not.toContain('hotspy_harness');
  });

  it('runs -m package.module like python3 -m, exit status included', async () => {
    const plain = runPlain(['-m', 'demo_pkg.tool', '7']);
    const run = await runHarness(['-m', 'demo_pkg.tool', '7']);
    expect(run.stdout).toBe(plain.stdout);
    expect(run.code).toBe(7);
    expect(run.profile.meta).toMatchObject({ command: ['-m', 'demo_pkg.tool', '7'], exitCode: 7, partial: true });
  });

  it('reports a missing script like python3, still writing a profile', async () => {
    const run = await runHarness(['no_such_script.py']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("can't open file");
    expect(run.profile.meta).toMatchObject({ exitCode: 2, partial: true });
  });

  it('keeps its own frames out of the stacks: they start at <module>', async () => {
    const run = await runHarness(['proportions.py', '20']);
    const { frames, stacks } = run.profile;
    expect(stacks.length).toBeGreaterThan(0);
    for (const s of stacks) expect(frames[s.stack[0]!]!.name).toBe('<module>');
    expect(frames.some((f) => f.file.includes('hotspy_') || f.file.includes('runpy'))).toBe(false);
  });
});
