import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/check/result.js';
import { renderCheckText } from '../../src/report/check-text.js';
import { cleanResult, CWD, readSource, sampleResult } from './check-sample.js';

const render = (result: CheckResult, extra: { color?: boolean; withSource?: boolean } = {}) =>
  renderCheckText(result, { color: extra.color ?? false, cwd: CWD, readSource: extra.withSource === false ? undefined : readSource });

/** The text above the carets of the excerpt that follows `header`. */
function underlined(output: string, header: string): string {
  const lines = output.split('\n');
  const at = lines.findIndex((l) => l.startsWith(header));
  const source = lines[at + 2];
  const marks = lines[at + 3];
  const start = marks.indexOf('^');
  return source.slice(start, marks.lastIndexOf('^') + 1);
}

describe('renderCheckText', () => {
  it('prints a Ruff-like header per finding, paths relative to cwd', () => {
    const out = render(sampleResult());
    expect(out).toContain('src/app.py:3:30: HS101 `u not in BLOCKED` scans the list `BLOCKED` on every loop iteration (O(n) each time)\n');
    expect(out).toContain('src/app.py:4:10: HS307 [*] iterating');
    expect(out).toContain('lib/broken,file.py:7:1: HS000 Syntax error');
    expect(out).not.toContain(CWD);
  });

  it('underlines the span in the source line, with tabs expanded', () => {
    const out = render(sampleResult());
    expect(out).toContain('3 |     return [u for u');
    expect(underlined(out, 'src/app.py:3:30')).toBe('u not in BLOCKED');
    expect(underlined(out, 'src/app.py:4:10')).toBe('d.keys()');
  });

  it('puts the fix description on a help line', () => {
    const out = render(sampleResult());
    expect(out).toMatch(/^ += help: Build a `set` from `BLOCKED` once before the loop and test membership against it$/m);
    expect(out).toMatch(/^ += help: Iterate `d` directly$/m);
  });

  it('lists the related locations of a finding on an `also` line before its help', () => {
    const result = sampleResult();
    result.findings[0] = { ...result.findings[0], related: [{ line: 5, column: 12 }, { line: 9, column: 3 }] };
    const lines = render(result).split('\n');
    const also = lines.findIndex((l) => l.includes('= also'));
    expect(lines[also].trim()).toBe('= also: 5:12, 9:3');
    expect(lines[also + 1]).toContain('= help: Build a `set` from `BLOCKED`');
    expect(render(sampleResult())).not.toContain('= also');
  });

  it('keeps each message on one line', () => {
    const out = render(sampleResult());
    expect(out).toContain('100% second line');
  });

  it('lists errors one line each, then the summary', () => {
    const out = render(sampleResult());
    expect(out).toContain('\nerror: data/blob.py: not UTF-8 text (invalid byte 0xff at offset 12)\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe('Found 3 findings (1 fixable with --fix) in 12 files; 1 error');
  });

  it('says so when everything passed', () => {
    expect(render(cleanResult())).toBe('All checks passed!\n');
  });

  it('reports findings-free runs with errors, and runs where nothing was checked', () => {
    const errors = [{ path: 'x.py', message: 'permission denied' }];
    expect(render({ ...cleanResult(), errors })).toContain('No findings in 4 files; 1 error\n');
    expect(render({ ...cleanResult(), errors, filesChecked: 0 })).toContain('Nothing could be checked; 1 error\n');
  });

  it('reports fixes applied by --fix', () => {
    const out = render({ ...cleanResult(), fixed: [{ path: 'a.py', count: 2 }, { path: 'b.py', count: 1 }] });
    expect(out).toBe('Fixed 3 findings in 2 files\nAll checks passed!\n');
  });

  it('uses singular words for one', () => {
    const one = sampleResult();
    one.findings = one.findings.slice(0, 1);
    one.errors = [];
    one.filesChecked = 1;
    expect(render(one).trimEnd().split('\n').at(-1)).toBe('Found 1 finding in 1 file');
  });

  it('colours only when asked, whatever the environment says', () => {
    expect(render(sampleResult(), { color: false })).not.toContain('\x1b[');
    expect(render(sampleResult(), { color: true })).toContain('\x1b[');
  });

  it('prints no excerpt without a source reader, or when the source is gone', () => {
    const out = render(sampleResult(), { withSource: false });
    expect(out).not.toContain(' | ');
    expect(out).toContain('  = help: Iterate `d` directly');
  });

  it('shows a window of a very long line, still underlining the span', () => {
    const line = `x = [${'1, '.repeat(2000)}]; y = v in items`;
    const start = line.indexOf('v in items');
    const result: CheckResult = {
      ...cleanResult(),
      findings: [{ ...sampleResult().findings[0], path: 'long.py', line: 1, column: start + 1, endLine: 1, endColumn: start + 11, fix: null }],
    };
    const out = renderCheckText(result, { color: false, cwd: CWD, readSource: () => line });
    expect(underlined(out, 'long.py:1:')).toBe('v in items');
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThan(200);
  });

  it('never lets source text drive the terminal', () => {
    const line = 'print("\x1b[31mred\x1b[0m" in names)';
    const result: CheckResult = {
      ...cleanResult(),
      findings: [{ ...sampleResult().findings[0], path: 'esc.py', line: 1, column: 7, endLine: 1, endColumn: 30, message: 'bad \x1b[2J', fix: null }],
    };
    const out = renderCheckText(result, { color: false, cwd: CWD, readSource: () => line });
    expect(out).not.toContain('\x1b');
  });

  it('underlines a multi-line span to the end of its first line', () => {
    const f = { ...sampleResult().findings[0], line: 4, column: 1, endLine: 5, endColumn: 9, fix: null };
    const out = render({ ...cleanResult(), findings: [f] });
    expect(underlined(out, 'src/app.py:4:1')).toBe('for k in d.keys():');
  });
});

describe('renderCheckText with wide characters', () => {
  it('lines the carets up under CJK text', () => {
    const line = 'print("名前", x in names)';
    const start = line.indexOf('x in names');
    const result: CheckResult = {
      ...cleanResult(),
      findings: [{ ...sampleResult().findings[0], path: 'w.py', line: 1, column: start + 1, endLine: 1, endColumn: start + 11, fix: null }],
    };
    const out = renderCheckText(result, { color: false, cwd: CWD, readSource: () => line }).split('\n');
    // two wide characters take four columns: the carets start two columns after their index
    expect(out[3].indexOf('^') - out[2].indexOf('print')).toBe(start + 2);
  });
});
