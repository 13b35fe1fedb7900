// `hotspy run --format markdown`: the same advice for a pull-request comment or a ticket.
import type { DoctorReport } from '../doctor/types.js';
import { pct, processesNote, runSummary } from './run-summary.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderRunMarkdown(report: DoctorReport): string {
  const out: string[] = ['## hotspy', '', cell(runSummary(report)), ''];
  const note = processesNote(report);
  if (note) out.push(cell(note), '');
  if (report.diagnoses.length > 0) {
    out.push('### Diagnoses', '');
    for (const d of report.diagnoses) out.push(`- **${d.code} ${d.name}**: ${cell(d.message)}. ${cell(d.advice)}`);
    out.push('');
  }
  if (report.advice.length > 0) {
    out.push('### What to fix first', '', '| # | rule | where | share | weighed | fix | expected |', '|---|---|---|---|---|---|---|');
    for (const a of report.advice.slice(0, 10)) {
      const id = a.kind === 'hotspot' ? 'hot spot' : `${a.rule} ${a.name}`;
      out.push(`| ${a.rank} | ${cell(id)} | \`${cell(a.path)}:${a.line}\` | ${pct(a.share)} | ${cell(a.weighed ?? '')} | ${cell(a.fix)} | ${cell(a.gain)} |`);
    }
    out.push('');
  }
  if (report.cold.length > 0) {
    out.push('<details><summary>Not worth it now</summary>', '');
    for (const a of report.cold) out.push(`- ${a.rule} ${a.name} \`${cell(a.path)}:${a.line}\` (${pct(a.share)})`);
    out.push('', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}
