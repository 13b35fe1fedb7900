// Files in a declared non-UTF-8 codec, through the real binary: `check` shows their lines decoded,
// and `--fix` / `--diff` apply the fix and write the file back in its own codec, byte for byte.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempTrees, tempTree } from '../check/temp-tree.js';

const BIN = fileURLToPath(new URL('../../bin/hotspy.js', import.meta.url));
afterAll(removeTempTrees);

// The cases are a one-entry dict literal (confidence low): the test is about codecs, not sizes,
// so it selects the one rule its fix is about (the loop's print is HS407's, with no fix).
function hotspy(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'check', '--no-cache', '--confidence', 'low', '--select', 'HS307', ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const source = (coding: string, word: string) => `# -*- coding: ${coding} -*-\nd = {"${word}": 1}\nfor k in d.keys():  # ${word}\n    print("${word}", k)\n`;
const CASES: [string, string, BufferEncoding | ((s: string) => Buffer)][] = [
  ['latin-1', 'café', 'latin1'],
  ['cp1252', 'prix 5 €', (s) => Buffer.from(s.replaceAll('€', '\u0080'), 'latin1')],
  ['shift_jis', '日本語', (s) => pythonEncode(s, 'shift_jis')],
];

function pythonEncode(text: string, codec: string): Buffer {
  const r = spawnSync('python3', ['-c', `import sys; sys.stdout.buffer.write(sys.stdin.read().encode(${JSON.stringify(codec)}))`], { input: text });
  return r.stdout;
}

function encode(text: string, how: BufferEncoding | ((s: string) => Buffer)): Buffer {
  return typeof how === 'string' ? Buffer.from(text, how) : how(text);
}

describe.each(CASES)('a %s file', (coding, word, how) => {
  it('is shown decoded in the excerpt', () => {
    const dir = tempTree({ 'mod.py': encode(source(coding, word), how) });
    const run = hotspy(dir, []);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`3 | for k in d.keys():  # ${word}\n`);
  });

  it('is fixed in its own codec, and Python still reads it', () => {
    const dir = tempTree({ 'mod.py': encode(source(coding, word), how) });
    const diff = hotspy(dir, ['--diff']);
    expect(diff.stdout).toContain(`-for k in d.keys():  # ${word}\n+for k in d:  # ${word}\n`);
    const fixed = hotspy(dir, ['--fix']);
    expect(fixed.stderr).toBe('');
    expect(fixed.stdout).toContain('Fixed 1 finding in 1 file');
    expect(fixed.code).toBe(0);
    const after = readFileSync(join(dir, 'mod.py'));
    expect(after).toEqual(encode(source(coding, word).replace('d.keys()', 'd'), how));
    const ran = spawnSync('python3', [join(dir, 'mod.py')], { encoding: 'utf8', env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
    expect(ran.stdout).toBe(`${word} ${word}\n`);
  });
});

it('a file whose codec cannot hold the fixed text is left as it was, with a reason', () => {
  // euc_jp's three-byte sequences (0x8F ...) are outside the table hotspy can encode with
  const dir = tempTree({});
  const text = source('euc_jp', '\u4e02');
  const bytes = pythonEncode(text, 'euc_jp');
  expect(bytes.includes(0x8f)).toBe(true);
  writeFileSync(join(dir, 'mod.py'), bytes);
  const run = hotspy(dir, ['--fix']);
  expect(run.stdout).toMatch(/mod\.py: the fixed text cannot be written in euc_jp, the file's encoding; the file was left unchanged/);
  expect(readFileSync(join(dir, 'mod.py'))).toEqual(bytes);
});
