// Sample mode measures what the fixtures are known to do.
import { describe, expect, it } from 'vitest';
import { cpuShares, runHarness } from './run-harness.js';

describe('sample mode', () => {
  it('measures functions burning CPU 60/30/10 % within 5 points', async () => {
    const run = await runHarness(['proportions.py', '120']);
    // CPU shares: each sample carries the CPU its thread used since the previous one, exact
    // even when a loaded machine deschedules the program between samples.
    const shares = cpuShares(run.profile, 'proportions.py', ['sixty', 'thirty', 'ten']);
    expect(Math.abs(shares.sixty! - 0.6)).toBeLessThan(0.05);
    expect(Math.abs(shares.thirty! - 0.3)).toBeLessThan(0.05);
    expect(Math.abs(shares.ten! - 0.1)).toBeLessThan(0.05);
    const { meta, stacks } = run.profile;
    expect(meta.samples).toBeGreaterThan(100);
    // Weighted samples add up to the measured wall time.
    const attributed = stacks.reduce((s, x) => s + x.wall, 0);
    expect(Math.abs(attributed - meta.wallTime) / meta.wallTime).toBeLessThan(0.05);
    const attributedCpu = stacks.reduce((s, x) => s + x.cpu, 0);
    expect(Math.abs(attributedCpu - meta.cpuTime) / meta.cpuTime).toBeLessThan(0.1);
  });

  it('names the loop line, not the def line, when samples land at a back edge', async () => {
    const run = await runHarness(['loop_lines.py']);
    const { frames, stacks } = run.profile;
    const lookup = frames.findIndex((f) => f.name === 'lookup');
    expect(lookup).toBeGreaterThanOrEqual(0);
    const linesSeen = new Map<number, number>();
    for (const s of stacks) {
      const at = s.stack.indexOf(lookup);
      if (at >= 0) linesSeen.set(s.lines[at]!, (linesSeen.get(s.lines[at]!) ?? 0) + s.count);
    }
    const total = [...linesSeen.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(20);
    // lines 9-11 are the loop; line 7 is the def, line 8 `found = 0`
    const inLoop = [9, 10, 11].reduce((sum, l) => sum + (linesSeen.get(l) ?? 0), 0);
    expect(inLoop / total, JSON.stringify([...linesSeen])).toBeGreaterThan(0.9);
  });

  it('separates wall from CPU: a program sleeping 70 % of the time', async () => {
    const run = await runHarness(['sleepy.py']);
    const { meta, lines } = run.profile;
    const ratio = meta.cpuTime / meta.wallTime;
    // burn() spins for 0.3 s of CPU and the sleeps last 0.7 s: CPU/wall is 0.3 on an idle
    // machine, lower when other load slows the spinning down; the program measures it too.
    const ownRatio = Number(run.stdout.trim());
    expect(ownRatio).toBeLessThan(0.4);
    expect(Math.abs(ratio - ownRatio)).toBeLessThan(0.05);
    const sleeping = lines.find((l) => l.file.endsWith('sleepy.py') && l.line === 15)!;
    expect(sleeping.selfTime).toBeGreaterThan(0.55);
    // Waking up from each sleep costs a little CPU; on a loaded machine a little more.
    expect(sleeping.cpuTime).toBeLessThan(0.1 * sleeping.selfTime);
    const spinning = lines.filter((l) => l.file.endsWith('sleepy.py') && (l.line === 10 || l.line === 11));
    expect(spinning.reduce((s, l) => s + l.cpuTime, 0)).toBeGreaterThan(0.2);
  });

  it('shows the functions of two worker threads, each under its own thread name', async () => {
    const run = await runHarness(['workers.py']);
    const { frames, stacks, meta } = run.profile;
    const leafNames = (thread: string) => new Set(stacks.filter((s) => s.thread === thread).flatMap((s) => s.stack.map((i) => frames[i]!.name)));
    expect(leafNames('cruncher').has('crunch_numbers')).toBe(true);
    expect(leafNames('sleeper').has('wait_for_io')).toBe(true);
    expect(meta.threads).toBe(3);
    const sleeperWall = stacks.filter((s) => s.thread === 'sleeper').reduce((s, x) => s + x.wall, 0);
    const sleeperCpu = stacks.filter((s) => s.thread === 'sleeper').reduce((s, x) => s + x.cpu, 0);
    expect(sleeperWall).toBeGreaterThan(0.2);
    expect(sleeperCpu).toBeLessThan(0.05);
  });

  it('always records gc, peak RSS, CPU and wall time', async () => {
    const run = await runHarness(['calls.py']);
    const { meta } = run.profile;
    expect(meta.gc.collections).toHaveLength(3);
    expect(meta.peakRss).toBeGreaterThan(1_000_000);
    expect(meta.wallTime).toBeGreaterThan(0);
    expect(meta.cpuTime).toBeGreaterThan(0);
    expect(meta.python).toMatch(/^3\.\d+\.\d+/);
  });
});
