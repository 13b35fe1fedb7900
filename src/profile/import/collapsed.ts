// Collapsed ("folded") stacks, one sample aggregate a line: `root;caller;leaf 42`, as written by
// flamegraph.pl's stackcollapse scripts and `py-spy record --format raw`. py-spy frames look like
// `func (path/file.py:12)`, where 12 is the line executing, not the function's first line; frames
// without a recognisable `(file[:line])` suffix are kept as bare names. Counts are samples.
// Blank lines and `#` comments are skipped; any other line must end with a count.
import { ProfileFormatError } from '../../errors.js';
import { ProfileBuilder, rootLevelKind, type Profile } from '../model.js';
import type { ProfileInput } from './input.js';

const LINE_SHAPE = /^[^\s].* \d+(\.\d+)?\r?$/;
const COUNT = /^\d+(\.\d+)?$/;
const PY_SPY_FRAME = /^(.*) \(([^()]*?)(?::(\d+))?\)$/;

/** The first meaningful line looks like `stack count`. */
export function sniffCollapsed(head: string): boolean {
  for (const line of head.split('\n').slice(0, 20)) {
    const trimmed = line.replace(/\r$/, '');
    if (trimmed.trim() === '' || trimmed.startsWith('#')) continue;
    return LINE_SHAPE.test(trimmed);
  }
  return false;
}

export function importCollapsed(input: ProfileInput): Profile {
  return importCollapsedChunks(input.name, [input.bytes]);
}

/**
 * The same from a file read piece by piece: neither the whole file nor its text is ever held, and
 * each distinct frame text is parsed and kept once, so memory follows the call tree, not the input.
 */
export function importCollapsedChunks(name: string, chunks: Iterable<Uint8Array>): Profile {
  const parser = new CollapsedParser(name);
  const decoder = new TextDecoder('utf-8');
  let carry = '';
  // the decoder drops a leading BOM itself
  for (const chunk of chunks) carry = parser.lines(carry + decoder.decode(chunk, { stream: true }));
  parser.lines(carry + decoder.decode(), true);
  return parser.finish();
}

class CollapsedParser {
  private readonly builder = new ProfileBuilder({ unit: 'samples' });
  private readonly known = new Map<string, { id: number; line: number }>();
  private readonly stack: number[] = [];
  private readonly lineNumbers: number[] = [];
  private lineNo = 0;
  private samples = 0;

  constructor(private readonly name: string) {}

  /** Parses the complete lines of `text`; returns the unfinished last line unless `last`. */
  lines(text: string, last = false): string {
    let start = 0;
    while (start < text.length) {
      const end = text.indexOf('\n', start);
      if (end < 0 && !last) return text.slice(start);
      const stop = end < 0 ? text.length : end;
      this.line(text.slice(start, stop));
      start = stop + 1;
    }
    return '';
  }

  private line(raw: string): void {
    this.lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.startsWith('#')) return;
    const space = line.trimEnd().lastIndexOf(' ');
    const countText = space < 0 ? '' : line.slice(space + 1).trimEnd();
    if (space < 0 || !COUNT.test(countText)) {
      this.fail(`no sample count at the end of the line (expected "frame;frame;... COUNT", got "${clip(line)}")`);
    }
    const stackText = line.slice(0, space).trimEnd();
    if (stackText === '') this.fail('a count without a stack');
    const { stack, lineNumbers, known, builder } = this;
    stack.length = 0;
    lineNumbers.length = 0;
    let from = 0;
    for (;;) {
      const semicolon = stackText.indexOf(';', from);
      const element = semicolon < 0 ? stackText.slice(from) : stackText.slice(from, semicolon);
      if (element === '') this.fail(`empty frame name in "${clip(stackText)}"`);
      from = semicolon + 1;
      const level = rootLevelKind(element, stack.length, stack.length === 1 && builder.frameKind(stack[0]!) === 'process');
      if (level) {
        stack.push(builder.levelFrame(level, element));
        lineNumbers.push(0);
        if (semicolon < 0) break;
        continue;
      }
      let frame = known.get(element);
      if (!frame) {
        // A copy, not a slice: a slice would keep this whole chunk of the file alive as long as the map.
        const own = Buffer.from(element, 'utf8').toString('utf8');
        frame = parseFrame(own, builder);
        known.set(own, frame);
      }
      stack.push(frame.id);
      lineNumbers.push(frame.line);
      if (semicolon < 0) break;
    }
    const count = Number(countText);
    this.samples += count;
    builder.appendSample(stack, { wall: count, samples: count }, lineNumbers);
  }

  finish(): Profile {
    const { builder } = this;
    if (this.lineNo === 0 || builder.frameCount === 0) throw new ProfileFormatError(this.name, 'no stacks in the file');
    builder.meta.mode = 'sample';
    builder.meta.samples = this.samples;
    return builder.build('collapsed');
  }

  private fail(detail: string): never {
    throw new ProfileFormatError(this.name, `line ${this.lineNo}: ${detail}`);
  }
}

function parseFrame(element: string, builder: ProfileBuilder): { id: number; line: number } {
  const m = PY_SPY_FRAME.exec(element);
  // "thread (0x7f3a...)" and similar py-spy pseudo-frames are names, not files.
  if (m && /[./\\<]/.test(m[2]!)) {
    return { id: builder.frame(m[1]!, m[2]!, 0), line: m[3] === undefined ? 0 : Math.min(Number(m[3]), 0xffffffff) };
  }
  return { id: builder.frame(element, '', 0), line: 0 };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
