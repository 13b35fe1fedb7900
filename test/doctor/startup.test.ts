// HD04 end to end: a program whose run is mostly the import of a slow module, profiled for real,
// and `python3 -X importtime` run on its imports to name the culprit.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureImportTime } from '../../src/doctor/import-time.js';
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

  it('diagnoses HD04 for a run spent importing', async () => {
    const result = await runProgram({ target: { script: join(work, 'app.py') }, cwd: work, out: join(work, 'p.json'), progress: false });
    const hd04 = result.report.diagnoses.find((d) => d.code === 'HD04');
    expect(hd04, JSON.stringify(result.report.diagnoses)).toBeDefined();
    expect(hd04!.message).toContain('slow_config');
    expect(Number(hd04!.figures.importShare)).toBeGreaterThan(0.25);
  });
});
