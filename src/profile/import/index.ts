// The one place that decides a profile's format: a binary sniff first (cProfile's marshal dict,
// pprof's gzip),
// then the file name, then the content. Every failure leaves as a one-line ProfileFormatError
// naming the file (and the byte, for binary formats).
import { closeSync, openSync, readSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ProfileFormatError } from '../../errors.js';
import { ProfileDataError, type Profile, type SourceFormat } from '../model.js';
import { importCollapsed, importCollapsedChunks, sniffCollapsed } from './collapsed.js';
import { importCprofile, sniffCprofile } from './cprofile.js';
import { importHotspy, sniffHotspy } from './hotspy.js';
import { headText, profileInput, type ProfileInput } from './input.js';
import { importPprof, sniffPprof } from './pprof.js';
import { importSpeedscope, sniffSpeedscope } from './speedscope.js';

export interface ReadProfileOptions {
  /** Receives "Importing as <format>" and similar progress notes. */
  verbose?: (msg: string) => void;
}

interface Importer {
  readonly format: SourceFormat;
  readonly label: string;
  readonly fileNames: RegExp;
  readonly sniffText?: (head: string) => boolean;
  readonly read: (input: ProfileInput) => Profile;
  /** Reads the file piece by piece instead of whole, for formats that allow it. */
  readonly stream?: (name: string, chunks: Iterable<Uint8Array>) => Profile;
}

// Content sniffing order matters: speedscope before hotspy (both are JSON objects), collapsed last.
const IMPORTERS: readonly Importer[] = [
  { format: 'cprofile', label: 'cProfile .prof (Python marshal)', fileNames: /\.(prof|pstats|cprof|cprofile)$/i, read: importCprofile },
  { format: 'speedscope', label: 'speedscope JSON', fileNames: /\.speedscope\.json$/i, sniffText: sniffSpeedscope, read: importSpeedscope },
  { format: 'hotspy', label: 'hotspy profile JSON', fileNames: /\.hotspy\.json$|^hotspy-profile.*\.json$/i, sniffText: sniffHotspy, read: importHotspy },
  { format: 'collapsed', label: 'collapsed stacks', fileNames: /\.(folded|collapsed)$/i, sniffText: sniffCollapsed, read: importCollapsed, stream: importCollapsedChunks },
  { format: 'pprof', label: 'pprof (gzipped profile.proto)', fileNames: /\.(pprof|pb)(\.gz)?$/i, read: importPprof },
];

// Larger than any real profile, small enough to refuse before reading gigabytes into memory.
export const MAX_PROFILE_BYTES = 2 ** 31;

export async function readProfileFile(path: string, options: ReadProfileOptions = {}): Promise<Profile> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ProfileFormatError(path, 'not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof ProfileFormatError) throw error;
    throw new ProfileFormatError(path, `cannot read: ${describeFsError(error)}`);
  }
  if (size > MAX_PROFILE_BYTES) throw new ProfileFormatError(path, `${size} bytes is larger than the ${MAX_PROFILE_BYTES}-byte limit for a profile`);
  if (size > 0) {
    const head = readHead(path, HEAD_BYTES);
    const importer = detectFormat(head, path);
    if (importer.stream) {
      options.verbose?.(`Importing as ${importer.label}`);
      try {
        return importer.stream(path, fileChunks(path));
      } catch (error) {
        throw asFormatError(error, path, importer.label);
      }
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ProfileFormatError(path, `cannot read: ${describeFsError(error)}`);
  }
  return readProfileBytes(bytes, path, options);
}

const HEAD_BYTES = 65536;
const CHUNK_BYTES = 1 << 20;

function readHead(path: string, limit: number): Uint8Array {
  const fd = openOrFail(path);
  try {
    const buffer = Buffer.alloc(limit);
    let filled = 0;
    while (filled < limit) {
      const n = readSync(fd, buffer, filled, limit - filled, null);
      if (n === 0) break;
      filled += n;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/** The file in pieces of CHUNK_BYTES; the buffer is reused, so a consumer must copy what it keeps. */
function* fileChunks(path: string): Generator<Uint8Array> {
  const fd = openOrFail(path);
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      } catch (error) {
        throw new ProfileFormatError(path, `cannot read: ${describeFsError(error)}`);
      }
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

function openOrFail(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (error) {
    throw new ProfileFormatError(path, `cannot read: ${describeFsError(error)}`);
  }
}

/** Same as readProfileFile on bytes already in memory; `name` is used for detection and messages. */
export function readProfileBytes(bytes: Uint8Array, name: string, options: ReadProfileOptions = {}): Profile {
  if (bytes.length === 0) throw new ProfileFormatError(name, 'empty file');
  const importer = detectFormat(bytes, name);
  options.verbose?.(`Importing as ${importer.label}`);
  const input = profileInput(name, bytes);
  try {
    return importer.read(input);
  } catch (error) {
    throw asFormatError(error, name, importer.label);
  }
}

/** The format hotspy would read these bytes as, or a ProfileFormatError listing what was tried. */
export function detectFormat(bytes: Uint8Array, name: string): Importer {
  if (sniffCprofile(bytes)) return IMPORTERS[0]!;
  if (sniffPprof(bytes)) return IMPORTERS.find((i) => i.format === 'pprof')!;
  const base = basename(name);
  const byName = IMPORTERS.find((i) => i.fileNames.test(base));
  if (byName) return byName;
  const head = headText(bytes);
  const byContent = IMPORTERS.find((i) => i.sniffText?.(head));
  if (byContent) return byContent;
  const tried = IMPORTERS.map((i) => i.label).join(', ');
  const what = looksBinary(bytes) ? 'binary data' : /^\s*[{[]/.test(head) ? 'JSON' : 'text';
  throw new ProfileFormatError(name, `unrecognized profile format: ${what} that is none of ${tried}`, undefined, {
    hint: 'hotspy reads the profiles written by `hotspy profile`, `python -m cProfile -o`, speedscope, pprof and py-spy (--format raw or speedscope)',
  });
}

/** The format names, for help text and errors elsewhere. */
export const PROFILE_FORMATS: readonly string[] = IMPORTERS.map((i) => i.label);

function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return code ?? String(error);
}

function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

// Builder limits and engine limits (a string or array too large for V8) become format errors;
// anything else is a bug and must keep its stack trace.
function asFormatError(error: unknown, name: string, label: string): unknown {
  if (error instanceof ProfileFormatError) {
    // Details may quote file content; the message must stay one printable line.
    const clean = oneLine(error.detail);
    return clean === error.detail ? error : new ProfileFormatError(error.file, clean, error.offset, { hint: error.hint });
  }
  if (error instanceof ProfileDataError) return new ProfileFormatError(name, `bad ${label}: ${error.message}`);
  if (error instanceof RangeError) return new ProfileFormatError(name, `too large to read as ${label} (${error.message})`);
  return error;
}
