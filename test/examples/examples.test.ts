// The bundled examples end to end: each runs under the real harness and python3, and the first
// piece of advice must name the cause the example was written for, at the right line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProgram } from '../../src/doctor/run-program.js';
import type { DoctorReport } from '../../src/doctor/types.js';

const root = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'hotspy-examples-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(name: string): Promise<DoctorReport> {
  const result = await runProgram({
    target: { script: `examples/${name}.py` },
    cwd: root,
    out: join(work, `${name}.json`),
    progress: false,
  });
  expect(result.run.exitCode).toBe(0);
  return result.report;
}

function lineOf(report: DoctorReport, rule: string) {
  return report.advice.find((a) => a.rule === rule);
}

describe.sequential('examples', () => {
  it('etl_pipeline: list membership in the enrichment loop comes first', async () => {
    const report = await run('etl_pipeline');
    const first = report.advice[0]!;
    expect(first.rule).toBe('HS101');
    expect(first.path).toBe('examples/etl_pipeline.py');
    expect(first.line).toBe(35);
    expect(first.share).toBeGreaterThan(0.5);
    expect(report.diagnoses.map((d) => d.code)).not.toContain('HD01');
  });

  it('word_count: the hand-written counter comes first', async () => {
    const report = await run('word_count');
    const first = report.advice[0]!;
    expect(first.rule).toBe('HS301');
    expect(first.line).toBe(19);
    expect(first.share).toBeGreaterThan(0.5);
  });

  it('fib_recursive: exponential recursion comes first', async () => {
    const report = await run('fib_recursive');
    const first = report.advice[0]!;
    expect(first.rule).toBe('HS110');
    expect(first.function?.name).toBe('paths');
    expect(first.share).toBeGreaterThan(0.5);
  });

  it('report_builder: the attribute string accumulator comes first', async () => {
    const report = await run('report_builder');
    const first = report.advice[0]!;
    expect(first.rule).toBe('HS104');
    expect(first.line).toBe(15);
    expect(first.share).toBeGreaterThan(0.5);
  });

  it('pricing: the census measures the repeated arguments and advises caching first (HD07)', async () => {
    const report = await run('pricing');
    const first = report.advice[0]!;
    expect(first.rule).toBe('HD07');
    expect(first.function?.name).toBe('unit_price');
    expect(first.line).toBe(26);
    expect(first.message).toMatch(/an `lru_cache` would answer (9\d|100) % of its calls/);
    expect(first.fix).toContain('@functools.lru_cache(maxsize=');
    expect(first.share).toBeGreaterThan(0.4);
  });

  it('io_bound: the waiting is diagnosed first (HD01)', async () => {
    const report = await run('io_bound');
    expect(report.diagnoses[0]?.code).toBe('HD01');
    expect(report.diagnoses[0]?.priority).toBe(0);
  });

  it('cpu_threads: threads doing CPU work (HD02 or HS601)', async () => {
    const report = await run('cpu_threads');
    const hs601 = lineOf(report, 'HS601');
    const hd02 = report.diagnoses.find((d) => d.code === 'HD02');
    // the diagnosis measures the contention itself; without it, the static finding must lead
    // with the measured share of the thread target
    if (hd02 === undefined) {
      expect(report.advice[0]?.rule).toBe('HS601');
      expect(hs601!.share).toBeGreaterThan(0.5);
    } else {
      expect(report.diagnoses[0]?.code).toBe('HD02');
    }
  });

  it('particles: HD08 names the class, and the bytes it announces match what __slots__ saves under tracemalloc', async () => {
    const report = await run('particles');
    const hd08 = report.diagnoses.find((d) => d.code === 'HD08');
    expect(hd08?.figures).toMatchObject({ class: 'Particle', location: 'examples/particles.py:12', attributes: 4 });
    const announced = Number(hd08!.figures.bytesSaved);
    const saved = tracedPeak('examples/particles.py') - tracedPeak('examples/fixed/particles.py');
    // the census counts a sample of the heap at a few moments: within 30 % of the measured saving
    expect(announced / saved).toBeGreaterThan(0.7);
    expect(announced / saved).toBeLessThan(1.3);
  }, 400_000);

  it('log_scan: the whole-file read and the materialized pipeline are both found, the fixed version prints the same', async () => {
    const report = await run('log_scan');
    // reading is quick (C code): the finding may rank among the cold ones, but it is there
    expect(report.findings.find((f) => f.rule === 'HS401')?.line).toBe(36);
    expect(report.findings.find((f) => f.rule === 'HS402')?.line).toBe(37);
    const plain = spawnSync('python3', ['examples/log_scan.py'], { cwd: root, encoding: 'utf8' });
    const fixed = spawnSync('python3', ['examples/fixed/log_scan.py'], { cwd: root, encoding: 'utf8' });
    expect(fixed.stdout).toBe(plain.stdout);
    expect(tracedPeak('examples/fixed/log_scan.py')).toBeLessThan(tracedPeak('examples/log_scan.py') / 10);
  }, 180_000);
});

/** tracemalloc's peak for a run of the script (benchmarks/examples/peak_memory.py). */
function tracedPeak(script: string): number {
  const out = join(work, 'peak.txt');
  const result = spawnSync('python3', ['benchmarks/examples/peak_memory.py', out, script], { cwd: root, stdio: 'ignore' });
  expect(result.status).toBe(0);
  return Number(readFileSync(out, 'utf8').trim());
}
