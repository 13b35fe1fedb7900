// Native time through the model: read from the harness's stacks, summed per line (self and
// inclusive), capped by the wall time, and kept by the hotspy JSON round trip.
import { describe, expect, it } from 'vitest';
import { exportProfile } from '../../src/profile/export/index.js';
import { readProfileBytes } from '../../src/profile/import/index.js';
import { renderSourceView } from '../../src/report/html/source-view.js';
import { renderProfileText } from '../../src/report/profile-text.js';

const doc = {
  version: 1,
  meta: { command: ['app.py'], mode: 'sample', wallTime: 1.0, cpuTime: 0.9, partial: false, pid: 7 },
  frames: [
    { file: '/app.py', name: '<module>', line: 1 },
    { file: '/lib/numpy/core.py', name: 'sort', line: 10 },
  ],
  stacks: [
    { stack: [0, 1], lines: [3, 12], thread: 'MainThread', count: 5, wall: 0.5, cpu: 0.5, native: 0.45 },
    { stack: [0], lines: [4], thread: 'MainThread', count: 4, wall: 0.4, cpu: 0.35, native: 0.0 },
    // native time is a part of the wall time: more is cut to it
    { stack: [0], lines: [5], thread: 'MainThread', count: 1, wall: 0.1, cpu: 0.05, native: 0.3 },
  ],
  calls: [],
  functions: [],
  lines: [],
};

describe('native time in the model', () => {
  const profile = readProfileBytes(Buffer.from(JSON.stringify(doc)), 'native.json');
  const line = (file: string, n: number) => profile.lines.find((l) => l.file === file && l.line === n)!;

  it('sums it per line, inclusively for the callers', () => {
    expect(profile.hasNative).toBe(true);
    expect(line('/lib/numpy/core.py', 12).selfNative).toBeCloseTo(0.45);
    expect(line('/app.py', 3).selfNative ?? 0).toBe(0);
    expect(line('/app.py', 3).totalNative).toBeCloseTo(0.45);
    expect(line('/app.py', 4).totalNative ?? 0).toBe(0);
    expect(line('/app.py', 5).selfNative).toBeCloseTo(0.1);
  });

  it('survives the hotspy JSON round trip', () => {
    const again = readProfileBytes(Buffer.from(exportProfile(profile, 'json') as string), 'again.json');
    expect(again.hasNative).toBe(true);
    expect(again.lines.map((l) => [l.file, l.line, l.totalNative])).toEqual(profile.lines.map((l) => [l.file, l.line, l.totalNative]));
  });

  it('is unknown, not zero, in a profile without it', () => {
    const plain = { ...doc, stacks: doc.stacks.map(({ native: _native, ...rest }) => rest) };
    expect(readProfileBytes(Buffer.from(JSON.stringify(plain)), 'plain.json').hasNative).toBeUndefined();
  });

  it('shows in the line tables: the HTML source view (share of CPU) and the text report (seconds)', () => {
    const view = renderSourceView(profile, undefined, new Map([['/app.py', 'import numpy\nx = 1\ny = sort(a)\nz = 2\nw = 3\n']]));
    expect(view.html).toContain('>native</th>');
    // line 3: 0.45 s native of 0.5 s CPU with its calls
    expect(view.html).toMatch(/data-line="3"[^]*?<td class="num">90%<\/td><td class="code">/);
    const text = renderProfileText(profile, { color: false });
    expect(text).toMatch(/native\s+incl\./);
  });
});
