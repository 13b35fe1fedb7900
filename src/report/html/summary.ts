// The run at a glance: what ran, how long, how busy the CPU was, memory, samples, threads, GC, and
// whether the profile is partial.
import type { Profile } from '../../profile/model.js';
import { processOrigin, totalWeight } from '../../profile/query.js';
import { escapeHtml } from './escape.js';
import { formatBytes, formatCount, formatSeconds, formatShare, formatWeight } from './format.js';
import { nounFor } from '../../plural.js';

export function renderSummary(profile: Profile, shares?: 'wall' | 'cpu'): string {
  const m = profile.meta;
  const totals = totalWeight(profile);
  const wall = m.wallTime ?? (profile.unit === 'seconds' ? totals.wall : undefined);
  const cpu = m.cpuTime ?? (profile.unit === 'seconds' && profile.hasCpu ? totals.cpu : undefined);
  const items: [string, string][] = [];
  if (wall !== undefined) items.push(['Wall time', formatSeconds(wall)]);
  else items.push(['Profiled weight', formatWeight(totals.wall, profile.unit)]);
  if (cpu !== undefined) items.push(['CPU time', formatSeconds(cpu)]);
  if (wall !== undefined && cpu !== undefined && wall > 0) items.push(['CPU / wall', formatShare(cpu / wall)]);
  if (m.peakRss !== undefined) items.push(['Peak RSS', formatBytes(m.peakRss)]);
  const samples = m.samples ?? (totals.samples > 0 ? totals.samples : undefined);
  if (samples !== undefined) items.push(['Samples', formatCount(samples)]);
  if (m.threads !== undefined) items.push(['Threads', formatCount(m.threads)]);
  if (m.gc) {
    const collections = m.gc.collections.reduce((a, b) => a + b, 0);
    items.push(['GC', `${formatSeconds(m.gc.time)} in ${formatCount(collections)} collections`]);
  }
  if (m.mode) items.push(['Mode', m.rate ? `${m.mode}, ${formatCount(m.rate)} Hz` : m.mode]);
  if (m.python) items.push(['Python', m.python]);
  if (m.exitCode !== undefined) items.push(['Exit code', String(m.exitCode)]);
  items.push(['Profile', `${profile.format}${m.partial ? ', partial' : ''}`]);

  const command = m.command.length > 0 ? `<pre class="command">${escapeHtml(m.command.join(' '))}</pre>` : '';
  const partial = m.partial
    ? `<p class="warn"><strong>Partial profile:</strong> ${escapeHtml(m.reason ?? 'the run did not finish')}. The figures cover the part that ran.</p>`
    : '';
  const exception = m.exception
    ? `<p class="warn"><strong>The program raised</strong> <code>${escapeHtml(m.exception.type)}</code>: ${escapeHtml(m.exception.message)}</p>`
    : '';
  const folded = m.foldedSamples
    ? `<p class="warn"><strong>Deep stacks folded:</strong> ${escapeHtml(formatCount(m.foldedSamples))} ${nounFor(m.foldedSamples, 'sample')} had more than ${escapeHtml(formatCount(m.foldDepth ?? 0))} frames; their innermost frames are exact and their outer frames are one <code>&lt;folded frames&gt;</code> frame.</p>`
    : '';
  const cells = items.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join('');
  return `${command}${partial}${exception}${folded}<dl class="summary">${cells}</dl>${renderProcesses(profile, shares)}`;
}

// With child processes: one row per process, and what the shares are of. The flame graph shows
// the same processes and their threads as its two top levels.
function renderProcesses(profile: Profile, shares: 'wall' | 'cpu' | undefined): string {
  const processes = profile.meta.processes;
  if (!processes || processes.length < 2) return '';
  const rows = processes
    .map((p) => {
      const cells = [
        String(p.pid),
        processOrigin(p),
        p.command.join(' '),
        p.wallTime !== undefined ? formatSeconds(p.wallTime) : '',
        p.cpuTime !== undefined ? formatSeconds(p.cpuTime) : '',
        p.exitCode !== undefined ? String(p.exitCode) : '',
      ];
      return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('');
  const note =
    shares === 'cpu'
      ? 'Shares in this report are of the CPU time of all these processes together, which can exceed the wall time when they run in parallel.'
      : 'Shares in this report are of the wall time.';
  return `<h3>Processes</h3><p class="muted">${escapeHtml(note)}</p><table class="processes"><thead><tr><th>pid</th><th>how</th><th>command</th><th>wall</th><th>CPU</th><th>exit</th></tr></thead><tbody>${rows}</tbody></table>`;
}
