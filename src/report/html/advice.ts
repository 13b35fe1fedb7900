// The ranked advice: what to fix first, where (with the source around it), its measured share, why
// it is slow, the fix and the gain it promises; and the cold findings, listed apart.
import type { Advice } from '../../doctor/types.js';
import { escapeHtml, escapeMessage, htmlNumber } from './escape.js';
import { formatShare } from './format.js';
import type { SourceView } from './source-view.js';

const EXCERPT_CONTEXT = 2;
const MAX_EXCERPT_LINES = 12;
const MAX_EXCERPT_CHARS = 300;

export function renderAdvice(advice: Advice[], sources: Map<string, string>, view: SourceView): string {
  if (advice.length === 0) return '<p class="muted">No advice: nothing in this run holds enough of the time to be worth changing.</p>';
  return advice.map((a) => adviceCard(a, sources, view)).join('\n');
}

function adviceCard(a: Advice, sources: Map<string, string>, view: SourceView): string {
  const anchor = view.anchorOf(a.path, a.line);
  const place = `${escapeHtml(a.path)}:${htmlNumber(a.line)}`;
  const where = anchor ? `<a href="#${anchor}">${place}</a>` : place;
  const fn = a.function ? ` in <code>${escapeHtml(a.function.name)}</code>` : '';
  const tier = a.tier !== null ? ` <span class="badge">tier ${htmlNumber(a.tier)}</span>` : '';
  const scope = a.measured ? ` <span class="muted">(${escapeHtml(a.measured.scope)})</span>` : '';
  const cpu = a.cpuShare !== null
    ? `<span class="meter cpu"><span data-share="${htmlNumber(a.cpuShare)}"></span></span><span>${formatShare(a.cpuShare)} of CPU</span>`
    : '';
  const questions = a.questions && a.questions.length > 0
    ? `<ul class="questions">${a.questions.map((q) => `<li>${escapeMessage(q)}</li>`).join('')}</ul>`
    : '';
  const saving = a.expectedSaving > 0 ? ` · could save about ${formatShare(a.expectedSaving)} of the run` : '';
  const whole = speedupRange(a.speedup);
  return `<article class="card advice" id="advice-${htmlNumber(a.rank)}" data-rank="${htmlNumber(a.rank)}">
<header><span class="rank">${htmlNumber(a.rank)}</span><span class="rule">${escapeHtml(a.rule)}</span><h3>${escapeMessage(a.message)}</h3>${tier}</header>
<div class="where">${where}${fn}</div>
<div class="share"><span class="meter"><span data-share="${htmlNumber(a.share)}"></span></span><span><strong>${formatShare(a.share)}</strong> of wall time${scope}</span>${cpu}</div>
${excerpt(a, sources)}
<dl class="explain"><dt>Why</dt><dd>${escapeMessage(a.why)}${questions}</dd><dt>Fix</dt><dd>${escapeMessage(a.fix)}</dd><dt>Gain</dt><dd>${escapeHtml(a.gain)} on this code${saving}</dd>${a.weighed ? `<dt>Weighed</dt><dd class="weighed">${escapeMessage(a.weighed)}</dd>` : ''}${whole ? `<dt>Whole run</dt><dd>${whole} faster</dd>` : ''}</dl>
</article>`;
}

function excerpt(a: Advice, sources: Map<string, string>): string {
  const text = sources.get(a.path);
  if (text === undefined) {
    return a.source ? `<pre class="excerpt"><span class="target"><span class="ln">${htmlNumber(a.line)}</span>${escapeHtml(clip(a.source))}</span></pre>` : '';
  }
  const lines = text.split(/\r\n|\r|\n/);
  const endLine = Math.max(a.line, a.endLine);
  const from = Math.max(1, a.line - EXCERPT_CONTEXT);
  const to = Math.min(lines.length, endLine + EXCERPT_CONTEXT, from + MAX_EXCERPT_LINES - 1);
  if (a.line < 1 || from > to) return '';
  const width = String(to).length;
  const rows: string[] = [];
  for (let n = from; n <= to; n++) {
    const target = n >= a.line && n <= endLine;
    rows.push(`<span${target ? ' class="target"' : ''}><span class="ln">${String(n).padStart(width, ' ')}</span>${escapeHtml(clip(lines[n - 1] ?? ''))}</span>`);
  }
  return `<pre class="excerpt">${rows.join('')}</pre>`;
}

/** "1.9x-3.3x" (or "2.0x" when both ends agree); empty when the range is unknown or not a speed-up. */
function speedupRange(speedup: Advice['speedup'] | undefined): string {
  if (!speedup || !Number.isFinite(speedup.low) || !Number.isFinite(speedup.high) || speedup.high <= 1) return '';
  const x = (v: number): string => `${v >= 10 ? v.toFixed(0) : v.toFixed(1)}x`;
  return x(speedup.low) === x(speedup.high) ? x(speedup.low) : `${x(speedup.low)}-${x(speedup.high)}`;
}

function clip(line: string): string {
  return line.length > MAX_EXCERPT_CHARS ? `${line.slice(0, MAX_EXCERPT_CHARS)}…` : line;
}

/** Findings in code too cold to matter now, each with the share that makes it cold. */
export function renderCold(cold: Advice[], view: SourceView): string {
  const rows = cold.map((a) => {
    const anchor = view.anchorOf(a.path, a.line);
    const place = `${escapeHtml(a.path)}:${htmlNumber(a.line)}`;
    return `<tr><td><span class="rule">${escapeHtml(a.rule)}</span></td><td>${anchor ? `<a href="#${anchor}">${place}</a>` : place}</td><td>${escapeMessage(a.message)}</td><td class="num">${formatShare(a.share)}</td></tr>`;
  });
  return `<p class="muted">These findings are real but their code holds too little of the run to be worth changing now.</p>
<table class="data" id="advice-cold"><thead><tr><th>rule</th><th>where</th><th>finding</th><th class="num">wall</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
