// The native/interpreter split of sample mode (docs/profile-format.md "Native time"), on a real
// program: a line making one long C call per pass is native, a pure-Python loop is not.
import { describe, expect, it } from 'vitest';
import { runHarness } from './run-harness.js';

interface LineRow {
  file: string;
  line: number;
  cpuTime: number;
  totalCpuTime: number;
  nativeTime: number;
  totalNativeTime: number;
}

describe('native time', () => {
  it('charges a long C call to native time and a bytecode loop to the interpreter', async () => {
    const run = await runHarness(['native_split.py']);
    const lines = run.profile.lines as unknown as LineRow[];
    const at = (line: number) => lines.find((l) => l.file.endsWith('native_split.py') && l.line === line);
    const sorting = at(13)!;
    const looping = at(20)!;
    expect(sorting, JSON.stringify(lines.slice(0, 8))).toBeDefined();
    expect(looping, JSON.stringify(lines.slice(0, 8))).toBeDefined();
    // the sort is a C call of ~0.1 s, far longer than a sampling interval: its CPU is native
    expect(sorting.totalNativeTime / sorting.totalCpuTime).toBeGreaterThan(0.7);
    // the loop's calls return at once: its CPU is the interpreter's
    expect(looping.totalNativeTime / looping.totalCpuTime).toBeLessThan(0.15);
    // native time is a part of the CPU time, stack by stack
    for (const s of run.profile.stacks as unknown as { cpu: number; native: number }[]) expect(s.native).toBeLessThanOrEqual(s.cpu + 1e-9);
  });
});
