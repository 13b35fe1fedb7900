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
  const text = input.text();
  const builder = new ProfileBuilder({ unit: 'samples' });
  const known = new Map<string, { id: number; line: number }>();
  const stack: number[] = [];
  const lines: number[] = [];
  let lineNo = 0;
  let start = 0;
  let samples = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '' || line.startsWith('#')) continue;
    const fail = (detail: string): never => {
      throw new ProfileFormatError(input.name, `line ${lineNo}: ${detail}`);
    };
    const space = line.trimEnd().lastIndexOf(' ');
    const countText = space < 0 ? '' : line.slice(space + 1).trimEnd();
    if (space < 0 || !COUNT.test(countText)) {
      fail(`no sample count at the end of the line (expected "frame;frame;... COUNT", got "${clip(line)}")`);
    }
    const stackText = line.slice(0, space).trimEnd();
    if (stackText === '') fail('a count without a stack');
    stack.length = 0;
    lines.length = 0;
    for (const element of stackText.split(';')) {
      if (element === '') fail(`empty frame name in "${clip(stackText)}"`);
      const level = rootLevelKind(element, stack.length, stack.length === 1 && builder.frameKind(stack[0]!) === 'process');
      if (level) {
        stack.push(builder.levelFrame(level, element));
        lines.push(0);
        continue;
      }
      let frame = known.get(element);
      if (!frame) {
        frame = parseFrame(element, builder);
        known.set(element, frame);
      }
      stack.push(frame.id);
      lines.push(frame.line);
    }
    const count = Number(countText);
    samples += count;
    builder.appendSample(stack, { wall: count, samples: count }, lines);
  }
  if (lineNo === 0 || builder.frameCount === 0) throw new ProfileFormatError(input.name, 'no stacks in the file');
  builder.meta.mode = 'sample';
  builder.meta.samples = samples;
  return builder.build('collapsed');
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
