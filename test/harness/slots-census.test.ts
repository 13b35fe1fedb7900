// The slots census on real python3 runs: live instances of the user's classes without __slots__,
// counted during the run without touching their __dict__, and HD08 on what it found.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/index.js';
import { readProfileFile } from '../../src/profile/import/index.js';
import { PROGRAMS, runHarness, runPlain } from './run-harness.js';

const PROGRAM = join(PROGRAMS, 'slots_census.py');
const PLAIN_LINE = readFileSync(PROGRAM, 'utf8').split('\n').indexOf('class Plain:') + 1;

describe('slots census', () => {
  it('counts the plain class during the run, skips slotted and rare ones, and never grows the program', async () => {
    const run = await runHarness(['slots_census.py', '3']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(runPlain(['slots_census.py', '0', '0']).stdout.split('\n')[0]);
    // reading __dict__ of 50,000 instances on 3.11+ would have grown the traced memory by megabytes
    expect(run.stdout).toContain('grown-small True');
    expect(run.stdout).toContain('dicts-untouched True');
    const profile = await readProfileFile(run.profilePath);
    const census = profile.meta.slots!;
    expect(census.counts).toBeGreaterThanOrEqual(2);
    expect(census.classes.map((c) => c.name)).toEqual(['Plain']);
    const plain = census.classes[0]!;
    expect(plain).toMatchObject({ file: PROGRAM, line: PLAIN_LINE, peak: 50000, atExit: 50000, attributes: 3 });
    // measured on the twin class: about 40 bytes on 3.11+, about 100 on 3.10 and earlier
    expect(plain.bytesPerInstance).toBeGreaterThanOrEqual(24);
    expect(plain.bytesPerInstance).toBeLessThanOrEqual(160);
    expect(plain.bytesSaved).toBe(plain.peak * plain.bytesPerInstance!);
    // counted during the run, not only at exit
    expect(plain.peakTime).toBeLessThan(profile.meta.wallTime! - 0.2);
  });

  it('HD08 stays silent below the threshold and names class, count and bytes above it', async () => {
    const run = await runHarness(['slots_census.py', '0.6', '0']);
    const profile = await readProfileFile(run.profilePath);
    const quiet = diagnose({ profile, findings: [], sources: new Map(), files: [PROGRAM], cwd: PROGRAMS });
    // 50,000 instances save 2-5 MB: under 10 MB, and under 10 % of a python3 process's peak here
    const plain = profile.meta.slots!.classes[0]!;
    const underShare = plain.bytesSaved! < 0.1 * profile.meta.peakRss!;
    if (underShare) expect(quiet.diagnoses.map((d) => d.code)).not.toContain('HD08');
    const big = { ...profile, meta: { ...profile.meta, slots: { ...profile.meta.slots!, classes: [{ ...plain, peak: 1_000_000, bytesSaved: 40_000_000 }] } } };
    const loud = diagnose({ profile: big, findings: [], sources: new Map(), files: [PROGRAM], cwd: PROGRAMS });
    const hd08 = loud.diagnoses.find((d) => d.code === 'HD08');
    expect(hd08?.message).toContain(`Plain (slots_census.py:${PLAIN_LINE}): 1,000,000 live instances`);
    expect(hd08?.message).toContain('3 attributes each');
    expect(hd08?.figures).toMatchObject({ class: 'Plain', peakInstances: 1_000_000, bytesSaved: 40_000_000, attributes: 3 });
  });
});
