// Runtime diagnoses (I/O bound, GIL contention, GC pressure, ...), each with the figures that
// triggered it.
import type { Diagnosis } from '../../doctor/types.js';
import { escapeHtml, escapeMessage } from './escape.js';

export function renderDiagnoses(diagnoses: Diagnosis[]): string {
  if (diagnoses.length === 0) return '<p class="muted">No runtime diagnosis: the run looks CPU-bound in Python code, so the advice above applies.</p>';
  return [...diagnoses]
    .sort((a, b) => a.priority - b.priority)
    .map((d) => {
      const figures = Object.entries(d.figures)
        .map(([k, v]) => `<span><span class="muted">${escapeHtml(k)}</span> ${escapeHtml(typeof v === 'number' ? formatFigure(v) : v)}</span>`)
        .join('');
      return `<article class="card diag" data-code="${escapeHtml(d.code)}">
<header><span class="rule">${escapeHtml(d.code)}</span><h3>${escapeHtml(d.name)}</h3></header>
<p>${escapeMessage(d.message)}</p>
<dl class="explain"><dt>What to do</dt><dd>${escapeMessage(d.advice)}</dd></dl>
${figures ? `<div class="figures">${figures}</div>` : ''}
</article>`;
    })
    .join('\n');
}

function formatFigure(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}
