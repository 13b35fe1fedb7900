// hotspy's own harness never counts as the user's code, whichever installation recorded it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HARNESS_DIR } from '../../src/assets.js';
import { userFiles } from '../../src/doctor/user-code.js';
import { ProfileBuilder } from '../../src/profile/builder.js';

const scratch = mkdtempSync(join(tmpdir(), 'hotspy-user-code-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function profileOf(files: string[]) {
  const b = new ProfileBuilder({ hasCpu: true });
  const frames = files.map((file, i) => b.frame(`f${i}`, file, 1));
  b.appendSample(frames, { wall: 1, cpu: 1, samples: 1 }, files.map(() => 1));
  Object.assign(b.meta, { command: ['app.py'], wallTime: 1, cpuTime: 1, cwd: scratch, threads: 1, exitCode: 0, partial: false });
  return b.build('hotspy');
}

describe('userFiles', () => {
  it("drops this installation's harness files", () => {
    const app = join(scratch, 'app.py');
    const files = userFiles(profileOf([join(HARNESS_DIR, 'hotspy_harness.py'), join(HARNESS_DIR, 'hotspy_sampler.py'), app]));
    expect(files).toEqual([app]);
  });

  it("drops another installation's harness (a copy beside hotspy_harness.py) but keeps a user's file of the same name elsewhere", () => {
    const other = join(scratch, 'node_modules', 'hotspy', 'src', 'harness');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'hotspy_harness.py'), '');
    writeFileSync(join(other, 'hotspy_sampler.py'), '');
    const lookalike = join(scratch, 'mine', 'hotspy_sampler.py'); // no hotspy_harness.py beside it
    const files = userFiles(profileOf([join(other, 'hotspy_harness.py'), join(other, 'hotspy_sampler.py'), lookalike]));
    expect(files).toEqual([lookalike]);
  });
});
