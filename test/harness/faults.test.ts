// Every way a run can end still leaves a profile, marked partial, and the program's exit status.
import { describe, expect, it } from 'vitest';
import { runHarness } from './run-harness.js';

describe.each(['sample', 'trace'])('faults in %s mode', (mode) => {
  const harnessArgs = ['--mode', mode];

  it('sys.exit(3): exit 3, partial', async () => {
    const run = await runHarness(['faults.py', 'exit3'], { harnessArgs });
    expect(run.code).toBe(3);
    expect(run.profile.meta).toMatchObject({ exitCode: 3, partial: true, reason: null });
  });

  it('uncaught exception: exit 1, partial, the exception recorded', async () => {
    const run = await runHarness(['faults.py', 'raise'], { harnessArgs });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/RuntimeError: the program failed\n$/);
    expect(run.profile.meta).toMatchObject({ exitCode: 1, partial: true, reason: 'exception', exception: { type: 'RuntimeError' } });
  });

  it('SIGINT: dies of SIGINT like python (130), partial profile with the work done', async () => {
    const run = await runHarness(['faults.py', 'spin'], { harnessArgs, onStarted: (pid) => setTimeout(() => process.kill(pid, 'SIGINT'), 300) });
    expect(run.signal).toBe('SIGINT');
    expect(run.stderr).toContain('KeyboardInterrupt');
    expect(run.profile.meta).toMatchObject({ exitCode: 130, partial: true, reason: 'SIGINT' });
    expect(run.profile.functions.map((f) => f.name)).toContain('spin');
  });

  it('SIGTERM: dies of SIGTERM (143), partial profile', async () => {
    const run = await runHarness(['faults.py', 'spin'], { harnessArgs, onStarted: (pid) => setTimeout(() => process.kill(pid, 'SIGTERM'), 300) });
    expect(run.signal).toBe('SIGTERM');
    expect(run.profile.meta).toMatchObject({ exitCode: 143, partial: true, reason: 'SIGTERM' });
    expect(run.profile.functions.map((f) => f.name)).toContain('spin');
  });

  it('--timeout: exit 124, partial profile', async () => {
    const run = await runHarness(['faults.py', 'spin'], { harnessArgs: [...harnessArgs, '--timeout', '0.4'] });
    expect(run.code).toBe(124);
    expect(run.profile.meta).toMatchObject({ exitCode: 124, partial: true, reason: 'timeout' });
    expect(run.profile.meta.wallTime).toBeGreaterThan(0.35);
    expect(run.profile.functions.map((f) => f.name)).toContain('spin');
  });
});
