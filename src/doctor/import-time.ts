// `python3 -X importtime` on the imports of the entry script: which modules make start-up slow.
// Only the import statements run, in a fresh interpreter, never the program itself.
import { spawnSync } from 'node:child_process';
import type { ImportTime } from './diagnoses/context.js';

const IMPORTTIME_LINE = /^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)/;
/** Written to stderr before the script's imports, so interpreter start-up (site, encodings) is not counted. */
const START_MARK = '--hotspy-imports--';

export function measureImportTime(options: { python: string; modules: string[]; cwd: string; timeoutMs?: number }): ImportTime[] {
  const modules = options.modules.filter((m) => /^[A-Za-z_][\w.]*$/.test(m));
  if (modules.length === 0) return [];
  const imports = modules.map((m) => `try:\n    import ${m}\nexcept BaseException:\n    pass`).join('\n');
  const code = `import sys\nsys.stderr.write(${JSON.stringify(START_MARK + '\n')})\nsys.stderr.flush()\n${imports}`;
  const result = spawnSync(options.python, ['-X', 'importtime', '-c', code], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (result.error || typeof result.stderr !== 'string') return [];
  const lines = result.stderr.split('\n');
  const mark = lines.indexOf(START_MARK);
  return parseImportTime(lines.slice(mark + 1).join('\n'));
}

/**
 * The outermost imports (least indentation), merged by top-level package and heaviest first.
 * Outermost rows never nest in one another, so their cumulative times add up to the whole import
 * time, and no package can weigh more than that total.
 */
export function parseImportTime(stderr: string): ImportTime[] {
  const rows: { self: number; cumulative: number; depth: number; module: string }[] = [];
  for (const line of stderr.split('\n')) {
    const m = IMPORTTIME_LINE.exec(line);
    if (m) rows.push({ self: Number(m[1]) / 1e6, cumulative: Number(m[2]) / 1e6, depth: m[3]!.length, module: m[4]! });
  }
  if (rows.length === 0) return [];
  const top = Math.min(...rows.map((r) => r.depth));
  const byPackage = new Map<string, ImportTime>();
  for (const row of rows) {
    if (row.depth !== top) continue;
    const module = row.module.split('.')[0]!;
    const seen = byPackage.get(module);
    byPackage.set(module, { module, cumulative: (seen?.cumulative ?? 0) + row.cumulative, self: (seen?.self ?? 0) + row.self });
  }
  return [...byPackage.values()].sort((a, b) => b.cumulative - a.cumulative);
}

/** Seconds all the measured imports took together. */
export function totalImportTime(times: readonly ImportTime[]): number {
  return times.reduce((sum, t) => sum + t.cumulative, 0);
}
