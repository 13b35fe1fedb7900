// The one-line summary of a `hotspy run`, shared by the text and markdown reports.
import type { DoctorReport } from '../doctor/types.js';
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

/** Shares are written the same way in the advice messages and in every report. */
export { percent as pct } from '../doctor/advise.js';
