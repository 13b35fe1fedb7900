#!/usr/bin/env node
// Import speed: hotspy's .prof importer vs `python3 -c "import pstats; pstats.Stats(f)"` on the same
// generated file of at least 50 MB. Usage: node benchmarks/import-speed/run.mjs [--mb 60] [--runs 3]
// Compiles the TypeScript sources to a temporary directory first, so it measures the working tree.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const { values } = parseArgs({ options: { mb: { type: 'string', default: '60' }, runs: { type: 'string', default: '3' }, python: { type: 'string', default: 'python3' } } });
const runs = Math.max(1, Number(values.runs));
const work = mkdtempSync(join(tmpdir(), 'hotspy-import-speed-'));

try {
  // Build hotspy into the temp dir (errors in unrelated files do not stop tsc from emitting).
  cpSync(join(repo, 'package.json'), join(work, 'package.json'));
  symlinkSync(join(repo, 'node_modules'), join(work, 'node_modules'));
  spawnSync(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', join(repo, 'tsconfig.json'), '--outDir', join(work, 'dist')], { stdio: 'ignore' });

  const prof = join(work, 'big.prof');
  const functions = execFileSync(values.python, [join(here, 'make_big_prof.py'), prof, values.mb], { encoding: 'utf8' }).trim();
  const size = statSync(prof).size;
  const pyVersion = execFileSync(values.python, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
  console.log(`file: ${(size / 1e6).toFixed(1)} MB, ${functions} functions (written by Python ${pyVersion} marshal)`);

  // In-process: the import itself, timed inside each runtime (no interpreter start-up).
  const hotspyScript = `
    const { readProfileFile } = await import(${JSON.stringify(join(work, 'dist/profile/import/index.js'))});
    const t = performance.now();
    const c = process.cpuUsage();
    const p = await readProfileFile(process.argv[1]);
    const ms = performance.now() - t;
    const used = process.cpuUsage(c);
    console.log(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, functions: p.functions.length, edges: p.edges.length }));`;
  const pythonScript = `
import pstats, sys, time, json
t = time.perf_counter()
c = time.process_time()
s = pstats.Stats(sys.argv[1])
ms = (time.perf_counter() - t) * 1000
cpu_ms = (time.process_time() - c) * 1000
print(json.dumps({"ms": ms, "cpuMs": cpu_ms, "functions": len(s.stats), "edges": sum(len(v[4]) for v in s.stats.values())}))`;

  const hotspy = [];
  const python = [];
  const hotspyCpu = [];
  const pythonCpu = [];
  const hotspyWall = [];
  const pythonWall = [];
  let counts;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const h = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', hotspyScript, prof], { encoding: 'utf8', maxBuffer: 1 << 20 }));
    hotspyWall.push(performance.now() - t);
    t = performance.now();
    const p = JSON.parse(execFileSync(values.python, ['-c', pythonScript, prof], { encoding: 'utf8' }));
    pythonWall.push(performance.now() - t);
    hotspy.push(h.ms);
    python.push(p.ms);
    hotspyCpu.push(h.cpuMs);
    pythonCpu.push(p.cpuMs);
    if (h.functions !== p.functions || h.edges !== p.edges) throw new Error(`disagreement: hotspy ${JSON.stringify(h)} vs pstats ${JSON.stringify(p)}`);
    counts = h;
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`both read ${counts.functions} functions and ${counts.edges} caller edges`);
  console.log(`import only (median of ${runs}):   hotspy ${med(hotspy).toFixed(0)} ms   pstats.Stats ${med(python).toFixed(0)} ms   ratio pstats/hotspy ${(med(python) / med(hotspy)).toFixed(2)}x`);
  // CPU time (all threads: V8's GC helpers count for hotspy) is steadier than wall time on a busy machine.
  console.log(`import CPU time (median of ${runs}): hotspy ${med(hotspyCpu).toFixed(0)} ms   pstats.Stats ${med(pythonCpu).toFixed(0)} ms   ratio ${(med(pythonCpu) / med(hotspyCpu)).toFixed(2)}x`);
  console.log(`whole process (median of ${runs}): hotspy ${med(hotspyWall).toFixed(0)} ms   python3 -c pstats ${med(pythonWall).toFixed(0)} ms   ratio ${(med(pythonWall) / med(hotspyWall)).toFixed(2)}x`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
