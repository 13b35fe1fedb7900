// End to end: the hot list arrives as a parameter, filled by another function of the module. The
// static rules know its kind only from the module's own call sites; `hotspy run` must still put
// the algorithmic finding first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram } from '../../src/doctor/run-program.js';

const programs = new URL('../fixtures/programs/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'hotspy-param-kinds-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function firstAdvice(name: string) {
  const result = await runProgram({ target: { script: join(programs, `${name}.py`) }, cwd: programs, out: join(work, `${name}.json`), progress: false });
  expect(result.run.exitCode).toBe(0);
  return result.report.advice;
}

describe.sequential('parameter kinds from call sites', () => {
  it('a membership test on a list parameter built by another function: HS101 first', async () => {
    const advice = await firstAdvice('param_blocklist');
    expect(advice[0]?.rule, JSON.stringify(advice.slice(0, 3))).toBe('HS101');
    expect(advice[0]?.line).toBe(17);
    expect(advice[0]?.share).toBeGreaterThan(0.5);
  });

  it('a pop(0) queue on a list parameter filled by another function: HS107 first', async () => {
    const advice = await firstAdvice('param_queue');
    expect(advice[0]?.rule, JSON.stringify(advice.slice(0, 3))).toBe('HS107');
    expect(advice[0]?.line).toBe(16);
    expect(advice[0]?.share).toBeGreaterThan(0.5);
  });
});
