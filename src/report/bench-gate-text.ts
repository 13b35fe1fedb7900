// Terminal rendering of `hotspy gate`.
import { createColors } from 'picocolors';
import type { GateRun } from '../bench/gate/run-gate.js';
import { renderTable } from './bench-text.js';
import { calibrationText, changeText, headline, methodNote, valueText, verdictText } from './bench-gate-rows.js';

export function renderGateText(run: GateRun, options: { color: boolean } = { color: false }): string {
  const pc = createColors(options.color);
  const then = run.mode === 'against' ? `@ ${run.against ?? ''}` : 'baseline';
  const rows = [['benchmark', then, 'now', 'change', 'verdict']];
  for (const r of run.rows) {
    rows.push([r.name, valueText(r.baselineMedian, r.unit), valueText(r.currentMedian, r.unit), changeText(r) || (r.message ?? ''), verdictText(r)]);
  }
  const table = renderTable(rows, ['l', 'r', 'r', 'l', 'l'])
    .split('\n')
    .map((line) => (/REGRESSED|FAILED/.test(line) ? pc.red(line) : line))
    .join('\n');
  const lines = [table, ''];
  const failed = run.exitCode !== 0;
  lines.push(failed ? pc.red(pc.bold(headline(run))) : pc.green(headline(run)));
  const calibration = calibrationText(run);
  if (calibration) lines.push(calibration);
  for (const r of run.rows) if (r.status === 'failed' && r.message) lines.push(pc.red(`error: ${r.name}: ${r.message}`));
  for (const w of run.warnings) lines.push(pc.yellow(`warning: ${w}`));
  for (const b of run.benchmarks) for (const w of b.warnings) lines.push(pc.yellow(`warning: ${b.name}: ${w}`));
  lines.push(pc.dim(methodNote(run)));
  return lines.join('\n') + '\n';
}
