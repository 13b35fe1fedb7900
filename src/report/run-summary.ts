// The one-line summary of a `hotspy run`, shared by the text and markdown reports.
import type { DoctorReport } from '../doctor/types.js';
import { percent as pct } from '../doctor/advise.js';
import { formatBytes, formatSeconds, samplingStoppedNote } from './profile-text.js';
import { nounFor, plural } from '../plural.js';

export function runSummary(report: DoctorReport): string {
  const m = report.meta;
  const parts: string[] = [];
  const command = m.command.length > 0 ? m.command.join(' ') : '(unknown command)';
  if (m.wallTime !== undefined) {
    let timing = `ran ${formatSeconds(m.wallTime)}`;
    if (m.cpuTime !== undefined && m.wallTime > 0) timing += ` (CPU ${formatSeconds(m.cpuTime)}, ${Math.round((m.cpuTime / m.wallTime) * 100)} % busy)`;
    // on a loaded machine a busy program gets little CPU: say so, or the ratio reads as waiting
    if (m.runQueueTime !== undefined && m.runQueueTime > 0.2 * m.wallTime) timing += `, ${formatSeconds(m.runQueueTime)} queued for a CPU (the machine was busy)`;
    parts.push(timing);
  }
  if (m.samples) parts.push(`${m.samples.toLocaleString('en-US')} ${nounFor(m.samples, 'sample')}`);
  if (m.peakRss) parts.push(`peak RSS ${formatBytes(m.peakRss)}`);
  if (m.exitCode !== undefined) parts.push(`exit ${m.exitCode}${m.partial ? ', partial profile' : ''}`);
  const n = report.findings.filter((f) => f.rule !== 'HS000').length;
  const stopped = samplingStoppedNote(m);
  if (stopped) parts.push(stopped);
  parts.push(`${plural(report.files.length, 'file')} checked, ${plural(n, 'finding')}`);
  return `${command}: ${parts.join('; ')}`;
}

/** With child processes: how many, and what the shares are of (one line, or nothing). */
export function processesNote(report: DoctorReport): string | undefined {
  const processes = report.meta.processes;
  if (!processes || processes.length < 2) return undefined;
  const children = processes.length - 1;
  const what = `${processes.length} processes (the program and ${children} child${children === 1 ? '' : 'ren'})`;
  if (report.shares !== 'cpu') return `${what}; shares are of the program's wall time`;
  const cpu = report.meta.cpuTime;
  return `${what}: shares are of the CPU time of all of them together${cpu !== undefined ? ` (${formatSeconds(cpu)})` : ''}, which can exceed the wall time when they run in parallel`;
}

/** The share of one piece of advice: of the run's wall time, or of all processes' CPU time. */
export function shareLabel(report: DoctorReport, share: number): string {
  return report.shares === 'cpu' ? `${pct(share)} of the CPU time` : `${pct(share)} of the run`;
}

/** Shares are written the same way in the advice messages and in every report. */
export { percent as pct } from '../doctor/advise.js';
