// pprof (github.com/google/pprof/blob/main/proto/profile.proto): a profile.proto, usually gzipped,
// as hotspy's own exporter, Go, Pyroscope and py-spy's pprof output write it. Each sample lists
// location ids leaf first; a location's lines list inlined calls innermost first. Sample values are
// read by their type: wall and cpu time (any time unit) give a timed profile, `samples/count` the
// sample count; a profile with neither keeps its default (or first) value as unitless or bytes.
import { gunzipSync } from 'node:zlib';
import { Profile as PprofProfile } from 'pprof-format';
import { ProfileFormatError } from '../../errors.js';
import { ProfileBuilder, type Profile, type WeightUnit } from '../model.js';
import type { ProfileInput } from './input.js';

const GZIP_MAGIC = [0x1f, 0x8b];
// A real profile decompresses to well under this; a gzip bomb stops here instead of filling memory.
const MAX_DECOMPRESSED_BYTES = 2 ** 30;

const TIME_UNITS: Record<string, number> = { nanoseconds: 1e-9, microseconds: 1e-6, milliseconds: 1e-3, seconds: 1 };

export function sniffPprof(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

interface Columns {
  unit: WeightUnit;
  /** Value index and scale to seconds (or 1) of the main weight. */
  wall: { index: number; scale: number };
  cpu?: { index: number; scale: number };
  samples?: number;
}

export function importPprof(input: ProfileInput): Profile {
  const fail = (detail: string, offset?: number): never => {
    throw new ProfileFormatError(input.name, detail, offset);
  };
  const proto = decompress(input, fail);
  let decoded: PprofProfile;
  try {
    decoded = PprofProfile.decode(proto);
  } catch (error) {
    return fail(`not a valid pprof profile.proto: ${error instanceof Error ? error.message : String(error)}`);
  }
  const strings = decoded.stringTable.strings;
  const str = (index: unknown, where: string): string => {
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0 || i >= strings.length) fail(`${where}: string index ${String(index)} out of range (${strings.length} strings)`);
    return strings[i]!;
  };
  if (strings.length === 0 || strings[0] !== '') fail('string_table must start with the empty string');

  const types = decoded.sampleType.map((t, i) => ({ type: str(t.type, `sample_type[${i}].type`), unit: str(t.unit, `sample_type[${i}].unit`) }));
  if (types.length === 0) fail('no sample_type: the samples carry no named value');
  const columns = columnsOf(types, str(decoded.defaultSampleType, 'default_sample_type'));

  const builder = new ProfileBuilder({ unit: columns.unit });
  const functions = new Map<string, { name: string; file: string; line: number }>();
  decoded.function.forEach((f, i) => {
    const where = `function[${i}]`;
    functions.set(String(f.id), { name: str(f.name, `${where}.name`) || '(unknown)', file: str(f.filename, `${where}.filename`), line: lineNumber(f.startLine, `${where}.start_line`, fail) });
  });
  // location id -> frames root first (a location's lines are innermost first)
  const locations = new Map<string, { frames: number[]; lines: number[] }>();
  decoded.location.forEach((loc, i) => {
    const frames: number[] = [];
    const lines: number[] = [];
    for (let j = loc.line.length - 1; j >= 0; j--) {
      const line = loc.line[j]!;
      const where = `location[${i}].line[${j}]`;
      const fn = functions.get(String(line.functionId));
      if (!fn) return fail(`${where}: function id ${String(line.functionId)} is not in the function table`);
      frames.push(builder.frame(fn.name, fn.file, fn.line));
      lines.push(lineNumber(line.line, `${where}.line`, fail));
    }
    if (frames.length === 0) {
      // a location without symbols: only its address is known
      frames.push(builder.frame(`0x${BigInt(loc.address).toString(16)}`, '', 0));
      lines.push(0);
    }
    locations.set(String(loc.id), { frames, lines });
  });

  const stack: number[] = [];
  const stackLines: number[] = [];
  let samples = 0;
  // hotspy's exporter writes the process and thread levels as the labels "pid" (or "process") and
  // "thread"; they become the first levels of the stack again
  const pushLevels = (labels: readonly { key: unknown; str: unknown; num: unknown }[], i: number): void => {
    let process: string | undefined;
    let thread: string | undefined;
    labels.forEach((l, j) => {
      const key = str(l.key, `sample[${i}].label[${j}].key`);
      if (key === 'pid') process = `process ${String(l.num)}`;
      else if (key === 'process') process = str(l.str, `sample[${i}].label[${j}].str`);
      else if (key === 'thread') thread = `thread ${str(l.str, `sample[${i}].label[${j}].str`)}`;
    });
    if (process === undefined && thread === undefined) return;
    stack.push(builder.levelFrame('process', process ?? 'process'));
    stackLines.push(0);
    if (thread !== undefined) {
      stack.push(builder.levelFrame('thread', thread));
      stackLines.push(0);
    }
  };
  decoded.sample.forEach((sample, i) => {
    stack.length = 0;
    stackLines.length = 0;
    pushLevels(sample.label, i);
    for (let k = sample.locationId.length - 1; k >= 0; k--) {
      const loc = locations.get(String(sample.locationId[k]));
      if (!loc) return fail(`sample[${i}]: location id ${String(sample.locationId[k])} is not in the location table`);
      stack.push(...loc.frames);
      stackLines.push(...loc.lines);
    }
    if (sample.value.length !== types.length) fail(`sample[${i}]: ${sample.value.length} values for ${types.length} sample types`);
    const value = (index: number) => int64(sample.value[index]!);
    const count = columns.samples === undefined ? 1 : value(columns.samples);
    samples += count;
    if (stack.length === 0) return;
    builder.appendSample(
      stack,
      {
        wall: value(columns.wall.index) * columns.wall.scale,
        ...(columns.cpu ? { cpu: value(columns.cpu.index) * columns.cpu.scale } : {}),
        samples: count,
      },
      stackLines,
    );
  });

  const meta = builder.meta;
  meta.mode = 'sample';
  if (columns.samples !== undefined || columns.unit === 'samples') meta.samples = samples;
  const duration = Number(decoded.durationNanos);
  if (duration > 0) meta.wallTime = duration / 1e9;
  const start = Number(decoded.timeNanos);
  if (start > 0) meta.startTime = new Date(start / 1e6).toISOString();
  if (decoded.periodType) {
    const scale = TIME_UNITS[str(decoded.periodType.unit, 'period_type.unit')];
    const period = Number(decoded.period);
    if (scale !== undefined && period > 0) meta.interval = period * scale;
  }
  return builder.build('pprof');
}

function decompress(input: ProfileInput, fail: (detail: string, offset?: number) => never): Uint8Array {
  if (!sniffPprof(input.bytes)) return input.bytes;
  try {
    return gunzipSync(input.bytes, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return fail(`decompresses to more than ${MAX_DECOMPRESSED_BYTES} bytes`);
    return fail(`not valid gzip data: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Which sample values become the model's weights. */
function columnsOf(types: { type: string; unit: string }[], defaultType: string): Columns {
  const timed = (name: string) => types.findIndex((t) => t.type === name && TIME_UNITS[t.unit] !== undefined);
  const count = types.findIndex((t) => t.type === 'samples' && t.unit === 'count');
  const wall = timed('wall');
  const cpu = timed('cpu');
  const time = wall >= 0 ? wall : cpu;
  if (time >= 0) {
    return {
      unit: 'seconds',
      wall: { index: time, scale: TIME_UNITS[types[time]!.unit]! },
      ...(wall >= 0 && cpu >= 0 ? { cpu: { index: cpu, scale: TIME_UNITS[types[cpu]!.unit]! } } : {}),
      ...(count >= 0 ? { samples: count } : {}),
    };
  }
  let main = types.findIndex((t) => t.type === defaultType && defaultType !== '');
  if (main < 0) main = count >= 0 ? count : 0;
  const unit: WeightUnit = types[main]!.unit === 'bytes' ? 'bytes' : 'samples';
  return { unit, wall: { index: main, scale: 1 }, ...(count >= 0 && unit === 'samples' ? { samples: count } : {}) };
}

/** The decoder hands int64 fields back as unsigned: -5 arrives as 2^64 - 5. */
function int64(value: number | bigint): number {
  return typeof value === 'bigint' ? Number(BigInt.asIntN(64, value)) : value;
}

function lineNumber(value: number | bigint, where: string, fail: (detail: string) => never): number {
  const n = int64(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) return fail(`${where}: expected a line number, got ${String(value)}`);
  return n;
}
