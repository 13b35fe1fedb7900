// Terminal rendering of `hotspy check`, modelled on Ruff's: a `path:line:col: CODE message`
// header, the source line with the span underlined, the fix as a `help:` line, then a summary.
import pc from 'picocolors';
import type { Finding, Severity } from '../check/finding.js';
import type { CheckResult } from '../check/result.js';
import { displayPath } from './check-paths.js';
import { plural } from '../plural.js';

export interface CheckTextOptions {
  color: boolean;
  cwd: string;
  /** The file's text, for the excerpt; no excerpt when it returns `undefined`. */
  readSource?: (path: string) => string | undefined;
}

type Colors = ReturnType<typeof pc.createColors>;

/** Source lines wider than this are shown as a window around the span. */
const MAX_EXCERPT_WIDTH = 120;
const TAB = '    ';

export function renderCheckText(result: CheckResult, options: CheckTextOptions): string {
  const c = pc.createColors(options.color);
  const lines = sourceLines(options.readSource);
  const out: string[] = [];
  for (const finding of result.findings) {
    out.push(header(finding, options.cwd, c));
    const source = lines(finding.path)?.[finding.line - 1];
    if (source !== undefined) out.push(...excerpt(finding, source, c));
    const indent = source === undefined ? '  ' : ' '.repeat(gutterWidth(finding) + 1);
    if (finding.related?.length) {
      const at = finding.related.map((r) => `${r.line}:${r.column}`).join(', ');
      out.push(`${indent}${c.bold(c.cyan('= also'))}: ${at}`);
    }
    if (finding.fix) out.push(`${indent}${c.bold(c.cyan('= help'))}: ${clean(finding.fix.description)}`);
    if (finding.confidence) out.push(`${indent}${c.bold(c.cyan('= confidence'))}: ${finding.confidence}${finding.evidence ? ` (${clean(finding.evidence)})` : ''}`);
    out.push('');
  }
  for (const error of result.errors) {
    out.push(`${c.bold(c.red('error'))}: ${c.bold(displayPath(error.path, options.cwd))}: ${clean(error.message)}`);
  }
  if (result.errors.length > 0) out.push('');
  out.push(...summary(result, c));
  return `${out.join('\n')}\n`;
}

function header(f: Finding, cwd: string, c: Colors): string {
  const where = `${c.bold(displayPath(f.path, cwd))}${c.cyan(':')}${f.line}${c.cyan(':')}${f.column}${c.cyan(':')}`;
  const fixable = f.fix?.edits?.length ? ` ${c.cyan('[*]')}` : '';
  return `${where} ${c.bold(severityColor(f.severity, c)(f.rule))}${fixable} ${clean(f.message)}`;
}

function excerpt(f: Finding, raw: string, c: Colors): string[] {
  const width = gutterWidth(f);
  const pad = ' '.repeat(width);
  const bar = c.blue('|');
  const start = Math.max(0, f.column - 1);
  // a span running onto later lines is underlined to the end of its first line
  const end = f.endLine > f.line ? raw.trimEnd().length : Math.max(f.endColumn - 1, start + 1);
  const view = windowed(raw, start, end);
  const marks = ' '.repeat(view.start) + '^'.repeat(Math.max(1, view.end - view.start));
  return [
    `${pad} ${bar}`,
    `${c.blue(String(f.line).padStart(width))} ${bar} ${view.text}`,
    `${pad} ${bar} ${severityColor(f.severity, c)(marks)}`,
    `${pad} ${bar}`,
  ];
}

/**
 * The displayed line with tabs expanded and control characters made visible (a source line
 * must never drive the terminal), cut to a window around the span when it is very long.
 * `start`/`end` come back as display columns in the returned text.
 */
function windowed(raw: string, start: number, end: number): { text: string; start: number; end: number } {
  let from = 0;
  let to = raw.length;
  if (raw.length > MAX_EXCERPT_WIDTH) {
    from = Math.max(0, Math.min(start - 40, raw.length - MAX_EXCERPT_WIDTH));
    to = from + MAX_EXCERPT_WIDTH;
  }
  const lead = from > 0 ? '…' : '';
  const tail = to < raw.length ? '…' : '';
  const shown = (s: string) => clean(s.replace(/\t/g, TAB));
  const clampedStart = Math.min(Math.max(start, from), to);
  const clampedEnd = Math.min(Math.max(end, clampedStart), to);
  const before = lead + shown(raw.slice(from, clampedStart));
  const span = shown(raw.slice(clampedStart, clampedEnd));
  return {
    text: lead + shown(raw.slice(from, to)) + tail,
    start: displayWidth(before),
    end: displayWidth(before) + displayWidth(span),
  };
}

/**
 * Terminal columns of `text`, so carets line up under wide (CJK, fullwidth) and combining
 * characters; an astral character such as an emoji is two UTF-16 units and two columns.
 */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x300 && code <= 0x36f) continue;
    width += code > 0xffff || isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6)
  );
}

function summary(result: CheckResult, c: Colors): string[] {
  const lines: string[] = [];
  const fixedCount = (result.fixed ?? []).reduce((n, f) => n + f.count, 0);
  if (fixedCount > 0) {
    lines.push(`Fixed ${plural(fixedCount, 'finding')} in ${plural(result.fixed!.filter((f) => f.count > 0).length, 'file')}`);
  }
  const n = result.findings.length;
  const errors = result.errors.length > 0 ? `; ${plural(result.errors.length, 'error')}` : '';
  if (n === 0 && result.errors.length === 0) {
    lines.push(c.bold(c.green('All checks passed!')));
  } else if (n === 0 && result.filesChecked === 0) {
    lines.push(c.bold(c.red(`Nothing could be checked${errors}`)));
  } else if (n === 0) {
    lines.push(`No findings in ${plural(result.filesChecked, 'file')}${errors}`);
  } else {
    const fixable = result.findings.filter((f) => f.fix?.edits?.length).length;
    const hint = fixable > 0 ? ` (${fixable} fixable with ${c.cyan('--fix')})` : '';
    lines.push(`Found ${c.bold(plural(n, 'finding'))}${hint} in ${plural(result.filesChecked, 'file')}${errors}`);
  }
  return lines;
}

/** Caches each file's lines, so a file with many findings is read and split once. */
function sourceLines(read: CheckTextOptions['readSource']): (path: string) => string[] | undefined {
  const cache = new Map<string, string[] | undefined>();
  return (path) => {
    if (!read) return undefined;
    if (!cache.has(path)) {
      const text = read(path);
      cache.set(path, text === undefined ? undefined : text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/));
    }
    return cache.get(path);
  };
}

function gutterWidth(f: Finding): number {
  return String(f.line).length;
}

function severityColor(severity: Severity, c: Colors): (s: string) => string {
  if (severity === 'error') return c.red;
  if (severity === 'warning') return c.yellow;
  return c.blue;
}

/** Messages and source text come from untrusted files: no escape sequences, one line each. */
function clean(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

