// The HTML report: one self-contained file (inline CSS and JS, no fetch of any kind, a CSP that
// only lets our own inline script and style run) with the summary, the ranked advice, a canvas
// flame graph, the source view with per-line heat, the diagnoses and the cold findings.
// Every name and line from the profile or the code is untrusted: HTML built here is escaped,
// the flame graph's data travels as escaped JSON, and the page's script only sets textContent.
import { createHash } from 'node:crypto';
import type { DoctorReport } from '../../doctor/types.js';
import type { Profile } from '../../profile/model.js';
import { renderAdvice, renderCold } from './advice.js';
import { renderDiagnoses } from './diagnoses.js';
import { encodeFlame, type FlameData } from './encode.js';
import { escapeHtml, scriptJson } from './escape.js';
import { formatShare } from './format.js';
import { renderMemory, renderTopFunctions } from './functions.js';
import { PAGE_CSS } from './page.css.js';
import { PAGE_JS } from './page.js.js';
import { renderSourceView } from './source-view.js';

export { sourceFilesWanted } from './source-view.js';
import { renderSummary } from './summary.js';

export interface HtmlReportInput {
  profile: Profile;
  /** The doctor's advice; without it the page is a plain profile report. */
  report?: DoctorReport;
  /** Source text by path, as paths appear in the profile and the report. */
  sources: Map<string, string>;
  title?: string;
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const { profile, report, sources } = input;
  const title = input.title ?? (profile.meta.command.length > 0 ? `hotspy: ${profile.meta.command.join(' ')}` : 'hotspy profile report');
  const flame = encodeFlame(profile);
  const view = renderSourceView(profile, report, sources);

  const sections: { id: string; title: string; html: string }[] = [{ id: 'summary', title: 'Summary', html: renderSummary(profile, report?.shares) }];
  if (report) {
    sections.push({ id: 'advice', title: 'What to fix first', html: renderAdvice(report.advice, sources, view) });
    sections.push({ id: 'diagnoses', title: 'Diagnoses', html: renderDiagnoses(report.diagnoses) });
  }
  sections.push({ id: 'flame-section', title: 'Flame graph', html: renderFlameSection(flame) });
  sections.push({ id: 'source', title: 'Source', html: view.html });
  sections.push({ id: 'functions', title: 'Top functions', html: renderTopFunctions(profile) });
  const memory = renderMemory(profile);
  if (memory) sections.push({ id: 'memory', title: 'Memory', html: memory });
  if (report && report.cold.length > 0) sections.push({ id: 'cold', title: 'Not worth it now', html: renderCold(report.cold, view) });

  const toc = sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('');
  const body = sections.map((s) => `<section id="${s.id}"><h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(PAGE_JS)}'`,
    `style-src '${sha256(PAGE_CSS)}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<nav class="toc">${toc}</nav>
${body}
</main>
<div id="flame-tip" class="tip" hidden></div>
<script type="application/json" id="hotspy-data">${scriptJson({ version: 1, flame })}</script>
<script>${PAGE_JS}</script>
</body>
</html>
`;
}

function renderFlameSection(flame: FlameData | null): string {
  if (!flame) {
    return '<p class="muted">This profile has no stacks (a call-graph profile such as cProfile output), so there is no flame graph; the functions below show where the time went. Profile in sample mode for a flame graph.</p>';
  }
  const folded = flame.folded > 0
    ? `<p class="muted">${flame.folded.toLocaleString('en-US')} call paths below ${formatShare(flame.foldedBelow)} of the run (or deeper than the drawing depth) are folded into their callers.</p>`
    : '';
  return `<div class="flame-controls">
<span role="group" aria-label="Weight"><button type="button" id="flame-wall" aria-pressed="true">Wall</button> <button type="button" id="flame-cpu" aria-pressed="false">CPU</button></span>
<button type="button" id="flame-up">Zoom out</button>
<button type="button" id="flame-reset">Reset zoom</button>
<input id="flame-search" type="search" placeholder="Search functions and files" aria-label="Search functions and files" autocomplete="off">
<span id="flame-matches" class="muted"></span>
</div>
<div id="flame-path" class="crumbs"></div>
<div id="flame-scroll" class="flame-scroll"><canvas id="flame" aria-label="Flame graph: callers on top, width is time"></canvas><div id="flame-spacer"></div></div>
<p class="muted">Callers on top, callees below; width is time. Click a frame to zoom into it, a frame above it or the path to zoom out, Esc to reset.</p>
${folded}`;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
