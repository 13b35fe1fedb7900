// `python3 -X importtime` on the imports of the entry script: which modules make start-up slow.
// Only the import statements run, in a fresh interpreter, never the program itself.
import { spawnSync } from 'node:child_process';
import type { ImportTime } from './diagnoses/context.js';

const IMPORTTIME_LINE = /^import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)/;

export function measureImportTime(options: { python: string; modules: string[]; cwd: string; timeoutMs?: number }): ImportTime[] {
  const modules = options.modules.filter((m) => /^[A-Za-z_][\w.]*$/.test(m));
  if (modules.length === 0) return [];
  const code = modules.map((m) => `try:\n    import ${m}\nexcept BaseException:\n    pass`).join('\n');
  const result = spawnSync(options.python, ['-X', 'importtime', '-c', code], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (result.error || typeof result.stderr !== 'string') return [];
  return parseImportTime(result.stderr);
}

/** Top-level packages only (the lines with the least indentation), heaviest first. */
export function parseImportTime(stderr: string): ImportTime[] {
  const rows: { self: number; cumulative: number; depth: number; module: string }[] = [];
  for (const line of stderr.split('\n')) {
    const m = IMPORTTIME_LINE.exec(line);
    if (m) rows.push({ self: Number(m[1]) / 1e6, cumulative: Number(m[2]) / 1e6, depth: m[3]!.length, module: m[4]! });
  }
  if (rows.length === 0) return [];
  const top = Math.min(...rows.map((r) => r.depth));
  return rows
    .filter((r) => r.depth === top)
    .map(({ module, cumulative, self }) => ({ module, cumulative, self }))
    .sort((a, b) => b.cumulative - a.cumulative);
}
