// The terminal report of `hotspy run`: a summary line, at most five pieces of advice, the
// diagnoses, the cold findings in one line each, and where the HTML report is.
import pc from 'picocolors';
import type { Advice, Diagnosis, DoctorReport } from '../doctor/types.js';
import { pct, processesNote, runSummary, shareLabel } from './run-summary.js';

export interface RunTextOptions {
  color: boolean;
  /** Where the HTML report was written, if it was. */
  htmlPath?: string;
  profilePath?: string;
  /** Pieces of advice shown (default 5). */
  top?: number;
}

/** Diagnoses that make CPU advice moot (I/O wait, GIL) are printed before the advice. */
const LEADING_PRIORITY = 1;

export function renderRunText(report: DoctorReport, options: RunTextOptions): string {
  const c = pc.createColors(options.color);
  const out: string[] = [];
  out.push(`${c.bold('hotspy')} ${runSummary(report)}`);
  const note = processesNote(report);
  if (note) out.push(c.dim(note));
  out.push('');

  const leading = report.diagnoses.filter((d) => d.priority <= LEADING_PRIORITY);
  const trailing = report.diagnoses.filter((d) => d.priority > LEADING_PRIORITY);
  if (leading.length > 0) {
    out.push(c.bold('First, how the program spends its time'));
    for (const d of leading) out.push(...diagnosisLines(d, c));
    out.push('');
  }

  const shown = report.advice.slice(0, options.top ?? 5);
  if (shown.length === 0) {
    out.push(report.findings.length === 0 ? 'No hot spot in your code and no finding.' : 'No finding in hot code.');
  } else {
    out.push(c.bold(leading.length > 0 ? 'Then, in the code' : 'What to fix first'));
    for (const a of shown) out.push(...adviceLines(report, a, c), '');
    if (report.advice.length > shown.length) out.push(c.dim(`(${report.advice.length - shown.length} more in --format json and the HTML report)`), '');
  }

  if (trailing.length > 0) {
    out.push(c.bold('Diagnoses'));
    for (const d of trailing) out.push(...diagnosisLines(d, c));
    out.push('');
  }

  if (report.cold.length > 0) {
    out.push(c.bold('Not worth it now') + c.dim(' (each under 5 % of the run)'));
    for (const a of report.cold.slice(0, 10)) {
      out.push(`  ${a.rule} ${a.name}  ${a.path}:${a.line}  ${pct(a.share)}`);
    }
    if (report.cold.length > 10) out.push(c.dim(`  ... and ${report.cold.length - 10} more`));
    out.push('');
  }

  if (options.htmlPath) out.push(`HTML report: ${options.htmlPath}`);
  else out.push(c.dim('Add --html report.html for the flame graph and the per-line heat view.'));
  if (options.profilePath) out.push(c.dim(`Profile: ${options.profilePath}`));
  return `${out.join('\n')}\n`;
}

type Colors = ReturnType<typeof pc.createColors>;

function adviceLines(report: DoctorReport, a: Advice, c: Colors): string[] {
  const where = `${a.path}:${a.line}${a.function && a.function.name !== '<module>' ? ` in ${a.function.name}()` : ''}`;
  const id = a.kind === 'hotspot' ? 'hot spot' : `${a.rule} ${a.name}`;
  const scope = a.measured?.own ? ` (the ${a.measured.scope}'s own time)` : a.measured?.scope === 'loop' ? ' (the whole loop)' : a.measured?.scope === 'function' ? ' (the function)' : '';
  const share = `${shareLabel(report, a.share)}${scope}`;
  const cpu = a.cpuShare !== null && report.shares !== 'cpu' ? c.dim(`, CPU ${pct(a.cpuShare)}`) : '';
  const native = a.measured?.nativeShare !== undefined ? c.dim(`; of its CPU ${pct(1 - a.measured.nativeShare)} in the interpreter, ${pct(a.measured.nativeShare)} in native calls`) : '';
  const lines = [`${c.bold(`${a.rank}.`)} ${c.yellow(id)}  ${c.bold(share)}${cpu}${native}`];
  lines.push(`   ${c.cyan(where)}`);
  if (a.source !== undefined) lines.push(`   ${c.dim(`${String(a.line).padStart(5)} |`)} ${a.source.trim()}`);
  lines.push(`   ${a.message}`);
  if (a.why) lines.push(`   ${c.dim('why:')} ${a.why}`);
  lines.push(`   ${c.green('fix:')} ${a.fix}`);
  if (a.kind === 'hotspot' && a.questions && a.questions.length > 1) {
    for (const q of a.questions.slice(1, 3)) lines.push(`   ${c.dim('or:')}  ${q}`);
  }
  const gain = a.kind === 'hotspot'
    ? `up to ~${pct(a.expectedSaving)} of the run if a cause is found`
    : `fixes of this kind give ${a.gain} on this code: the whole run ${speedupRange(a.speedup)} faster`;
  lines.push(`   ${c.dim('expected:')} ${gain}`);
  if (a.weighed) lines.push(`   ${c.dim('weighed:')} ${a.weighed}`);
  return lines;
}

function diagnosisLines(d: Diagnosis, c: Colors): string[] {
  return [`  ${c.magenta(`${d.code} ${d.name}`)}: ${d.message}`, `    ${c.green('what to do:')} ${d.advice}`];
}

export function speedupRange(s: { low: number; high: number }): string {
  const f = (x: number) => (!Number.isFinite(x) ? 'many times' : x >= 10 ? `${x.toFixed(0)}x` : `${x.toFixed(1)}x`);
  return f(s.low) === f(s.high) ? f(s.low) : `${f(s.low)}-${f(s.high)}`;
}
