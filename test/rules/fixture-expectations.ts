// Reads `# expect: HS101` markers from a fixture and compares them with what the rules found.
import { readFileSync } from 'node:fs';
import type { Finding } from '../../src/check/finding.js';

export interface Expected {
  line: number;
  rule: string;
}

export function readExpectations(text: string): Expected[] {
  const expected: Expected[] = [];
  text.split('\n').forEach((content, i) => {
    const m = /#.*\bexpect:\s*([A-Z]{2}\d{3}(?:\s*,\s*[A-Z]{2}\d{3})*)/.exec(content);
    if (!m) return;
    for (const rule of m[1].split(',').map((s) => s.trim())) expected.push({ line: i + 1, rule });
  });
  return expected;
}

/** ESLint-toned differences, one line each, with the source line; empty when they agree. */
export function diffExpectations(file: string, text: string, expected: Expected[], findings: Finding[]): string[] {
  const lines = text.split('\n');
  const key = (line: number, rule: string) => `${line}:${rule}`;
  const want = new Map<string, number>();
  for (const e of expected) want.set(key(e.line, e.rule), (want.get(key(e.line, e.rule)) ?? 0) + 1);
  const got = new Map<string, Finding[]>();
  for (const f of findings) got.set(key(f.line, f.rule), [...(got.get(key(f.line, f.rule)) ?? []), f]);
  const problems: string[] = [];
  for (const e of expected) {
    if (!got.has(key(e.line, e.rule))) problems.push(`${file}:${e.line}: expected ${e.rule}, got nothing\n    ${lines[e.line - 1]?.trim()}`);
  }
  for (const [k, fs] of got) {
    if (!want.has(k)) {
      for (const f of fs) problems.push(`${file}:${f.line}: unexpected ${f.rule} "${f.message}"\n    ${lines[f.line - 1]?.trim()}`);
    }
  }
  return problems;
}

export function readFixture(path: string): string {
  return readFileSync(path, 'utf8');
}
