// The gate's pull-request comment (`--summary FILE`).
import type { GateRun } from '../bench/gate/run-gate.js';
import { escapeCell } from './bench-markdown.js';
import { calibrationText, changeText, headline, methodNote, valueText, verdictText } from './bench-gate-rows.js';

export function renderGateMarkdown(run: GateRun): string {
  const icon = run.exitCode === 0 ? ':white_check_mark:' : ':x:';
  const then = run.mode === 'against' ? `\`${escapeCell(run.against ?? '')}\`` : 'baseline';
  const lines = [
    `### ${icon} hotspy gate`,
    '',
    escapeCell(headline(run)),
    '',
    ...(calibrationText(run) ? [escapeCell(calibrationText(run)!), ''] : []),
    `| benchmark | ${then} | now | change | verdict |`,
    '|---|---:|---:|---|---|',
  ];
  for (const r of run.rows) {
    const verdict = r.status === 'regressed' || r.status === 'failed' ? `**${verdictText(r)}**` : verdictText(r);
    lines.push(
      `| \`${escapeCell(r.name)}\` | ${valueText(r.baselineMedian, r.unit)} | ${valueText(r.currentMedian, r.unit)} | ` +
        `${escapeCell(changeText(r) || (r.message ?? ''))} | ${verdict} |`,
    );
  }
  const notes = [
    ...run.rows.filter((r) => r.status === 'failed' && r.message).map((r) => `- error \`${escapeCell(r.name)}\`: ${escapeCell(r.message!)}`),
    ...run.warnings.map((w) => `- warning: ${escapeCell(w)}`),
  ];
  if (notes.length > 0) lines.push('', ...notes);
  lines.push('', `<sub>${escapeCell(methodNote(run))}</sub>`);
  return lines.join('\n') + '\n';
}
