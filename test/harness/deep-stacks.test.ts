// Sampling cost must not grow with stack depth: stacks deeper than the sampler walks keep their
// innermost frames and fold the rest, and the sampler keeps no frame (nor its locals) alive.
import { describe, expect, it } from 'vitest';
import { runHarness, runPlain } from './run-harness.js';

describe('deep stacks in sample mode', () => {
  it('folds a stack 3,000 frames deep: the innermost frames are exact, the outer ones one <folded frames> frame', async () => {
    const run = await runHarness(['deep_stack.py', '3000']);
    const { meta, frames, stacks, lines } = run.profile;
    expect(run.stdout).toBe(runPlain(['deep_stack.py', '3000']).stdout);
    expect(meta.foldedSamples).toBeGreaterThan(0);
    expect(meta.foldDepth).toBe(256);
    const folded = stacks.filter((s) => frames[s.stack[0]!]!.name === '<folded frames>');
    expect(folded.reduce((n, s) => n + s.count, 0)).toBe(meta.foldedSamples);
    const hot = folded.reduce((a, b) => (b.count > a.count ? b : a));
    // Root first: the folded frame, then 256 walked frames ending in work() at its loop.
    expect(hot.stack).toHaveLength(257);
    const names = hot.stack.map((f) => frames[f]!.name);
    expect(names.at(-1)).toBe('work');
    expect(names.slice(1, -1).every((n) => n === 'descend')).toBe(true);
    expect(hot.lines.at(-1)).toBeGreaterThanOrEqual(11);
    expect(hot.lines.at(-1)).toBeLessThanOrEqual(12);
    // The folded frame has no line of its own, so no line row for it.
    expect(lines.every((l) => l.line > 0)).toBe(true);
  });

  it('does not fold a shallow stack', async () => {
    const run = await runHarness(['deep_stack.py', '100']);
    expect(run.profile.meta.foldedSamples).toBe(0);
    expect(run.profile.frames.some((f) => f.name === '<folded frames>')).toBe(false);
    expect(run.profile.stacks.some((s) => run.profile.frames[s.stack[0]!]!.name === '<module>')).toBe(true);
  });

  for (const depth of ['10', '2000']) {
    for (const memory of [false, true]) {
      it(`runs __del__ and weakref callbacks where a bare run does (depth ${depth}${memory ? ', --memory' : ''})`, async () => {
        // 5 kHz: many samples land inside the function whose locals die when it returns.
        const run = await runHarness(['finalizers.py', depth], { harnessArgs: ['--rate', '5000', ...(memory ? ['--memory'] : [])] });
        expect(run.profile.meta.samples).toBeGreaterThan(20);
        expect(run.stdout).toBe(runPlain(['finalizers.py', depth]).stdout);
      });
    }
  }
});
