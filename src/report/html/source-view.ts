import { resolve as resolvePath } from 'node:path';
// The source view: the hot files of the run, line by line, with each line's share of wall and CPU
// time as a heat colour, and the findings and advice shown under the line they are about. Long
// files show windows around the lines that matter, so the page stays small.
import type { Advice, DoctorReport } from '../../doctor/types.js';
import type { LineStats, Profile } from '../../profile/model.js';
import { lineIndex, totalWeight } from '../../profile/query.js';
import { escapeHtml, escapeMessage, htmlNumber } from './escape.js';
import { formatShare, shareOf } from './format.js';

const MAX_FILES = 12;
const MAX_HOT_FILES = 8;
const MIN_FILE_SHARE = 0.005;
/** Files up to this many lines are shown whole; longer ones in windows around interesting lines. */
const WHOLE_FILE_LINES = 400;
const CONTEXT_LINES = 6;
const MAX_SHOWN_LINES = 2000;
const MAX_LINE_CHARS = 1000;
const MAX_LINES_WITHOUT_SOURCE = 40;

/** Share of the run's wall time (self, on the line itself) from which a line is coloured. */
const HEAT_STEPS = [0.005, 0.02, 0.05, 0.15, 0.4];

export interface SourceView {
  html: string;
  /** `#id` of the row showing path:line, when the view shows it. */
  anchorOf(path: string, line: number): string | undefined;
}

interface Note {
  line: number;
  advice: boolean;
  html: string;
}

export function renderSourceView(profile: Profile, report: DoctorReport | undefined, sources: Map<string, string>): SourceView {
  const totals = totalWeight(profile);
  const stats = lineIndex(profile);
  const notes = notesByFile(report, profilePathOf(profile));
  const files = sourceFilesWanted(profile, report);
  const anchors = new Map<string, string>();
  const parts: string[] = [];
  files.forEach((path, index) => {
    const text = sources.get(path);
    const fileLines = profile.lines.filter((l) => l.file === path);
    const rows = text === undefined
      ? rowsWithoutSource(fileLines, notes.get(path) ?? [])
      : rowsWithSource(text, fileLines, notes.get(path) ?? []);
    const fileSelf = fileLines.reduce((sum, l) => sum + l.selfWall, 0);
    const hasCpu = profile.hasCpu;
    const hasNative = profile.hasNative === true;
    const columns = 4 + (hasCpu ? 1 : 0) + (hasNative ? 1 : 0);
    const body: string[] = [];
    for (const row of rows) {
      if (row.kind === 'gap') {
        body.push(`<tr class="gap"><td class="ln">…</td><td colspan="${columns - 1}">lines ${row.from}–${row.to}</td></tr>`);
        continue;
      }
      const l = stats(path, row.line);
      const selfShare = l ? shareOf(l.selfWall, totals.wall) : 0;
      const heat = heatClass(selfShare);
      const id = `src-${index}-L${row.line}`;
      anchors.set(`${path}\u0000${row.line}`, id);
      const cells = [
        `<td class="ln">${row.line}</td>`,
        `<td class="num">${l && l.selfWall > 0 ? formatShare(selfShare) : ''}</td>`,
        hasCpu ? `<td class="num">${l && l.selfCpu > 0 ? formatShare(shareOf(l.selfCpu, totals.cpu)) : ''}</td>` : '',
        `<td class="num">${l && l.totalWall > 0 ? formatShare(shareOf(l.totalWall, totals.wall)) : ''}</td>`,
        hasNative ? nativeCell(l, hasCpu) : '',
        `<td class="code">${row.code === null ? '' : escapeHtml(row.code)}</td>`,
      ];
      body.push(`<tr id="${id}" data-line="${row.line}"${heat ? ` class="heat ${heat}"` : ''}>${cells.join('')}</tr>`);
      for (const note of row.notes) body.push(`<tr class="note${note.advice ? ' advice' : ''}"><td colspan="${columns}">${note.html}</td></tr>`);
    }
    const missing = text === undefined ? ' <span class="muted">(source not available: hot lines only)</span>' : '';
    parts.push(
      `<details class="src-file" id="src-${index}"${index < 3 ? ' open' : ''}><summary>${escapeHtml(path)} <span class="muted">${formatShare(shareOf(fileSelf, totals.wall))} of wall time on its lines</span>${missing}</summary>` +
        `<table class="src" data-path="${escapeHtml(path)}"><thead><tr><th>line</th><th title="Wall time on the line itself">wall</th>${hasCpu ? '<th title="CPU time on the line itself">cpu</th>' : ''}<th title="Wall time with the calls made from the line">incl.</th>${hasNative ? '<th title="Of the line\'s CPU time with its calls, the part inside native calls (C code such as NumPy); the rest ran in the interpreter">native</th>' : ''}<th class="code">code</th></tr></thead>` +
        `<tbody>${body.join('')}</tbody></table></details>`,
    );
  });
  const html = parts.length > 0 ? parts.join('\n') : '<p class="muted">This profile has no per-line data.</p>';
  return { html, anchorOf: (path, line) => anchors.get(`${path}\u0000${line}`) };
}

/** Of the line's inclusive CPU time, the share spent inside native calls (waiting for a core is neither). */
function nativeCell(l: LineStats | undefined, hasCpu: boolean): string {
  const base = l ? (hasCpu ? l.totalCpu : l.totalWall) : 0;
  if (!l || base <= 0) return '<td class="num"></td>';
  return `<td class="num">${formatShare(Math.min(1, shareOf(l.totalNative ?? 0, base)))}</td>`;
}

function heatClass(share: number): string {
  let step = 0;
  for (const [i, min] of HEAT_STEPS.entries()) if (share >= min) step = i + 1;
  return step > 0 ? `heat-${step}` : '';
}

/**
 * The files the source view shows, so callers read only those: files with advice first (in rank
 * order), then the hottest files by time on their own lines.
 */
export function sourceFilesWanted(profile: Profile, report: DoctorReport | undefined): string[] {
  const totalWall = totalWeight(profile).wall;
  const chosen: string[] = [];
  const add = (path: string): void => {
    if (path && !chosen.includes(path) && chosen.length < MAX_FILES) chosen.push(path);
  };
  const toProfile = profilePathOf(profile);
  for (const a of report?.advice ?? []) add(toProfile(a.path));
  const byFile = new Map<string, number>();
  for (const l of profile.lines) byFile.set(l.file, (byFile.get(l.file) ?? 0) + l.selfWall);
  [...byFile.entries()]
    .filter(([, w]) => shareOf(w, totalWall) >= MIN_FILE_SHARE)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_HOT_FILES)
    .forEach(([path]) => add(path));
  return chosen;
}

/**
 * Reports show paths relative to the run's directory while profiles keep them as Python saw
 * them (usually absolute): map a report path to the profile's spelling of the same file.
 */
function profilePathOf(profile: Profile): (path: string) => string {
  const files = new Set(profile.lines.map((l) => l.file));
  const cwd = profile.meta.cwd;
  return (path) => {
    if (files.has(path) || !cwd) return path;
    const absolute = resolvePath(cwd, path);
    return files.has(absolute) ? absolute : path;
  };
}

function notesByFile(report: DoctorReport | undefined, toProfile: (path: string) => string): Map<string, Note[]> {
  const byFile = new Map<string, Note[]>();
  const push = (reportPath: string, note: Note): void => {
    const path = toProfile(reportPath);
    const list = byFile.get(path) ?? [];
    list.push({ ...note, line: Number.isSafeInteger(note.line) ? note.line : 0 });
    byFile.set(path, list);
  };
  if (!report) return byFile;
  const advised = new Set<string>();
  for (const a of [...report.advice, ...report.cold]) {
    advised.add(`${a.path}\u0000${a.line}\u0000${a.rule}`);
    push(a.path, { line: a.line, advice: true, html: adviceNote(a) });
  }
  for (const finding of report.findings) {
    if (advised.has(`${finding.path}\u0000${finding.line}\u0000${finding.rule}`)) continue;
    const share = finding.measured ? ` · ${formatShare(finding.measured.share)} of wall (${escapeHtml(finding.measured.scope)})` : '';
    const fix = finding.fix ? ` · Fix: ${escapeMessage(finding.fix.description)}` : '';
    push(finding.path, { line: finding.line, advice: false, html: `<span class="rule">${escapeHtml(finding.rule)}</span> ${escapeMessage(finding.message)}${share}${fix}` });
  }
  return byFile;
}

function adviceNote(a: Advice): string {
  const label = a.rank > 0 ? `<span class="rank">${htmlNumber(a.rank)}</span> ` : '<span class="badge">cold</span> ';
  return `${label}<span class="rule">${escapeHtml(a.rule)}</span> ${escapeMessage(a.message)} · ${formatShare(a.share)} of wall · <a class="src-link" href="#advice-${a.rank > 0 ? htmlNumber(a.rank) : 'cold'}">advice</a>`;
}

type Row = { kind: 'line'; line: number; code: string | null; notes: Note[] } | { kind: 'gap'; from: number; to: number };

function rowsWithSource(text: string, fileLines: LineStats[], notes: Note[]): Row[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const count = lines.length;
  let show: boolean[];
  if (count <= WHOLE_FILE_LINES) show = new Array<boolean>(count + 1).fill(true);
  else {
    show = new Array<boolean>(count + 1).fill(false);
    const interesting = [...fileLines.filter((l) => l.selfWall > 0 || l.totalWall > 0).sort((a, b) => b.totalWall - a.totalWall).slice(0, 200).map((l) => l.line), ...notes.map((n) => n.line)];
    for (const center of interesting) {
      for (let l = Math.max(1, center - CONTEXT_LINES); l <= Math.min(count, center + CONTEXT_LINES); l++) show[l] = true;
    }
  }
  const notesAt = groupNotes(notes);
  const rows: Row[] = [];
  let shown = 0;
  let gapFrom = 0;
  for (let line = 1; line <= count; line++) {
    if (!show[line] || shown >= MAX_SHOWN_LINES) {
      if (gapFrom === 0) gapFrom = line;
      continue;
    }
    if (gapFrom > 0) rows.push({ kind: 'gap', from: gapFrom, to: line - 1 });
    gapFrom = 0;
    const code = lines[line - 1]!;
    rows.push({ kind: 'line', line, code: code.length > MAX_LINE_CHARS ? `${code.slice(0, MAX_LINE_CHARS)}…` : code, notes: notesAt.get(line) ?? [] });
    shown++;
  }
  if (gapFrom > 0) rows.push({ kind: 'gap', from: gapFrom, to: count });
  // Notes on lines the file does not have (a stale profile) still show, at the end.
  const orphans = notes.filter((n) => n.line < 1 || n.line > count);
  for (const note of orphans) rows.push({ kind: 'line', line: note.line, code: null, notes: [note] });
  return rows;
}

function rowsWithoutSource(fileLines: LineStats[], notes: Note[]): Row[] {
  const notesAt = groupNotes(notes);
  const wanted = new Set([
    ...fileLines.filter((l) => l.selfWall > 0 || l.totalWall > 0).sort((a, b) => b.selfWall - a.selfWall || b.totalWall - a.totalWall).slice(0, MAX_LINES_WITHOUT_SOURCE).map((l) => l.line),
    ...notes.map((n) => n.line),
  ]);
  return [...wanted].sort((a, b) => a - b).map((line) => ({ kind: 'line', line, code: null, notes: notesAt.get(line) ?? [] }));
}

function groupNotes(notes: Note[]): Map<number, Note[]> {
  const at = new Map<number, Note[]>();
  for (const n of notes) at.set(n.line, [...(at.get(n.line) ?? []), n]);
  return at;
}
