// Row text shared by the gate's terminal and markdown reports.
import type { GateRow } from '../bench/gate/decide.js';
import type { GateRun } from '../bench/gate/run-gate.js';
import { formatPercent, formatValue } from './bench-format.js';
import { plural } from '../plural.js';

export function changeText(row: GateRow): string {
  if (row.ratio === undefined || !row.ci95) return '';
  const sign = (x: number) => (x >= 0 ? '+' : '') + formatPercent(x);
  const raw = row.normalised && row.rawRatio !== undefined ? `, as measured ${sign(row.rawRatio - 1)}` : '';
  return `${sign(row.ratio - 1)} (95 % CI ${sign(row.ci95.low - 1)} .. ${sign(row.ci95.high - 1)}${raw})`;
}

/** How fast the machine ran compared with the baseline's run, and whether changes were normalised. */
export function calibrationText(run: GateRun): string | undefined {
  if (run.mode !== 'baseline') return undefined;
  const c = run.calibration;
  if (!c) return 'changes not normalised for machine drift (--no-calibrate)';
  if (c.applied && c.speed !== undefined) {
    return `machine speed vs baseline: ${c.speed.toFixed(2)}x (built-in reference workload), changes normalised`;
  }
  return 'changes not normalised for machine drift (see the warnings)';
}

export function verdictText(row: GateRow): string {
  const words: Record<GateRow['status'], string> = {
    regressed: 'REGRESSED',
    improved: 'improved',
    unchanged: 'ok',
    new: 'new',
    missing: 'missing',
    failed: 'FAILED',
  };
  return words[row.status];
}

export function valueText(v: number | undefined, unit: GateRow['unit']): string {
  return v === undefined ? '' : formatValue(v, unit);
}

export function headline(run: GateRun): string {
  const threshold = formatPercent(run.threshold);
  if (run.mode === 'baseline-written') return `wrote the baseline ${run.baselinePath} (${plural(run.rows.filter((r) => r.status === 'new').length, 'benchmark')})`;
  const regressed = run.rows.filter((r) => r.status === 'regressed').length;
  const failed = run.rows.filter((r) => r.status === 'failed').length;
  const against = run.mode === 'against' ? `${run.against} (interleaved in this job)` : `the baseline ${run.baselinePath}`;
  if (regressed === 0 && failed === 0) return `gate passed: no benchmark is slower than ${against} by more than ${threshold}`;
  const parts = [regressed > 0 ? `${plural(regressed, 'benchmark')} slower than ${against} by more than ${threshold}` : '', failed > 0 ? `${failed} failed` : ''];
  return `gate failed: ${parts.filter(Boolean).join(', ')}`;
}

export function methodNote(run: GateRun): string {
  const what = run.settings.measure === 'instructions' ? 'instructions per call (callgrind, PYTHONHASHSEED=0)' : `${run.settings.clock} seconds per call`;
  return (
    `${what}; fails when the change exceeds ${formatPercent(run.threshold)} and its whole 95 % interval lies past it; ` +
    `${run.settings.measure === 'instructions' ? plural(run.settings.processes, 'callgrind run pair') : `${plural(run.settings.processes, 'process', 'processes')} x ${plural(run.settings.values, 'value')}`}; python ${run.environment.python.version}, hotspy ${run.environment.hotspy}`
  );
}
