// A decoder for Python's `marshal` format (version 4, written by Python 3.4 through 3.13, plus the
// version-2/3 types older files may hold), enough to read any data a .prof file can contain.
// Input is untrusted: every length is checked against the bytes left before anything is
// allocated, references must point at objects already read, and nesting depth is bounded.
// Mirrors CPython's Python/marshal.c (r_object).

/** A decoding failure at a byte offset; the importer adds the file name. */
export class MarshalError extends Error {
  constructor(
    readonly detail: string,
    readonly offset: number,
  ) {
    super(`${detail} (at byte ${offset})`);
  }
}

/** Keys and values in file order, in two parallel arrays (no pair object per entry). */
export class MarshalDict {
  constructor(
    readonly keys: MarshalValue[],
    readonly values: MarshalValue[],
  ) {}

  get size(): number {
    return this.keys.length;
  }
}

export class MarshalSet {
  constructor(
    readonly items: MarshalValue[],
    readonly frozen: boolean,
  ) {}
}

export class MarshalBytes {
  constructor(readonly bytes: Uint8Array) {}
}

/** Tuples and lists are plain arrays; ints that do not fit a double exactly stay bigint. */
export type MarshalValue =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | MarshalBytes
  | MarshalValue[]
  | MarshalDict
  | MarshalSet
  | { readonly complex: [number, number] }
  | { readonly singleton: 'Ellipsis' | 'StopIteration' };

const FLAG_REF = 0x80;
const MAX_DEPTH = 200;
// A long with more 15-bit digits than this cannot be a count or a time; refuse rather than compute.
const MAX_LONG_DIGITS = 1024;

// Placeholder in the reference table for a container reserved but still being read.
const RESERVED: unique symbol = Symbol('reserved');

export function decodeMarshal(bytes: Uint8Array): MarshalValue {
  const reader = new MarshalReader(bytes);
  const value = reader.read(0);
  return value;
}

class MarshalReader {
  private pos = 0;
  private readonly refs: (MarshalValue | typeof RESERVED)[] = [];
  private readonly view: DataView;
  private readonly buffer: Buffer;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  read(depth: number): MarshalValue {
    if (depth > MAX_DEPTH) throw new MarshalError(`objects nested deeper than ${MAX_DEPTH} levels`, this.pos);
    const at = this.pos;
    const code = this.byte();
    const flag = (code & FLAG_REF) !== 0;
    const type = code & ~FLAG_REF;
    switch (type) {
      case 0x30: // '0' NULL: only valid as a dict terminator, handled there
        throw new MarshalError('unexpected NULL object', at);
      case 0x4e: // 'N'
        return this.keep(flag, null);
      case 0x46: // 'F'
        return this.keep(flag, false);
      case 0x54: // 'T'
        return this.keep(flag, true);
      case 0x2e: // '.'
        return this.keep(flag, { singleton: 'Ellipsis' });
      case 0x53: // 'S'
        return this.keep(flag, { singleton: 'StopIteration' });
      case 0x69: // 'i' int32
        return this.keep(flag, this.int32());
      case 0x49: // 'I' int64 (marshal version 0-1 writers on 64-bit builds)
        return this.keep(flag, this.int64());
      case 0x6c: // 'l' arbitrary-precision int in 15-bit digits
        return this.keep(flag, this.long());
      case 0x67: // 'g' binary float
        return this.keep(flag, this.float64());
      case 0x66: // 'f' float as text
        return this.keep(flag, this.textFloat());
      case 0x79: {
        // 'y' binary complex
        const re = this.float64();
        return this.keep(flag, { complex: [re, this.float64()] });
      }
      case 0x78: {
        // 'x' complex as text
        const re = this.textFloat();
        return this.keep(flag, { complex: [re, this.textFloat()] });
      }
      case 0x73: // 's' bytes
        return this.keep(flag, new MarshalBytes(this.take(this.size('bytes'))));
      case 0x74: // 't' interned str (utf-8)
      case 0x75: // 'u' str (utf-8)
        return this.keep(flag, this.text(this.size('string'), 'utf8'));
      case 0x61: // 'a' ascii
      case 0x41: // 'A' ascii interned
        return this.keep(flag, this.text(this.size('string'), 'latin1'));
      case 0x7a: // 'z' short ascii
      case 0x5a: // 'Z' short ascii interned
        return this.keep(flag, this.text(this.byte(), 'latin1'));
      case 0x28: // '(' tuple
        return this.sequence(flag, this.size('tuple'), depth);
      case 0x29: // ')' small tuple
        return this.sequence(flag, this.byte(), depth);
      case 0x5b: // '[' list
        return this.sequence(flag, this.size('list'), depth);
      case 0x7b: // '{' dict
        return this.dict(flag, depth);
      case 0x3c: // '<' set
      case 0x3e: // '>' frozenset
        return this.set(flag, type === 0x3e, depth);
      case 0x72: {
        // 'r' reference to an object already read
        const index = this.uint32();
        const ref = this.refs[index];
        if (index >= this.refs.length) {
          throw new MarshalError(`reference to object #${index}, but only ${this.refs.length} objects have been read`, at);
        }
        if (ref === RESERVED) throw new MarshalError(`reference to object #${index} while it is still being read`, at);
        return ref as MarshalValue;
      }
      case 0x63: // 'c' code object
        throw new MarshalError('a code object, which profile data never contains', at);
      case 0x3f: // '?' unknown
        throw new MarshalError('an "unknown" marshal object', at);
      default:
        throw new MarshalError(`unknown marshal type byte 0x${code.toString(16).padStart(2, '0')}`, at);
    }
  }

  private keep<T extends MarshalValue>(flag: boolean, value: T): T {
    if (flag) this.refs.push(value);
    return value;
  }

  private reserve(flag: boolean): number {
    if (!flag) return -1;
    this.refs.push(RESERVED);
    return this.refs.length - 1;
  }

  private fill(slot: number, value: MarshalValue): void {
    if (slot >= 0) this.refs[slot] = value;
  }

  private sequence(flag: boolean, count: number, depth: number): MarshalValue[] {
    // Python registers the tuple before reading its items; so do we, keeping ref numbering equal.
    const slot = this.reserve(flag);
    const items: MarshalValue[] = new Array(count);
    for (let i = 0; i < count; i++) items[i] = this.read(depth + 1);
    this.fill(slot, items);
    return items;
  }

  private dict(flag: boolean, depth: number): MarshalDict {
    const slot = this.reserve(flag);
    const keys: MarshalValue[] = [];
    const values: MarshalValue[] = [];
    for (;;) {
      this.need(1);
      if (this.bytes[this.pos] === 0x30) {
        this.pos++;
        break;
      }
      keys.push(this.read(depth + 1));
      values.push(this.read(depth + 1));
    }
    const dict = new MarshalDict(keys, values);
    this.fill(slot, dict);
    return dict;
  }

  private set(flag: boolean, frozen: boolean, depth: number): MarshalSet {
    const count = this.size('set');
    const slot = this.reserve(flag);
    const items: MarshalValue[] = [];
    for (let i = 0; i < count; i++) items.push(this.read(depth + 1));
    const set = new MarshalSet(items, frozen);
    this.fill(slot, set);
    return set;
  }

  private need(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new MarshalError(`file ends in the middle of an object (needed ${n} more bytes, ${this.bytes.length - this.pos} left)`, this.pos);
    }
  }

  private byte(): number {
    this.need(1);
    return this.bytes[this.pos++]!;
  }

  private int32(): number {
    this.need(4);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  private uint32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  private int64(): number | bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  }

  private float64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  private textFloat(): number {
    const at = this.pos;
    const text = this.text(this.byte(), 'latin1');
    const value = Number(text.trim());
    if (Number.isNaN(value) && !/^[-+]?nan$/i.test(text.trim())) throw new MarshalError(`bad float literal ${JSON.stringify(text.slice(0, 40))}`, at);
    return value;
  }

  /** A 32-bit length, checked against what is left (every byte or item takes at least one byte). */
  private size(what: 'bytes' | 'string' | 'tuple' | 'list' | 'set'): number {
    const at = this.pos;
    const n = this.uint32();
    const left = this.bytes.length - this.pos;
    const unit = what === 'bytes' || what === 'string' ? 'bytes' : 'items';
    if (n > left) throw new MarshalError(`a ${what} of ${n} ${unit} is claimed, but only ${left} bytes are left`, at);
    return n;
  }

  private take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private text(n: number, encoding: 'utf8' | 'latin1'): string {
    this.need(n);
    const start = this.pos;
    this.pos += n;
    return this.buffer.toString(encoding, start, start + n);
  }

  private long(): number | bigint {
    const at = this.pos;
    const n = this.int32();
    const digits = Math.abs(n);
    if (digits > MAX_LONG_DIGITS) throw new MarshalError(`integer with ${digits} digits is out of range`, at);
    this.need(digits * 2);
    let value = 0n;
    for (let i = digits - 1; i >= 0; i--) {
      const d = this.view.getUint16(this.pos + i * 2, true);
      if (d > 0x7fff) throw new MarshalError('bad digit in a marshal integer', this.pos + i * 2);
      value = (value << 15n) | BigInt(d);
    }
    this.pos += digits * 2;
    if (n < 0) value = -value;
    const asNumber = Number(value);
    return Number.isSafeInteger(asNumber) ? asNumber : value;
  }
}

export function isMarshalDict(value: MarshalValue): value is MarshalDict {
  return value instanceof MarshalDict;
}
