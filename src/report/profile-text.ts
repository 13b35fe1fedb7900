// The text report of a profile (`hotspy profile`, `hotspy report`): run summary, top functions by
// self and by total time, and the hottest lines with their source. Pure apart from the injected
// `readSource`, whose default reads the file from disk.
import { statSync } from 'node:fs';
import { readSourceText } from '../check/decode.js';
import { createColors } from 'picocolors';
import type { FunctionStats, LineStats, Profile, WeightUnit } from '../profile/model.js';
import { frameLabel, hasCallCounts, hottestLines, processOrigin, topFunctions, totalWeight } from '../profile/query.js';
import { nounFor } from '../plural.js';

export interface ProfileTextOptions {
  color: boolean;
  /** Rows per table (default 10). */
  top?: number;
  /** Source of a file for the hottest-lines table; undefined when unreadable. */
  readSource?: (file: string) => string | undefined;
}

type Colors = ReturnType<typeof createColors>;

const MAX_SOURCE_BYTES = 5 * 1024 * 1024;

const SOURCE_NAMES: Record<Profile['format'], string> = {
  hotspy: '(hotspy profile)',
  cprofile: '(cProfile .prof file)',
  speedscope: '(speedscope file)',
  collapsed: '(collapsed stacks)',
  pprof: '(pprof profile)',
};

export function renderProfileText(profile: Profile, options: ProfileTextOptions): string {
  const c = createColors(options.color);
  const top = Math.max(1, options.top ?? 10);
  const sourceOf = cachedSource(options.readSource ?? readSourceFromDisk);
  const out: string[] = [];
  out.push(...summary(profile, c), '');
  const trace = hasCallCounts(profile);
  for (const extent of ['self', 'total'] as const) {
    const rows = topFunctions(profile, extent, top);
    out.push(c.bold(`Top functions by ${extent} ${profile.unit === 'seconds' ? 'time' : weightName(profile.unit)}`));
    if (rows.length === 0) out.push(c.dim('  (no functions)'));
    else out.push(...(trace ? traceTable(profile, rows, c) : sampleTable(profile, rows, extent, c)));
    out.push('');
  }
  const lines = hottestLines(profile, top);
  out.push(c.bold('Hottest lines'));
  if (lines.length === 0) out.push(c.dim(trace ? '  (no line data: deterministic profiles time functions, not lines)' : '  (no line data)'));
  else out.push(...lineTable(profile, lines, sourceOf, c));
  return `${out.join('\n')}\n`;
}

/** Why a sampled profile ends early although the program ran on: it took SIGALRM for itself. */
export function samplingStoppedNote(m: Profile['meta']): string | undefined {
  const s = m.samplingStopped;
  if (!s) return undefined;
  return `sampling stopped at ${formatSeconds(s.time)}: the program took SIGALRM (${s.call}), which sample mode uses; use --mode trace to see the rest`;
}

function summary(profile: Profile, c: Colors): string[] {
  const m = profile.meta;
  const title = m.command.length > 0 ? oneLine(m.command.join(' ')) : SOURCE_NAMES[profile.format];
  const facts: string[] = [];
  if (m.mode) facts.push(`mode ${m.mode}${m.mode === 'sample' && m.rate ? ` (${formatCount(m.rate)} Hz)` : ''}`);
  if (m.python) facts.push(`Python ${m.python}`);
  if (m.exitCode !== undefined) facts.push(`exit code ${m.exitCode}`);
  const status = m.partial ? c.yellow(`partial${m.reason ? ` (${m.reason})` : ''}`) : 'complete';
  const lines = [`${c.bold('Profile')} ${title}`, `  ${[...facts, status].join(' · ')}`];

  const totals = totalWeight(profile);
  const wall = m.wallTime ?? (profile.unit === 'seconds' ? totals.wall : undefined);
  const cpu = m.cpuTime ?? (profile.unit === 'seconds' && profile.hasCpu ? totals.cpu : undefined);
  const numbers: string[] = [];
  if (wall !== undefined) numbers.push(`wall ${formatSeconds(wall)}`);
  if (cpu !== undefined) numbers.push(`CPU ${formatSeconds(cpu)}`);
  if (wall !== undefined && cpu !== undefined && wall > 0) numbers.push(`CPU/wall ${(cpu / wall).toFixed(2)}`);
  if (profile.unit !== 'seconds') numbers.push(`total ${formatWeight(totals.wall, profile.unit)}`);
  if (m.peakRss !== undefined) numbers.push(`peak RSS ${formatBytes(m.peakRss)}`);
  const samples = m.samples ?? (totals.samples > 0 ? totals.samples : undefined);
  if (samples !== undefined) numbers.push(`samples ${formatCount(samples)}`);
  if (m.threads !== undefined) numbers.push(`threads ${m.threads}`);
  if (m.gc) numbers.push(`GC ${formatSeconds(m.gc.time)} (${formatCount(m.gc.collections.reduce((a, b) => a + b, 0))} collections)`);
  if (numbers.length > 0) lines.push(`  ${numbers.join('   ')}`);
  if (m.exception) lines.push(`  ${c.red(`died of ${m.exception.type}: ${oneLine(m.exception.message)}`)}`);
  lines.push(...processLines(profile));
  lines.push(...memoryLines(profile));
  if (m.foldedSamples) {
    lines.push(`  ${c.yellow(`${formatCount(m.foldedSamples)} of ${formatCount(samples ?? m.foldedSamples)} ${nounFor(samples ?? m.foldedSamples, 'sample')} had stacks deeper than ${formatCount(m.foldDepth ?? 0)} frames: their outer frames are folded into <folded frames>`)}`);
  }
  const stopped = samplingStoppedNote(m);
  if (stopped) lines.push(`  ${c.yellow(stopped)}`);
  return lines;
}

const MEMORY_LINES = 3;

function memoryLines(profile: Profile): string[] {
  const memory = profile.memory;
  if (!memory) return [];
  const out: string[] = [];
  if (memory.peakTraced) out.push(`  peak traced memory ${formatBytes(memory.peakTraced)}`);
  const top = [...memory.top].sort((a, b) => b.size - a.size).slice(0, MEMORY_LINES);
  if (top.length > 0) {
    const label = memory.mode === 'resident' ? 'resident memory grew most while running' : 'most memory allocated at';
    out.push(`  ${label} ${top.map((l) => `${displayPath(profile, l.file)}:${l.line} (${formatBytes(l.size)})`).join(', ')}`);
  }
  return out;
}

function sampleTable(profile: Profile, rows: FunctionStats[], extent: 'self' | 'total', c: Colors): string[] {
  const totals = totalWeight(profile);
  const cpuColumns = profile.hasCpu && profile.unit === 'seconds';
  const header = [pad(extent === 'self' ? 'self' : 'total', 10), pad('%', 6), ...(cpuColumns ? [pad('CPU', 10), pad('%', 6)] : []), 'function'];
  const table = [c.dim(`  ${header.join(' ')}`)];
  for (const f of rows) {
    const wall = extent === 'self' ? f.selfWall : f.totalWall;
    const cpu = extent === 'self' ? f.selfCpu : f.totalCpu;
    const cells = [pad(formatWeight(wall, profile.unit), 10), pad(percent(wall, totals.wall), 6)];
    if (cpuColumns) cells.push(pad(formatSeconds(cpu), 10), pad(percent(cpu, totals.cpu), 6));
    table.push(`  ${cells.join(' ')} ${describeFunction(profile, f, c)}`);
  }
  return table;
}

// pstats-like: ncalls as "total/primitive" when they differ, tottime, cumtime, percentages.
function traceTable(profile: Profile, rows: FunctionStats[], c: Colors): string[] {
  const total = totalWeight(profile).wall;
  const header = [pad('calls', 13), pad('self', 10), pad('%', 6), pad('total', 10), pad('%', 6), pad('per call', 10), 'function'];
  const table = [c.dim(`  ${header.join(' ')}`)];
  for (const f of rows) {
    const calls = f.calls ?? 0;
    const prim = f.primitiveCalls ?? calls;
    const callText = calls === prim ? formatCount(calls) : `${formatCount(calls)}/${formatCount(prim)}`;
    const cells = [
      pad(callText, 13),
      pad(formatSeconds(f.selfWall), 10),
      pad(percent(f.selfWall, total), 6),
      pad(formatSeconds(f.totalWall), 10),
      pad(percent(f.totalWall, total), 6),
      pad(prim > 0 ? formatSeconds(f.totalWall / prim) : '-', 10),
    ];
    table.push(`  ${cells.join(' ')} ${describeFunction(profile, f, c)}`);
  }
  return table;
}

function lineTable(profile: Profile, rows: LineStats[], sourceOf: (file: string) => string[] | undefined, c: Colors): string[] {
  const totals = totalWeight(profile);
  const cpuColumns = profile.hasCpu && profile.unit === 'seconds';
  // native: of the line's own time, the seconds inside one long C call (the rest is the interpreter's)
  const nativeColumn = profile.hasNative === true && profile.unit === 'seconds';
  const header = [pad('self', 10), pad('%', 6), ...(cpuColumns ? [pad('CPU', 10)] : []), ...(nativeColumn ? [pad('native', 10)] : []), pad('incl.', 10), 'line'];
  const table = [c.dim(`  ${header.join(' ')}`)];
  for (const l of rows) {
    const cells = [pad(formatWeight(l.selfWall, profile.unit), 10), pad(percent(l.selfWall, totals.wall), 6)];
    if (cpuColumns) cells.push(pad(formatSeconds(l.selfCpu), 10));
    if (nativeColumn) cells.push(pad(formatSeconds(l.selfNative ?? 0), 10));
    cells.push(pad(formatWeight(l.totalWall, profile.unit), 10));
    table.push(`  ${cells.join(' ')} ${c.cyan(`${displayPath(profile, l.file)}:${l.line}`)}`);
    const text = sourceOf(l.file)?.[l.line - 1];
    if (text !== undefined && text.trim() !== '') table.push(`  ${' '.repeat(cells.join(' ').length)} ${c.dim('│')} ${clip(text.trim(), 100)}`);
  }
  return table;
}

function describeFunction(profile: Profile, f: FunctionStats, c: Colors): string {
  const frame = profile.frames[f.frame]!;
  if (!frame.file || frame.file === '~') return c.bold(oneLine(frame.name));
  const where = frame.line > 0 ? `${displayPath(profile, frame.file)}:${frame.line}` : displayPath(profile, frame.file);
  return `${c.bold(oneLine(frame.name))} ${c.dim(where)}`;
}

function displayPath(profile: Profile, file: string): string {
  const cwd = profile.meta.cwd;
  if (cwd && file.startsWith(`${cwd.replace(/\/$/, '')}/`)) return oneLine(file.slice(cwd.replace(/\/$/, '').length + 1));
  return oneLine(file);
}

function cachedSource(read: (file: string) => string | undefined): (file: string) => string[] | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      let text: string | undefined;
      try {
        text = read(file);
      } catch {
        text = undefined;
      }
      cache.set(file, text?.split(/\r?\n/));
    }
    return cache.get(file);
  };
}

function readSourceFromDisk(file: string): string | undefined {
  // Frames like "<frozen importlib._bootstrap>", "<string>" and "~" (built-ins) are not files.
  if (!file || file.startsWith('<') || file === '~') return undefined;
  try {
    if (statSync(file).size > MAX_SOURCE_BYTES) return undefined;
    return readSourceText(file);
  } catch {
    return undefined;
  }
}

function weightName(unit: WeightUnit): string {
  return unit === 'bytes' ? 'bytes' : 'samples';
}

export function formatWeight(value: number, unit: WeightUnit): string {
  if (unit === 'seconds') return formatSeconds(value);
  if (unit === 'bytes') return formatBytes(value);
  return formatCount(value);
}

export function formatSeconds(s: number): string {
  if (s >= 100) return `${s.toFixed(0)} s`;
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 0.001) return `${(s * 1e3).toFixed(1)} ms`;
  if (s > 0) return `${(s * 1e6).toFixed(1)} µs`;
  return '0 s';
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return i === 0 ? `${value} B` : `${value.toFixed(1)} ${units[i]}`;
}

function formatCount(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2);
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}

function pad(text: string, width: number): string {
  return text.padStart(width);
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

// Names and paths come from untrusted profiles: keep each on one line, without control characters.
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

// With child processes: one line each; CPU above is all of them together, wall the program's.
function processLines(profile: Profile): string[] {
  const processes = profile.meta.processes;
  if (!processes || processes.length < 2) return [];
  const lines = [`  ${processes.length} processes (CPU above is all of them together, wall the program's):`];
  for (const p of processes) {
    const figures = [p.wallTime !== undefined ? `wall ${formatSeconds(p.wallTime)}` : '', p.cpuTime !== undefined ? `CPU ${formatSeconds(p.cpuTime)}` : '', p.exitCode !== undefined ? `exit ${p.exitCode}` : '']
      .filter(Boolean)
      .join('  ');
    lines.push(`    process ${p.pid} (${processOrigin(p)}) ${oneLine(p.command.join(' '))}   ${figures}`);
  }
  return lines;
}
