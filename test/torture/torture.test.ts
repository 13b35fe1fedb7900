// Each program runs bare and under `hotspy run`, `profile --mode sample|trace` and `--memory`:
// same exit status, stdout and stderr (minus hotspy's own lines), nothing left running, and a
// profile that records the program's own exit. Cases run concurrently (vitest maxConcurrency).
import { describe, expect, test } from 'vitest';
import { HOTSPY_MODES, programStderr, runCase, type CaseRun, type Mode, type TortureCase } from './run-case.js';

const CASES: TortureCase[] = [
  // Fixed in this change (each failed on the code before it)
  { name: 'pool_with', program: ['pool_with.py'] },
  { name: 'pool_issue', program: ['pool_issue.py'], limitMs: 60_000 },
  { name: 'os_exit', program: ['os_exit.py'] },
  { name: 'ctrl_c_once', program: ['ctrl_c_once.py'], ctrlC: 'group' },
  { name: 'ctrl_c_pid', program: ['ctrl_c_once.py'], ctrlC: 'pid' },
  { name: 'ctrl_c_traceback', program: ['ctrl_c_traceback.py'], ctrlC: 'group' },
  { name: 'ctrl_c_cleanup', program: ['ctrl_c_cleanup.py'], ctrlC: 'group' },
  { name: 'ctrl_c_pool', program: ['pool_sleepers.py'], ctrlC: 'group', compareStderr: false },
  { name: 'gc_ctrl_c', program: ['gc_ctrl_c.py'] },
  { name: 'recursion_limit', program: ['recursion_limit.py'] },
  { name: 'exec_self', program: ['exec_self.py'] },
  { name: 'alarm_default', program: ['alarm_default.py'] },
  { name: 'fork_terminate', program: ['fork_terminate.py'] },
  { name: 'pool_cycles', program: ['pool_cycles.py'], limitMs: 60_000 },
  { name: 'timeout_pool', program: ['pool_sleepers.py'], hotspyArgs: ['--timeout', '1'], expectCode: 124, modes: HOTSPY_MODES },
  // Worked before; kept working
  { name: 'own_alarm', program: ['own_alarm.py'] },
  { name: 'recursion_error', program: ['recursion_error.py'] },
  { name: 'fork', program: ['fork.py'] },
  { name: 'spawn_pool', program: ['spawn_pool.py'], limitMs: 60_000 },
  { name: 'subprocess', program: ['subprocess_child.py'] },
  { name: 'asyncio', program: ['asyncio_tasks.py'] },
  { name: 'threads', program: ['threads.py'] },
  { name: 'sys_exit', program: ['sys_exit.py'] },
  { name: 'uncaught', program: ['uncaught.py'] },
  { name: 'keyboard_interrupt', program: ['keyboard_interrupt.py'] },
  { name: 'stdin', program: ['stdin_echo.py'], stdin: 'one\ntwo\nthree\n' },
  { name: 'chdir', program: ['chdir.py'] },
  { name: 'big_stdout', program: ['big_stdout.py'], limitMs: 40_000, env: { PYTHONUNBUFFERED: undefined } },
  // Unbuffered stdout (python -u, PYTHONUNBUFFERED=1, common in containers) is a raw FileIO:
  // a write to a full pipe that a signal interrupts returns short and TextIOWrapper drops the
  // rest; the sampler's 1,000 SIGALRM a second made that routine (about 1 % of 50 MB lost).
  { name: 'big_stdout_unbuffered', program: ['big_stdout.py'], limitMs: 40_000, env: { PYTHONUNBUFFERED: '1' } },
  { name: 'module', program: ['-m', 'pkg.mod', 'a', '--flag'] },
  { name: 'odd_path', program: ['dir with spaces ü/prog ñ.py', 'ü', 'a b'] },
];

// Cases whose profile must say that the program took SIGALRM from the sampler.
const TAKES_SIGALRM = new Set(['own_alarm', 'alarm_default']);

const bareRuns = new Map<string, Promise<CaseRun>>();
function bare(c: TortureCase): Promise<CaseRun> {
  let run = bareRuns.get(c.name);
  if (!run) bareRuns.set(c.name, (run = runCase(c, 'bare')));
  return run;
}

describe.concurrent('torture: a program behaves the same under hotspy', () => {
  for (const c of CASES) {
    for (const mode of c.modes ?? HOTSPY_MODES) {
      test(`${c.name} · ${mode}`, async () => {
        const [reference, run] = await Promise.all([c.expectCode === undefined ? bare(c) : undefined, runCase(c, mode)]);
        check(c, mode, reference, run);
      }, 90_000);
    }
  }
});

function check(c: TortureCase, mode: Mode, reference: CaseRun | undefined, run: CaseRun): void {
  const where = `${c.name} under ${mode}`;
  expect(run.hung, `${where}: did not end (or its output stayed open) within the limit`).toBe(false);
  expect(run.leftovers, `${where}: processes left behind`).toEqual([]);
  if (reference) {
    expect(reference.hung, `${c.name}: the bare run did not end`).toBe(false);
    expect(run.code, `${where}: exit status`).toBe(reference.code);
    if (reference.stdoutSize > 1_000_000) {
      // `profile` prints its summary after the program's output
      expect(run.stdoutSize, `${where}: stdout size`).toBeGreaterThanOrEqual(reference.stdoutSize);
      if (mode === 'run') expect(run.stdoutHash, `${where}: stdout`).toBe(reference.stdoutHash);
    } else if (mode === 'run') {
      expect(run.stdout, `${where}: stdout`).toBe(reference.stdout);
    } else {
      expect(run.stdout.slice(0, reference.stdout.length), `${where}: stdout`).toBe(reference.stdout);
      expect(run.stdout.slice(reference.stdout.length), `${where}: hotspy's summary after the program's output`).toMatch(/^Profile /);
    }
    if (c.compareStderr !== false) expect(programStderr(run.stderr), `${where}: stderr`).toBe(reference.stderr);
  } else {
    expect(run.code, `${where}: exit status`).toBe(c.expectCode);
  }
  expect(run.profile, `${where}: no profile written (stderr: ${run.stderr.slice(-400)})`).toBeDefined();
  expect(run.profile!.meta.exitCode, `${where}: the profile's exit status`).toBe(reference?.code ?? c.expectCode);
  if (TAKES_SIGALRM.has(c.name) && (mode === 'run' || mode === 'sample')) {
    expect(run.profile!.meta.samplingStopped?.call, `${where}: samplingStopped`).toMatch(/^signal\./);
  }
}
