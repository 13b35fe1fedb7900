// Collapsed files are read from disk piece by piece (1 MiB at a time): lines, multi-byte characters
// and CRLF endings that straddle a piece boundary must read exactly as the whole file does.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readProfileBytes, readProfileFile } from '../../src/profile/import/index.js';
import { dumpProfile } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hotspy-collapsed-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** About 3 MiB of stacks with non-ASCII names and CRLF endings, so boundaries fall everywhere. */
function bigText(): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < 3 * 1024 * 1024; i++) {
    const line = `main (app.py:1);größe_${i % 97} (mod_é${i % 13}.py:${(i % 40) + 1});叶_${i % 7} (leaf.py:3) ${1 + (i % 5)}\r\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

describe('streamed collapsed import', () => {
  it('reads the same profile from disk as from memory', async () => {
    const text = bigText();
    const path = join(dir, 'big.folded');
    writeFileSync(path, '\ufeff' + text);
    const fromDisk = await readProfileFile(path);
    const fromMemory = readProfileBytes(Buffer.from(text), 'big.folded');
    expect(fromDisk.meta.samples).toBe(fromMemory.meta.samples);
    expect(dumpProfile(fromDisk)).toEqual(dumpProfile(fromMemory));
    expect(fromDisk.frames.some((f) => f.name === 'größe_5' && f.file === 'mod_é5.py')).toBe(true);
  });

  it('names the right line when a bad one comes after the first MiB', async () => {
    const text = bigText();
    const lineCount = text.split('\n').length - 1;
    const path = join(dir, 'bad.folded');
    writeFileSync(path, `${text}main;work\n`);
    await expect(readProfileFile(path)).rejects.toThrow(`bad.folded: line ${lineCount + 1}: no sample count at the end of the line`);
  });

  it('accepts a last line without a newline', async () => {
    const path = join(dir, 'last.folded');
    writeFileSync(path, 'a;b 2\na;c 3');
    expect((await readProfileFile(path)).meta.samples).toBe(5);
  });
});
