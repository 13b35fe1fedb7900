// Source bytes to text the way Python reads them: UTF-8 unless a PEP 263 coding line says
// otherwise, a leading BOM dropped. Anything else is a clear per-file error, not a crash.

/** `utf8` false: decoded with the declared encoding (fixes would have to write it back in it). */
export type Decoded = { text: string; bom: boolean; utf8: boolean } | { error: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function decodeSource(bytes: Uint8Array): Decoded {
  if (bytes.indexOf(0) !== -1) return { error: 'binary file (contains NUL bytes), not Python source' };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const declared = bom ? undefined : codingDeclaration(body);
  if (declared && !/^utf[-_]?8(?:[-_].*)?$/i.test(declared)) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(whatwgLabel(declared), { fatal: true });
    } catch {
      return { error: `unknown encoding "${declared}" in the coding declaration` };
    }
    try {
      return { text: decoder.decode(body), bom: false, utf8: false };
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

/** Python codec names that the WHATWG encoding labels spell differently. */
function whatwgLabel(pythonName: string): string {
  const name = pythonName.toLowerCase().replace(/_/g, '-');
  if (/^(latin-?1|l1|iso-?8859-1|8859|cp819)$/.test(name)) return 'latin1';
  const iso = /^iso-?8859-(\d+)$/.exec(name);
  if (iso) return `iso-8859-${iso[1]}`;
  if (name === 'ascii' || name === 'us-ascii') return 'ascii';
  return name;
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
