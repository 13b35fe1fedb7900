// Terminal rendering of `hotspy complexity`: the verdict, the fits, and a small log-log chart.
import { createColors } from 'picocolors';
import type { ComplexityRun } from '../bench/complexity/run.js';
import { formatSeconds, sig } from './bench-format.js';
import { renderTable } from './bench-text.js';
import { chartData, logPosition } from './bench-complexity-chart.js';

const WIDTH = 56;
const HEIGHT = 14;

export function renderComplexityText(run: ComplexityRun, options: { color: boolean } = { color: false }): string {
  const pc = createColors(options.color);
  const lines: string[] = [];
  const chosen = run.fits.find((f) => f.class === run.best);
  if (run.best === 'inconclusive') {
    lines.push(pc.bold(`${run.func}: inconclusive`) + ` (cannot tell ${run.candidates.join(', ') || 'any class'} apart)`);
  } else if (chosen) {
    const coefficient = chosen.coefficient === null ? 'b' : formatSeconds(chosen.coefficient);
    const term = chosen.class === 'O(1)' ? '' : ` + ${coefficient} * ${growthTerm(chosen.class)}`;
    lines.push(pc.bold(`${run.func}: ${run.best}`) + `   t(n) ~ ${formatSeconds(chosen.intercept)}${term}`);
    lines.push(
      `fit: R^2 ${chosen.r2.toFixed(3)}, relative RMSE ${sig(chosen.rmse * 100)} %; runner-up ${run.runnerUp ?? 'none'}` +
        (run.evidence === null ? '' : ` (BIC +${run.evidence.toFixed(1)})`) +
        `; log-log slope of the data ${run.dataSlope.toFixed(2)}`,
    );
  }
  lines.push('', ...chart(run), '');
  const rows = [['class', 'R^2', 'rel. RMSE', 'BIC', 'slope', 'note']];
  for (const f of [...run.fits].sort((a, b) => a.bic - b.bic)) {
    rows.push([f.class, f.r2.toFixed(3), `${sig(f.rmse * 100)} %`, f.bic.toFixed(1), f.slope.toFixed(2), f.rejected ?? '']);
  }
  lines.push(renderTable(rows, ['l', 'r', 'r', 'r', 'r', 'l']));
  for (const w of run.warnings) lines.push(pc.yellow(`warning: ${w}`));
  return lines.join('\n') + '\n';
}

function growthTerm(name: string): string {
  return name.slice(2, -1);
}

function chart(run: ComplexityRun): string[] {
  const data = chartData(run, WIDTH);
  const grid = Array.from({ length: HEIGHT }, () => new Array<string>(WIDTH).fill(' '));
  const put = (n: number, t: number, ch: string) => {
    const x = Math.round(logPosition(n, data.nRange) * (WIDTH - 1));
    const y = HEIGHT - 1 - Math.round(logPosition(t, data.tRange) * (HEIGHT - 1));
    if (grid[y]?.[x] !== undefined && (ch === '*' || grid[y]![x] === ' ')) grid[y]![x] = ch;
  };
  for (const p of data.curve) put(p.n, p.time, '.');
  for (const p of data.points) put(p.n, p.time, '*');
  const top = formatSeconds(data.tRange[1]);
  const bottom = formatSeconds(data.tRange[0]);
  const label = Math.max(top.length, bottom.length);
  const out = grid.map((row, i) => {
    const tick = i === 0 ? top : i === HEIGHT - 1 ? bottom : '';
    return `${tick.padStart(label)} |${row.join('')}`;
  });
  out.push(`${' '.repeat(label)} +${'-'.repeat(WIDTH)}`);
  const left = `n = ${data.nRange[0]}`;
  const right = `${data.nRange[1]}`;
  out.push(`${' '.repeat(label + 2)}${left}${right.padStart(WIDTH - left.length)}`);
  out.push(`${' '.repeat(label + 2)}* measured median   . fitted ${data.fit?.class ?? ''}   (log-log axes)`);
  return out;
}
