// Codecs a coding line names, both ways, with Python's meaning of the names.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { codecFor } from '../../src/check/codec.js';
import { decodeSource } from '../../src/check/decode.js';

const bytesOf = (...b: number[]) => Uint8Array.from(b);

describe('codecFor', () => {
  it("reads latin-1 as ISO-8859-1 (0x80 is U+0080), not as windows-1252 (0x80 is the euro sign)", () => {
    expect(codecFor('latin-1')!.decode(bytesOf(0x80, 0xe9))).toBe('\u0080é');
    expect(codecFor('cp1252')!.decode(bytesOf(0x80, 0xe9))).toBe('€é');
    expect(Buffer.from(codecFor('latin_1')!.encode('\u0080é')!)).toEqual(Buffer.from([0x80, 0xe9]));
    expect(codecFor('latin-1')!.encode('€')).toBeUndefined();
  });

  it('reads ascii as 7-bit', () => {
    expect(() => codecFor('ascii')!.decode(bytesOf(0x61, 0xe9))).toThrow(/not ASCII/);
    expect(codecFor('ascii')!.encode('é')).toBeUndefined();
  });

  it.each([
    ['cp1252', 'prix: 5 €, café'],
    ['iso-8859-15', 'œuvre à 5 €'],
    ['koi8_r', 'привет'],
    ['shift_jis', '日本語のテキスト'],
    ['euc_kr', '한국어'],
    ['gbk', '中文文本'],
    ['big5', '中文字'],
  ])('%s encodes what it decodes, byte for byte', (name, text) => {
    const codec = codecFor(name)!;
    const encoded = codec.encode(`x = "${text}"\n`)!;
    expect(encoded).toBeDefined();
    expect(codec.decode(encoded)).toBe(`x = "${text}"\n`);
    expect([...encoded].some((b) => b > 0x7f)).toBe(true);
  });

  it('refuses a character the codec cannot hold', () => {
    expect(codecFor('shift_jis')!.encode('x = "😀"')).toBeUndefined();
    expect(codecFor('cp1252')!.encode('x = "日"')).toBeUndefined();
  });

  // Where Python leaves a byte undefined (cp1251 0x98) the WHATWG tables Node uses may map it to a
  // C1 control; such a file does not run under Python anyway, so only the bytes Python defines count.
  it.each([['latin-1'], ['cp1252'], ['iso-8859-15'], ['koi8_r'], ['cp1251'], ['iso8859_2']])('%s decodes every byte as Python does', (name) => {
    const script = `import json,sys\nout=[]\nfor b in range(256):\n    try: out.append(bytes([b]).decode(sys.argv[1]))\n    except UnicodeDecodeError: out.append(None)\nprint(json.dumps(out))`;
    const python = JSON.parse(spawnSync('python3', ['-c', script, name], { encoding: 'utf8' }).stdout) as (string | null)[];
    const codec = codecFor(name)!;
    const ours = python.map((expected, b) => {
      if (expected === null && name !== 'cp1252') return null;
      try {
        return codec.decode(Uint8Array.of(b));
      } catch {
        return null;
      }
    });
    expect(ours).toEqual(python);
  });

  it('knows no made-up codec', () => {
    expect(codecFor('klingon-8')).toBeUndefined();
  });
});

describe('decodeSource', () => {
  it('keeps the codec of a declared file for writing back', () => {
    const decoded = decodeSource(Buffer.concat([Buffer.from('# coding: latin-1\n'), Buffer.from([0x73, 0x20, 0x3d, 0x20, 0x22, 0x80, 0x22, 0x0a])]));
    expect('error' in decoded).toBe(false);
    if ('error' in decoded || decoded.utf8) throw new Error('expected a declared codec');
    expect(decoded.text).toBe('# coding: latin-1\ns = "\u0080"\n');
    expect(decoded.codec.name).toBe('latin-1');
  });
});
