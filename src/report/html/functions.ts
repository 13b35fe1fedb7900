// The heaviest functions, the view every guide starts from and the only one a call-graph profile
// (cProfile) has; and the top allocation sites when the profile has memory statistics.
import type { Profile } from '../../profile/model.js';
import { topFunctions, totalWeight } from '../../profile/query.js';
import { escapeHtml } from './escape.js';
import { formatBytes, formatCount, formatShare, formatWeight, shareOf } from './format.js';

const TOP_FUNCTIONS = 20;
const TOP_ALLOCATIONS = 10;

export function renderTopFunctions(profile: Profile): string {
  const totals = totalWeight(profile);
  const fns = topFunctions(profile, 'self', TOP_FUNCTIONS);
  if (fns.length === 0) return '<p class="muted">No function carries any weight in this profile.</p>';
  const calls = fns.some((f) => f.calls !== null);
  const cpu = profile.hasCpu;
  const head = `<tr><th>function</th><th>where</th><th class="num">self wall</th><th class="num">total wall</th>${cpu ? '<th class="num">self CPU</th><th class="num">total CPU</th>' : ''}${calls ? '<th class="num">calls</th>' : ''}</tr>`;
  const rows = fns.map((f) => {
    const frame = profile.frames[f.frame]!;
    const where = frame.file ? `${frame.file}${frame.line > 0 ? `:${frame.line}` : ''}` : '';
    const cell = (w: number, whole: number): string => `<td class="num" title="${escapeHtml(formatWeight(w, profile.unit))}">${formatShare(shareOf(w, whole))}</td>`;
    return `<tr><td><code>${escapeHtml(frame.name)}</code></td><td class="mono">${escapeHtml(where)}</td>${cell(f.selfWall, totals.wall)}${cell(f.totalWall, totals.wall)}${cpu ? cell(f.selfCpu, totals.cpu) + cell(f.totalCpu, totals.cpu) : ''}${calls ? `<td class="num">${f.calls === null ? '' : formatCount(f.calls)}</td>` : ''}</tr>`;
  });
  return `<table class="data" id="top-functions"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderMemory(profile: Profile): string {
  const memory = profile.memory;
  if (!memory || (memory.top.length === 0 && memory.peakTraced === null)) return '';
  const peak = memory.peakTraced !== null ? `<p>Peak traced memory: <strong>${formatBytes(memory.peakTraced)}</strong></p>` : '';
  const rows = [...memory.top]
    .sort((a, b) => b.size - a.size)
    .slice(0, TOP_ALLOCATIONS)
    .map((l) => `<tr><td class="mono">${escapeHtml(l.file)}:${l.line}</td><td class="num">${formatBytes(l.size)}</td><td class="num">${formatCount(l.count)}</td></tr>`);
  const resident = memory.mode === 'resident';
  const head = resident
    ? '<tr><th>running at</th><th class="num">resident growth</th><th class="num">samples</th></tr>'
    : '<tr><th>allocated at</th><th class="num">size</th><th class="num">blocks</th></tr>';
  const note = resident
    ? '<p class="muted">Resident memory the process grew by between two samples, charged to the line running at the second one: statistical, like the time. <code>--memory-mode exact</code> traces every allocation.</p>'
    : '';
  const table = rows.length > 0 ? `${note}<table class="data"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>` : '';
  return `${peak}${table}`;
}
