// Child processes under the harness: forks, multiprocessing (fork, spawn, forkserver),
// ProcessPoolExecutor, os.fork and Python subprocesses are profiled and merged into the run's
// profile, and behave as they do without hotspy. Real python3 programs in fixtures/programs/children.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { HARNESS_PATH, runProfiler } from '../../src/profile/runner.js';
import { PROGRAMS, PYTHON, runHarness, runPlain, type HotspyProfile } from './run-harness.js';

const CHILDREN = join(PROGRAMS, 'children');
const HOOK = join(HARNESS_PATH, '..', 'hook');
const work = mkdtempSync(join(tmpdir(), 'hotspy-children-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Process {
  pid: number;
  ppid: number | null;
  how: string;
  command: string[];
  cpuTime: number;
  exitCode: number | null;
  reason: string | null;
}

async function profileWithChildren(program: string[], extra: string[] = []) {
  const dir = mkdtempSync(join(work, 'kids-'));
  const run = await runHarness(program, { cwd: CHILDREN, harnessArgs: ['--children-dir', dir, ...extra] });
  const processes = (run.profile.meta.processes ?? []) as Process[];
  return { ...run, processes };
}

/** CPU seconds of the stacks of `pid` whose leaf is the fixtures' function `name` (not a library's). */
function leafCpu(profile: HotspyProfile, pid: number | undefined, name: string): number {
  return (profile.stacks as (HotspyProfile['stacks'][number] & { process?: number })[])
    .filter((s) => {
      const leaf = profile.frames[s.stack[s.stack.length - 1]!]!;
      return (pid === undefined || s.process === pid) && leaf.name === name && leaf.file.startsWith(CHILDREN);
    })
    .reduce((sum, s) => sum + s.cpu, 0);
}

describe('forked children', () => {
  it('profiles a multiprocessing Pool (fork): each worker is a process of the run, and the run ends', async () => {
    const run = await profileWithChildren(['pool_tags.py']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(runPlain(['pool_tags.py'], { cwd: CHILDREN }).stdout);
    const workers = run.processes.filter((p) => p.how === 'fork');
    expect(workers.length).toBe(2);
    expect(run.processes[0]!.how).toBe('root');
    for (const w of workers) expect(w.ppid).toBe(run.profile.meta.pid);
    // the membership test runs in the workers, not in the parent
    const inWorkers = workers.reduce((sum, w) => sum + leafCpu(run.profile, w.pid, '<genexpr>'), 0);
    expect(inWorkers).toBeGreaterThan(0.3);
    expect(leafCpu(run.profile, run.profile.meta.pid, '<genexpr>')).toBe(0);
    // totals add up all processes
    const cpu = run.processes.reduce((sum, p) => sum + p.cpuTime, 0);
    expect(run.profile.meta.cpuTime).toBeCloseTo(cpu, 6);
    const line = run.profile.lines.find((l) => l.file.endsWith('pool_tags.py') && l.line === 10);
    expect(line?.cpuTime ?? 0).toBeGreaterThan(0.3);
  }, 180_000);

  it('profiles ProcessPoolExecutor workers', async () => {
    const run = await profileWithChildren(['executor_burn.py']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('6400008\n');
    expect(run.processes.filter((p) => p.how === 'fork').length).toBe(2);
    expect(leafCpu(run.profile, undefined, 'burn')).toBeGreaterThan(0.2);
    expect(leafCpu(run.profile, run.profile.meta.pid, 'burn')).toBe(0);
  }, 180_000);

  it('profiles an os.fork child that leaves with os._exit, keeping its status', async () => {
    const run = await profileWithChildren(['fork_child.py']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('child status 5\n');
    const child = run.processes.find((p) => p.how === 'fork')!;
    expect(child.exitCode).toBe(5);
    expect(leafCpu(run.profile, child.pid, 'child_loop')).toBeGreaterThan(0.05);
  }, 120_000);

  it('keeps the status of an os.fork child that leaves with sys.exit (its parent reaped it)', async () => {
    const run = await profileWithChildren(['fork_sys_exit.py']);
    expect(run.stdout).toBe('child status 6\n');
    const child = run.processes.find((p) => p.how === 'fork')!;
    expect(child.exitCode).toBe(6);
    expect(child.reason).toBe('exit');
  }, 120_000);

  it('--memory: forked children do not keep tracing', async () => {
    const plain = runPlain(['fork_tracing.py'], { cwd: CHILDREN });
    expect(plain.stdout).toBe('child tracing: False\n');
    const run = await profileWithChildren(['fork_tracing.py'], ['--memory']);
    expect(run.stdout).toBe(plain.stdout);
  }, 120_000);
});

describe('new interpreters', () => {
  it('profiles a Python subprocess, which sees no trace of the hook, and keeps its exit status', async () => {
    const plain = runPlain(['run_child.py'], { cwd: CHILDREN });
    const run = await profileWithChildren(['run_child.py']);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe(plain.stdout);
    expect(run.stdout).toContain('hook visible: False False');
    const child = run.processes.find((p) => p.how === 'exec')!;
    expect(child.command[0]).toMatch(/child_work\.py$/);
    expect(child.ppid).toBe(run.profile.meta.pid);
    expect(child.exitCode).toBe(3); // sys.exit(3) in the child
    expect(leafCpu(run.profile, child.pid, 'crunch')).toBeGreaterThan(0.05);
  }, 120_000);

  it('merges a child that still runs when the program ends, once it ended too', async () => {
    const out = join(mkdtempSync(join(work, 'late-')), 'profile.json');
    const result = await runProfiler({ target: { script: 'outlive.py' }, cwd: CHILDREN, python: PYTHON, out, progress: false });
    expect(result.exitCode).toBe(0);
    const profile = JSON.parse(readFileSync(out, 'utf8')) as HotspyProfile;
    const processes = profile.meta.processes as Process[];
    const child = processes.find((p) => p.how === 'exec')!;
    expect(child.command[0]).toMatch(/late_work\.py$/);
    expect(child.reason).not.toBe('running');
    expect(leafCpu(profile, child.pid, 'late_work')).toBeGreaterThan(0.05);
    expect(profile.meta.cpuTime).toBeCloseTo(processes.reduce((sum, p) => sum + (p.cpuTime ?? 0), 0), 6);
  }, 120_000);

  for (const method of ['spawn', 'forkserver']) {
    it(`profiles multiprocessing workers started with ${method}`, async () => {
      const run = await profileWithChildren(['pool_tags.py', method]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('624\n');
      // the two workers (Pool may have replaced one that ended, so at least two)
      const workers = run.processes.filter((p) => leafCpu(run.profile, p.pid, '<genexpr>') > 0);
      expect(workers.length).toBeGreaterThanOrEqual(2);
      expect(workers.every((w) => w.pid !== run.profile.meta.pid)).toBe(true);
    }, 180_000);
  }

  it('ignores a setting whose run directory is gone', () => {
    const settings = JSON.stringify({ dir: join(work, 'gone'), mode: 'sample', rate: 1000, harness: join(HOOK, '..'), hook: HOOK, pythonpath: null });
    const result = spawnSync(PYTHON, ['-c', 'import os, sys; print(os.environ.get("PYTHONPATH"), "HOTSPY_CHILDREN" in os.environ)'], {
      env: { ...process.env, PYTHONPATH: HOOK, HOTSPY_CHILDREN: settings },
      encoding: 'utf8',
    });
    expect(result.stdout).toBe('None False\n');
    expect(result.stderr).toBe('');
    expect(existsSync(join(work, 'gone'))).toBe(false);
  });
});

describe('the sitecustomize hook', () => {
  // The program's own sitecustomize, later on PYTHONPATH: the hook must hand over to it.
  const theirs = mkdtempSync(join(work, 'theirs-'));
  writeFileSync(join(theirs, 'sitecustomize.py'), 'import os\nos.environ["CHAINED"] = "yes"\n');
  const probe =
    'import os, sys\n' +
    'sys.stdout.write("%s %s %s %s\\n" % (os.environ.get("PYTHONPATH"), "HOTSPY_CHILDREN" in os.environ,\n' +
    '    any(p.endswith("hook") for p in sys.path), os.environ.get("CHAINED")))\n';
  const pyenv = join(process.env.HOME ?? '/root', '.pyenv', 'versions');
  const olds = existsSync(pyenv) ? readdirSync(pyenv).filter((v) => /^(2\.7|3\.6|3\.7)\./.test(v)).map((v) => join(pyenv, v, 'bin', 'python')) : [];
  const interpreters = [PYTHON, ...olds, ...(existsSync('/usr/bin/python3') ? ['/usr/bin/python3'] : [])];

  for (const python of interpreters) {
    it(`removes itself and chains to the hidden sitecustomize (${python})`, () => {
      const dir = mkdtempSync(join(work, 'kids-'));
      const settings = JSON.stringify({ dir, mode: 'sample', rate: 1000, harness: join(HOOK, '..'), hook: HOOK, pythonpath: theirs });
      const result = spawnSync(python, ['-c', probe], {
        env: { ...process.env, PYTHONPATH: `${HOOK}:${theirs}`, HOTSPY_CHILDREN: settings },
        encoding: 'utf8',
      });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(`${theirs} False False yes\n`);
      // Python 3.8+ records the child; older interpreters are left alone
      const version = spawnSync(python, ['-c', 'import sys; sys.stdout.write("%d%02d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout;
      expect(readdirSync(dir).length).toBe(Number(version) >= 308 ? 1 : 0);
    });
  }

  it("chains to the interpreter's own sitecustomize (Debian's /usr/bin/python3)", () => {
    const own = spawnSync('/usr/bin/python3', ['-c', 'import sitecustomize; print(sitecustomize.__file__)'], { encoding: 'utf8' });
    if (own.status !== 0) return; // no system sitecustomize here
    const result = spawnSync('/usr/bin/python3', ['-c', 'import sys; print(sys.modules["sitecustomize"].__file__)'], {
      env: { ...process.env, PYTHONPATH: HOOK },
      encoding: 'utf8',
    });
    expect(result.stdout).toBe(own.stdout);
  });
});
