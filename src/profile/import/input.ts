// What an importer receives: the file's name (for messages only) and its bytes, with the text
// decoding done once and lazily since binary formats never need it.
import { ProfileFormatError } from '../../errors.js';

// V8 cannot hold a string longer than this; JSON and text formats must fit in one.
export const MAX_TEXT_BYTES = 0x1fffffe8;

export interface ProfileInput {
  /** The path or name shown in messages. */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The bytes as UTF-8 text (BOM removed); throws ProfileFormatError when too large. */
  text(): string;
}

export function profileInput(name: string, bytes: Uint8Array): ProfileInput {
  let decoded: string | undefined;
  return {
    name,
    bytes,
    text() {
      if (decoded === undefined) {
        if (bytes.length > MAX_TEXT_BYTES) {
          throw new ProfileFormatError(name, `${bytes.length} bytes is too large for a text profile (at most ${MAX_TEXT_BYTES})`);
        }
        decoded = new TextDecoder('utf-8').decode(bytes);
      }
      return decoded;
    },
  };
}

/** The first `limit` bytes as text, for sniffing (a split multi-byte character at the end is harmless). */
export function headText(bytes: Uint8Array, limit = 65536): string {
  return new TextDecoder('utf-8').decode(bytes.subarray(0, Math.min(limit, bytes.length)));
}

/** JSON.parse with its error turned into a ProfileFormatError carrying the offset when V8 gives one. */
export function parseJson(input: ProfileInput, what: string): unknown {
  const text = input.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const detail = message
      .replace(/, .* is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/^(\w)/, (c) => c.toLowerCase());
    throw new ProfileFormatError(
      input.name,
      `not valid ${what} JSON: ${detail}`,
      position ? byteOffsetOf(text, Number(position[1])) : undefined,
    );
  }
}

/** UTF-16 index in `text` -> byte offset in its UTF-8 encoding. */
export function byteOffsetOf(text: string, index: number): number {
  return Buffer.byteLength(text.slice(0, index), 'utf8');
}
