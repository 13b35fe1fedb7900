// The text report: summary facts, both function tables, and hottest lines with their source.
import { describe, expect, it } from 'vitest';
import { readProfileBytes } from '../../src/profile/import/index.js';
import { renderProfileJson } from '../../src/report/profile-json.js';
import { renderProfileText } from '../../src/report/profile-text.js';
import { fixture } from './helpers.js';

const source = ['import time', ...Array.from({ length: 12 }, (_, i) => `# line ${i + 2}`), '    total = sum(x * x for x in data)', ''].join('\n');

describe('renderProfileText', () => {
  const profile = readProfileBytes(fixture('hotspy/sample.json'), 'sample.json');
  const text = renderProfileText(profile, { color: false, top: 3, readSource: (file) => (file === '/work/job.py' ? source : undefined) });

  it('summarises the run', () => {
    expect(text).toContain('Profile job.py --fast');
    expect(text).toContain('mode sample (1,000 Hz) · Python 3.11.7 · exit code 0 · complete');
    expect(text).toMatch(/wall 1\.00 s {3}CPU 600\.0 ms {3}CPU\/wall 0\.60 {3}peak RSS 50\.0 MiB {3}samples 1,000 {3}threads 2 {3}GC 20\.0 ms \(13 collections\)/);
  });

  it('lists top functions by self and total time with wall and CPU percentages', () => {
    expect(text).toMatch(/Top functions by self time\n.*self +% +CPU +% function\n +500\.0 ms +50\.0% +400\.0 ms +66\.7% crunch job\.py:12/);
    expect(text).toMatch(/Top functions by total time\n.*\n +900\.0 ms +90\.0% .*<module> job\.py:1/);
  });

  it('shows the hottest lines with their source text', () => {
    expect(text).toMatch(/400\.0 ms +40\.0% +390\.0 ms +400\.0 ms job\.py:14\n +│ total = sum\(x \* x for x in data\)/);
  });

  it('uses no escape codes without color, and some with', () => {
    expect(text).not.toContain('\u001b[');
    expect(renderProfileText(profile, { color: true, readSource: () => undefined })).toContain('\u001b[');
  });

  it('shows calls for deterministic profiles and marks partial runs', () => {
    const trace = readProfileBytes(
      Buffer.from(JSON.stringify({ version: 1, meta: { command: ['t.py'], mode: 'trace', partial: true, reason: 'SIGINT' }, functions: [{ file: 't.py', line: 3, name: 'f', selfTime: 0.5, totalTime: 1, calls: 10, primitiveCalls: 4 }] })),
      't.json',
    );
    const out = renderProfileText(trace, { color: false, readSource: () => undefined });
    expect(out).toContain('partial (SIGINT)');
    expect(out).toMatch(/calls +self +% +total +% +per call function\n +10\/4 +500\.0 ms +100\.0% +1\.00 s +200\.0% +250\.0 ms f t\.py:3/);
  });
});

it('renderProfileJson writes the hotspy profile with the documented keys', () => {
  const doc = JSON.parse(renderProfileJson(readProfileBytes(fixture('hotspy/sample.json'), 'sample.json')));
  expect(doc.version).toBe(1);
  expect(doc.meta).toMatchObject({ command: ['job.py', '--fast'], mode: 'sample', wallTime: 1, cpuTime: 0.6, partial: false, exitCode: 0 });
  expect(doc.functions.find((f: { name: string }) => f.name === 'crunch')).toMatchObject({ file: '/work/job.py', line: 12, selfTime: 0.5, totalTime: 0.5, calls: null });
  expect(doc.lines.find((l: { line: number }) => l.line === 14)).toMatchObject({ selfTime: 0.4, cpuTime: 0.39 });
});
