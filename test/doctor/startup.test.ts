// HD04 end to end: a program whose run is mostly the import of a slow module, profiled for real,
// and `python3 -X importtime` run on its imports to name the culprit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureImportTime, totalImportTime } from '../../src/doctor/import-time.js';
import { runProgram } from '../../src/doctor/run-program.js';

const work = mkdtempSync(join(tmpdir(), 'hotspy-startup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

writeFileSync(join(work, 'slow_config.py'), 'TABLE = {}\nfor i in range(1_500_000):\n    TABLE[i % 1000] = i\n');
writeFileSync(join(work, 'app.py'), 'import json\nimport slow_config\n\nprint(json.dumps(len(slow_config.TABLE)))\n');

describe('slow start-up', () => {
  it('names the heavy import measured by -X importtime', () => {
    const times = measureImportTime({ python: 'python3', modules: ['json', 'slow_config'], cwd: work });
    expect(times.map((t) => t.module)).toContain('slow_config');
    expect(times[0]!.module).toBe('slow_config');
    expect(times[0]!.cumulative).toBeGreaterThan(0.05);
  });

  it('times real stdlib imports on one clock: packages, not submodules, and none above the total', () => {
    const times = measureImportTime({ python: 'python3', modules: ['json', 'xml.dom.minidom', 'email.mime.text', 'decimal'], cwd: work });
    const names = times.map((t) => t.module);
    expect(names).toEqual(expect.arrayContaining(['json', 'xml', 'email', 'decimal']));
    // interpreter start-up (site, encodings) happens before the script's imports and is not theirs
    expect(names).not.toContain('site');
    expect(names).not.toContain('encodings');
    expect(new Set(names).size).toBe(names.length);
    const total = totalImportTime(times);
    for (const t of times) expect(t.cumulative).toBeLessThanOrEqual(total);
    expect(times.map((t) => t.cumulative)).toEqual([...times.map((t) => t.cumulative)].sort((a, b) => b - a));
  });

  it('diagnoses HD04 for a run spent importing', async () => {
    const result = await runProgram({ target: { script: join(work, 'app.py') }, cwd: work, out: join(work, 'p.json'), progress: false });
    const hd04 = result.report.diagnoses.find((d) => d.code === 'HD04');
    expect(hd04, JSON.stringify(result.report.diagnoses)).toBeDefined();
    expect(hd04!.message).toContain('slow_config');
    // the total and the heaviest come from the same `-X importtime` run, start-up modules left out
    expect(hd04!.message).toContain('-X importtime');
    expect(hd04!.message).not.toMatch(/heaviest:.*\bsite\b/);
    expect(Number(hd04!.figures.importShare)).toBeGreaterThan(0.25);
  });
});
