// The in-process sampler (hotspy_inprocess.py) that the pytest plugin and the IPython magic use,
// driven by real python3 programs, and `hotspy report --advice` on the profile it writes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { HARNESS_DIR } from '../../src/assets.js';
import { PYTHON, type HotspyProfile } from './run-harness.js';

const CLI = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hotspy-inprocess-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, 'shop.py'),
  `def restock(names):
    allowed = ["n%d" % i for i in range(2000)]
    return [n for n in names if n in allowed]
`,
);

/** Runs `body` (Python) after importing the in-process sampler as the plugin does. */
function python(body: string): { status: number | null; stdout: string; stderr: string } {
  const script = `import sys, signal, threading, time\nsys.path.append(${JSON.stringify(HARNESS_DIR)})\nimport hotspy_inprocess, shop\n${body}`;
  const result = spawnSync(PYTHON, ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const WORK = 'names = ["n%d" % (i * 3) for i in range(4000)]\nkept = shop.restock(names)\n';

describe('hotspy_inprocess.Session', () => {
  it('samples the code between start and stop, leaves threads that ran before alone, and gives SIGALRM back', () => {
    const ran = python(`
stop = threading.Event()
helper = threading.Thread(target=lambda: [time.sleep(0.001) for _ in iter(stop.is_set, True)], name="host-helper")
helper.start()
s = hotspy_inprocess.Session("p.json", command=["drive"])
print("start", s.start())
${WORK}
print("stop", s.stop() is not None, s.displaced_by)
stop.set(); helper.join()
print("handler", signal.getsignal(signal.SIGALRM) == signal.SIG_DFL, signal.getitimer(signal.ITIMER_REAL))
`);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('start None\nstop True None\nhandler True (0.0, 0.0)');
    const profile = JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')) as HotspyProfile;
    expect(profile.meta).toMatchObject({ command: ['drive'], mode: 'sample', exitCode: 0, partial: false });
    expect(profile.meta.samples).toBeGreaterThan(0);
    expect(new Set(profile.stacks.map((s) => s.thread))).toEqual(new Set(['MainThread']));
    const hot = profile.lines.find((l) => l.file === join(dir, 'shop.py') && l.line === 3);
    expect(hot?.totalTime).toBeGreaterThan(0);
  });

  it('`hotspy report --advice` ranks the advice for the profiled code', () => {
    const result = spawnSync(process.execPath, [CLI, 'report', 'p.json', '--advice'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1\. HS101 list-membership-in-loop .*\n +shop\.py:3 in restock\(\)/);
  });

  it('does not start while another SIGALRM user holds the signal, and changes nothing', () => {
    const ran = python(`
def theirs(signum, frame):
    pass
signal.signal(signal.SIGALRM, theirs)
s = hotspy_inprocess.Session("busy.json")
print("start", s.start())
print("kept", signal.getsignal(signal.SIGALRM) is theirs, "stop", s.stop())
signal.signal(signal.SIGALRM, signal.SIG_DFL)
signal.setitimer(signal.ITIMER_REAL, 30)
print("timer", hotspy_inprocess.Session("busy.json").start())
`);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('start a SIGALRM handler is installed (__main__.theirs)\nkept True stop None\n');
    expect(ran.stdout).toContain('timer a real-time interval timer (signal.alarm or setitimer) is running');
  });

  it('says who took SIGALRM while it sampled, and leaves their handler and timer in place', () => {
    const ran = python(`
fired = []
s = hotspy_inprocess.Session("taken.json")
s.start()
${WORK}
signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
s.stop()
print("displaced", s.displaced_by)
# The sampler's last one-shot timer (one interval) may still land in their handler: a process has
# one real-time timer, and whoever took the signal sets it next.
time.sleep(0.05)
fired.clear()
signal.setitimer(signal.ITIMER_REAL, 0.05)
time.sleep(0.3)
print("theirs fired", fired == [signal.SIGALRM])
`);
    expect(ran.status, ran.stderr).toBe(0);
    expect(ran.stdout).toMatch(/displaced __main__\.<lambda>\ntheirs fired True/);
    const profile = JSON.parse(readFileSync(join(dir, 'taken.json'), 'utf8')) as HotspyProfile;
    expect(profile.meta).toMatchObject({ partial: true, reason: 'SIGALRM taken by __main__.<lambda>' });
  });
});
