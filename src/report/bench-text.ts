// Terminal rendering of a `hotspy bench` run: one table row per benchmark, then the
// comparisons in words, then warnings and failures.
import { createColors } from 'picocolors';
import type { BenchRun } from '../bench/types.js';
import { comparisonSentence, formatInterval, formatPercent, formatValue } from './bench-format.js';
import { plural } from '../plural.js';

export interface TextOptions {
  color: boolean;
}

export function renderTable(rows: string[][], align: ('l' | 'r')[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (align[c] === 'r' ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd())
    .join('\n');
}

export function renderBenchText(run: BenchRun, options: TextOptions = { color: false }): string {
  const pc = createColors(options.color);
  const rows: string[][] = [['benchmark', 'median', 'mean', 'stdev', 'min', '95 % CI of median', 'CV', 'values']];
  for (const b of run.benchmarks) {
    const s = b.summary;
    if (b.status !== 'ok' || !s) {
      rows.push([b.name, 'failed', '', '', '', '', '', '']);
      continue;
    }
    rows.push([
      b.name,
      formatValue(s.median, b.unit),
      formatValue(s.mean, b.unit),
      formatValue(s.stdev, b.unit),
      formatValue(s.min, b.unit),
      formatInterval(s.ci95, b.unit),
      formatPercent(s.cv),
      `${s.n} (${b.values.length}x${b.values[0]?.length ?? 0})`,
    ]);
  }
  const lines = [renderTable(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'])];
  if (run.comparisons.length > 0) lines.push('');
  for (const c of run.comparisons) lines.push(c.significant ? pc.bold(comparisonSentence(c)) : pc.dim(comparisonSentence(c)));
  const notes: string[] = [];
  for (const b of run.benchmarks) {
    if (b.failure) notes.push(pc.red(`error: ${b.name}: ${describeFailure(b.failure)}`));
    for (const w of b.warnings) notes.push(pc.yellow(`warning: ${b.name}: ${w}`));
  }
  if (notes.length > 0) lines.push('', ...notes);
  lines.push(
    '',
    pc.dim(
      `${run.measure === 'time' ? 'seconds per call' : 'instructions per call (callgrind, PYTHONHASHSEED=0)'}; ` +
        (run.measure === 'instructions'
          ? `${plural(run.settings.processes, 'callgrind run pair')}; `
          : `${plural(run.settings.processes, 'process', 'processes')} x ${plural(run.settings.values, 'value')}, interleaved; `) +
        `python ${run.environment.python.version}`,
    ),
  );
  return lines.join('\n') + '\n';
}

export function describeFailure(f: { stage: string; type: string; message: string }): string {
  const where: Record<string, string> = {
    import: 'cannot load',
    setup: 'setup raised',
    statement: 'the statement does not compile',
    run: 'raised',
    timeout: 'timed out',
    crash: 'the worker crashed',
  };
  const prefix = where[f.stage] ?? f.stage;
  return f.stage === 'timeout' ? `${prefix}: ${f.message} (raise --timeout if it is just slow)` : `${prefix}: ${f.type}: ${f.message}`;
}
