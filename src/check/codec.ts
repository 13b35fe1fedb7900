// The codecs a PEP 263 coding line can name, both ways: decoding with Python's meaning of the name
// (Python's "latin-1" is ISO-8859-1 and its "ascii" is 7-bit, where the WHATWG labels Node knows
// give windows-1252 for both; and Node 20's own windows-1252 decoder reads 0x80-0x9F as ISO-8859-1,
// so cp1252 is decoded here from its table), and encoding back so `--fix` can write a file in its own
// codec. Node has no encoder but UTF-8: the reverse table is built by decoding every 1- and 2-byte
// sequence, and every encoding is checked by decoding it again, so a text the table cannot
// express exactly is refused rather than written wrong.

export interface SourceCodec {
  /** The name as the coding line spells it. */
  readonly name: string;
  /** Throws on bytes that are not valid in this codec. */
  decode(bytes: Uint8Array): string;
  /** The bytes of `text`, or undefined when the codec cannot express it exactly. */
  encode(text: string): Uint8Array | undefined;
}

/** The codec a coding declaration names, or undefined when neither Python nor Node knows it. */
export function codecFor(declared: string): SourceCodec | undefined {
  const name = declared.toLowerCase().replace(/_/g, '-');
  if (/^(latin-?1|l1|iso-?8859-1|iso8859-1|8859|cp819|iso-ir-100|csisolatin1)$/.test(name)) return latin1(declared);
  if (name === 'ascii' || name === 'us-ascii' || name === '646') return ascii(declared);
  if (/^(cp-?1252|windows-1252)$/.test(name)) return cp1252(declared);
  const iso = /^iso-?8859-(\d+)$/.exec(name);
  const label = iso ? `iso-8859-${iso[1]}` : name;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return undefined;
  }
  return tableCodec(declared, decoder);
}

function latin1(name: string): SourceCodec {
  return {
    name,
    decode: (bytes) => Buffer.from(bytes).toString('latin1'),
    encode: (text) => (/^[\u0000-\u00ff]*$/.test(text) ? Buffer.from(text, 'latin1') : undefined),
  };
}

function ascii(name: string): SourceCodec {
  return {
    name,
    decode(bytes) {
      const at = bytes.findIndex((b) => b > 0x7f);
      if (at >= 0) throw new Error(`byte 0x${bytes[at]!.toString(16)} at offset ${at} is not ASCII`);
      return Buffer.from(bytes).toString('latin1');
    },
    encode: (text) => (/^[\u0000-\u007f]*$/.test(text) ? Buffer.from(text, 'latin1') : undefined),
  };
}

// Python's cp1252 for 0x80-0x9F; '' marks the five bytes it leaves undefined.
const CP1252_HIGH = [
  '\u20ac', '', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '', '\u017d', '',
  '', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '', '\u017e', '\u0178',
];

function cp1252(name: string): SourceCodec {
  const byChar = new Map<string, number>();
  CP1252_HIGH.forEach((c, i) => c && byChar.set(c, 0x80 + i));
  return {
    name,
    decode(bytes) {
      let out = '';
      for (let i = 0; i < bytes.length; i++) {
        const b = bytes[i]!;
        const c = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : String.fromCharCode(b);
        if (c === '') throw new Error(`byte 0x${b.toString(16)} at offset ${i} is undefined in cp1252`);
        out += c;
      }
      return out;
    },
    encode(text) {
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        const b = code < 0x80 || (code >= 0xa0 && code < 0x100) ? code : byChar.get(text[i]!);
        if (b === undefined) return undefined;
        out[i] = b;
      }
      return out;
    },
  };
}

function tableCodec(name: string, decoder: TextDecoder): SourceCodec {
  let table: Map<string, number[]> | undefined;
  return {
    name,
    decode: (bytes) => decoder.decode(bytes),
    encode(text) {
      table ??= reverseTable(decoder.encoding);
      const out: number[] = [];
      for (const char of text) {
        const bytes = table.get(char);
        if (!bytes) return undefined;
        for (const b of bytes) out.push(b);
      }
      const encoded = Uint8Array.from(out);
      try {
        return decoder.decode(encoded) === text ? encoded : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** Character -> its shortest byte sequence, from every 1-byte and 2-byte input the codec decodes. */
function reverseTable(encoding: string): Map<string, number[]> {
  const strict = new TextDecoder(encoding, { fatal: true });
  const table = new Map<string, number[]>();
  const learn = (bytes: number[]) => {
    let text: string;
    try {
      text = strict.decode(Uint8Array.from(bytes));
    } catch {
      return;
    }
    if ([...text].length === 1 && !table.has(text)) table.set(text, bytes);
  };
  for (let b = 0; b < 0x100; b++) learn([b]);
  for (let lead = 0x80; lead < 0x100; lead++) {
    // a lead byte that decodes alone starts no 2-byte sequence
    if (table.has(safeDecode(strict, [lead]) ?? '\u0000\u0000')) continue;
    for (let trail = 0x21; trail < 0x100; trail++) learn([lead, trail]);
  }
  return table;
}

function safeDecode(decoder: TextDecoder, bytes: number[]): string | undefined {
  try {
    return decoder.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}
