// Counts agree with their nouns wherever hotspy prints them: "1 sample", "1 benchmark", "1 size".
import { describe, expect, it } from 'vitest';
import type { GateRun } from '../../src/bench/types.js';
import type { DoctorReport } from '../../src/doctor/types.js';
import { plural } from '../../src/plural.js';
import { headline, methodNote } from '../../src/report/bench-gate-rows.js';
import { formatWeight } from '../../src/report/html/format.js';
import { runSummary } from '../../src/report/run-summary.js';

describe('plural', () => {
  it.each([
    [0, 'size', '0 sizes'],
    [1, 'size', '1 size'],
    [2, 'sample', '2 samples'],
    [1, 'process', '1 process'],
  ])('%i %s -> %s', (n, noun, expected) => {
    expect(plural(n, noun, noun === 'process' ? 'processes' : undefined)).toBe(expected);
  });
});

describe('reports', () => {
  it('run summary: 1 sample, 1 file checked, 1 finding', () => {
    const report = {
      meta: { command: ['prog.py'], samples: 1, exitCode: 0 },
      findings: [{ rule: 'HS101' }],
      files: ['prog.py'],
    } as unknown as DoctorReport;
    expect(runSummary(report)).toBe('prog.py: 1 sample; exit 0; 1 file checked, 1 finding');
  });

  it('gate: 1 benchmark written, 1 benchmark slower, 1 process x 1 value', () => {
    const base = {
      threshold: 0.1,
      baselinePath: 'b.json',
      settings: { measure: 'time', clock: 'cpu', processes: 1, values: 1 },
      environment: { python: { version: '3.11.2' }, hotspy: '0.1.0' },
    };
    const written = { ...base, mode: 'baseline-written', rows: [{ status: 'new' }] } as unknown as GateRun;
    expect(headline(written)).toBe('wrote the baseline b.json (1 benchmark)');
    const regressed = { ...base, mode: 'baseline', rows: [{ status: 'regressed' }] } as unknown as GateRun;
    expect(headline(regressed)).toBe('gate failed: 1 benchmark slower than the baseline b.json by more than 10.0 %');
    expect(methodNote(written)).toContain('; 1 process x 1 value;');
  });

  it('html weights: 1 sample, 3 samples', () => {
    expect(formatWeight(1, 'samples')).toBe('1 sample');
    expect(formatWeight(3, 'samples')).toBe('3 samples');
  });
});
