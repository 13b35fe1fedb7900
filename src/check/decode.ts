// Source bytes to text the way Python reads them: UTF-8 unless a PEP 263 coding line says
// otherwise, a leading BOM dropped. Anything else is a clear per-file error, not a crash.
import { readFileSync } from 'node:fs';
import { codecFor, type SourceCodec } from './codec.js';

/** `utf8` false: decoded with the declared `codec`, which `--fix` writes the file back in. */
export type Decoded = { text: string; bom: boolean; utf8: true } | { text: string; bom: false; utf8: false; codec: SourceCodec } | { error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function decodeSource(bytes: Uint8Array): Decoded {
  if (bytes.indexOf(0) !== -1) return { error: 'binary file (contains NUL bytes), not Python source' };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const declared = bom ? undefined : codingDeclaration(body);
  if (declared && !/^utf[-_]?8(?:[-_].*)?$/i.test(declared)) {
    const codec = codecFor(declared);
    if (!codec) return { error: `unknown encoding "${declared}" in the coding declaration` };
    try {
      return { text: codec.decode(body), bom: false, utf8: false, codec };
    } catch {
      return { error: `not valid ${declared} as its coding declaration says` };
    }
  }
  try {
    return { text: utf8.decode(body), bom, utf8: true };
  } catch {
    const at = firstInvalidUtf8(body) + (bom ? 3 : 0);
    return { error: `not valid UTF-8 (byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at}); declare the encoding with a \`# -*- coding: ... -*-\` line or save the file as UTF-8` };
  }
}

/** A source file's text as Python reads it (for excerpts and reports), or undefined when it cannot be read. */
export function readSourceText(path: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const decoded = decodeSource(bytes);
  return 'error' in decoded ? undefined : decoded.text;
}

/** The bytes to write for `text`, in the encoding the file was read with; undefined when it cannot express it. */
export function encodeSource(decoded: Exclude<Decoded, { error: string }>, text: string): Uint8Array | undefined {
  if (decoded.utf8) return Buffer.from((decoded.bom ? '\ufeff' : '') + text, 'utf8');
  return decoded.codec.encode(text);
}

/** The encoding named on line 1 or 2 (PEP 263), if any. */
function codingDeclaration(bytes: Uint8Array): string | undefined {
  let lineStart = 0;
  for (let line = 0; line < 2 && lineStart < bytes.length; line++) {
    let end = bytes.indexOf(0x0a, lineStart);
    if (end === -1) end = bytes.length;
    const text = String.fromCharCode(...bytes.subarray(lineStart, Math.min(end, lineStart + 200)));
    const m = CODING.exec(text);
    if (m) return m[1];
    if (!/^[ \t\f]*(#|\r?$)/.test(text)) return undefined;
    lineStart = end + 1;
  }
  return undefined;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return 0;
}
