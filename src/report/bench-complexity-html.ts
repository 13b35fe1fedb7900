// `hotspy complexity --html`: a standalone page with an SVG chart (log-log axes) of the
// measured times and the fitted curve. Every name from the user's code is escaped.
import type { ComplexityRun } from '../bench/complexity/run.js';
import { formatSeconds, sig } from './bench-format.js';
import { chartData, logPosition } from './bench-complexity-chart.js';

const W = 640;
const H = 360;
const PAD = { left: 80, right: 20, top: 20, bottom: 50 };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderComplexitySvg(run: ComplexityRun): string {
  const data = chartData(run, 120);
  const x = (n: number) => PAD.left + logPosition(n, data.nRange) * (W - PAD.left - PAD.right);
  const y = (t: number) => H - PAD.bottom - logPosition(t, data.tRange) * (H - PAD.top - PAD.bottom);
  const path = data.curve.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.n).toFixed(1)},${y(p.time).toFixed(1)}`).join(' ');
  const dots = data.points
    .map((p) => `<circle cx="${x(p.n).toFixed(1)}" cy="${y(p.time).toFixed(1)}" r="4" fill="#d1495b"><title>n = ${p.n}: ${escapeHtml(formatSeconds(p.time))}</title></circle>`)
    .join('');
  const label = escapeHtml(data.fit ? `fitted ${data.fit.class}` : 'no fit');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#333"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" stroke="#333"/>`,
    `<text x="${PAD.left}" y="${H - PAD.bottom + 18}">${data.nRange[0]}</text>`,
    `<text x="${W - PAD.right}" y="${H - PAD.bottom + 18}" text-anchor="end">${data.nRange[1]}</text>`,
    `<text x="${(W + PAD.left) / 2}" y="${H - 10}" text-anchor="middle">n (log scale)</text>`,
    `<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end">${escapeHtml(formatSeconds(data.tRange[1]))}</text>`,
    `<text x="${PAD.left - 6}" y="${H - PAD.bottom}" text-anchor="end">${escapeHtml(formatSeconds(data.tRange[0]))}</text>`,
    path ? `<path d="${path}" fill="none" stroke="#00798c" stroke-width="2"/>` : '',
    dots,
    `<text x="${W - PAD.right}" y="${PAD.top + 4}" text-anchor="end" fill="#00798c">${label}</text>`,
    '</svg>',
  ].join('\n');
}

export function renderComplexityHtml(run: ComplexityRun): string {
  const rows = [...run.fits]
    .sort((a, b) => a.bic - b.bic)
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.class)}</td><td>${f.r2.toFixed(3)}</td><td>${sig(f.rmse * 100)} %</td>` +
        `<td>${f.bic.toFixed(1)}</td><td>${escapeHtml(f.rejected ?? '')}</td></tr>`,
    )
    .join('\n');
  const verdict = run.best === 'inconclusive' ? `inconclusive (${run.candidates.join(', ')})` : run.best;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hotspy complexity: ${escapeHtml(run.func)}</title>
<style>body{font-family:sans-serif;max-width:720px;margin:2em auto}td,th{padding:2px 10px;text-align:left}</style></head>
<body>
<h1>${escapeHtml(run.func)}: ${escapeHtml(verdict)}</h1>
<p>inputs from <code>${escapeHtml(run.gen)}</code>; median of the repeats at each size; log-log axes</p>
${renderComplexitySvg(run)}
<table><tr><th>class</th><th>R²</th><th>relative RMSE</th><th>BIC</th><th>note</th></tr>
${rows}
</table>
${run.warnings.map((w) => `<p>warning: ${escapeHtml(w)}</p>`).join('\n')}
</body></html>
`;
}
