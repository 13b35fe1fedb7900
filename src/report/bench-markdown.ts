// Markdown rendering of a bench run, for pull requests and docs.
import type { BenchRun } from '../bench/types.js';
import { comparisonSentence, formatInterval, formatPercent, formatValue } from './bench-format.js';
import { describeFailure } from './bench-text.js';

export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderBenchMarkdown(run: BenchRun): string {
  const lines = [
    '| benchmark | median | mean | stdev | min | 95 % CI of median | CV |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const b of run.benchmarks) {
    const s = b.summary;
    if (b.status !== 'ok' || !s) {
      lines.push(`| \`${escapeCell(b.name)}\` | failed | | | | | |`);
      continue;
    }
    lines.push(
      `| \`${escapeCell(b.name)}\` | ${formatValue(s.median, b.unit)} | ${formatValue(s.mean, b.unit)} | ` +
        `${formatValue(s.stdev, b.unit)} | ${formatValue(s.min, b.unit)} | ${formatInterval(s.ci95, b.unit)} | ${formatPercent(s.cv)} |`,
    );
  }
  if (run.comparisons.length > 0) lines.push('');
  for (const c of run.comparisons) lines.push(`- ${escapeCell(comparisonSentence(c))}`);
  const notes = run.benchmarks.flatMap((b) => [
    ...(b.failure ? [`- **error** \`${escapeCell(b.name)}\`: ${escapeCell(describeFailure(b.failure))}`] : []),
    ...b.warnings.map((w) => `- warning \`${escapeCell(b.name)}\`: ${escapeCell(w)}`),
  ]);
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n') + '\n';
}
