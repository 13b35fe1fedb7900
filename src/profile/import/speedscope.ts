// speedscope's file format (https://www.speedscope.app/file-format-schema.json): shared frames and
// one or more `evented` or `sampled` profiles (typically one per thread), merged here into one
// model. A frame's `line` is taken as the line executing in it, as py-spy writes them, and frames
// of the same function (name and file) are one model frame.
// Files written by hotspy's own exporter carry a "(cpu)" profile beside the "(wall)" one with the
// same samples; it is read back as the CPU weight of those samples.
import { ProfileFormatError } from '../../errors.js';
import { ProfileBuilder, rootLevelKind, type Profile, type WeightUnit } from '../model.js';
import { preview } from './hotspy.js';
import { parseJson, type ProfileInput } from './input.js';
import { plural } from '../../plural.js';

export const SPEEDSCOPE_SCHEMA = 'https://www.speedscope.app/file-format-schema.json';

const TIME_UNITS: Record<string, number> = { nanoseconds: 1e-9, microseconds: 1e-6, milliseconds: 1e-3, seconds: 1 };

export function sniffSpeedscope(head: string): boolean {
  return /^\s*\{/.test(head) && (/"\$schema"\s*:\s*"[^"]*speedscope/.test(head) || (/"shared"\s*:/.test(head) && /"profiles"\s*:/.test(head)));
}

type Fail = (detail: string) => never;

export function importSpeedscope(input: ProfileInput): Profile {
  const fail: Fail = (detail) => {
    throw new ProfileFormatError(input.name, detail);
  };
  const doc = parseJson(input, 'speedscope');
  if (!isObject(doc)) return fail('not a speedscope file: the JSON is not an object');
  if (!isObject(doc.shared) || !Array.isArray(doc.shared.frames)) return fail('not a speedscope file: "shared.frames" is missing');
  if (!Array.isArray(doc.profiles)) return fail('not a speedscope file: "profiles" is missing');
  const profiles = doc.profiles as unknown[];
  profiles.forEach((p, i) => {
    if (!isObject(p)) fail(`profiles[${i}]: expected an object`);
  });
  const typed = profiles as Record<string, unknown>[];

  const units = typed.map((p, i) => unitOf(p.unit, `profiles[${i}].unit`, fail));
  const cpuPairs = hotspyCpuPairs(doc, typed);
  const weighted = typed.filter((_, i) => !cpuPairs.has(i));
  const unit = units[typed.indexOf(weighted[0] ?? typed[0]!)]?.unit ?? 'seconds';
  typed.forEach((_, i) => {
    if (!cpuPairs.has(i) && units[i]!.unit !== unit) fail(`profiles[${i}].unit: "${units[i]!.name}" mixes with "${units[0]!.name}" in one file`);
  });

  const builder = new ProfileBuilder({ unit });
  const raw = (doc.shared.frames as unknown[]).map((f, i) => {
    if (!isObject(f) || typeof f.name !== 'string') return fail(`shared.frames[${i}]: expected {"name": ...}`);
    const line = f.line === undefined || f.line === null ? 0 : f.line;
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 0) return fail(`shared.frames[${i}].line: expected a line number, got ${preview(line)}`);
    return { name: f.name, file: typeof f.file === 'string' ? f.file : '', line };
  });
  // py-spy writes one speedscope frame per (function, line); one function is one model frame, its
  // first line approximated by the smallest line seen.
  const firstLine = new Map<string, number>();
  for (const f of raw) {
    const key = `${f.file}\u0000${f.name}`;
    const seen = firstLine.get(key);
    if (f.line > 0 && (seen === undefined || seen === 0 || f.line < seen)) firstLine.set(key, f.line);
    else if (seen === undefined) firstLine.set(key, 0);
  }
  const frames = raw.map((f) => ({ id: builder.frame(f.name, f.file, firstLine.get(`${f.file}\u0000${f.name}`)!), line: f.line }));
  const frameAt = (value: unknown, where: string): { id: number; line: number } => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= frames.length) {
      return fail(`${where}: frame index ${preview(value)} out of range (${plural(frames.length, 'frame')})`);
    }
    return frames[value]!;
  };

  // Our export writes the process and thread levels as file-less root frames (rootLevelKind).
  const levelAt = (index: number, depth: number, stack: number[]): number | undefined => {
    const r = raw[index]!;
    if (r.file) return undefined;
    const kind = rootLevelKind(r.name, depth, depth === 1 && builder.frameKind(stack[0]!) === 'process');
    return kind ? builder.levelFrame(kind, r.name) : undefined;
  };

  typed.forEach((p, i) => {
    if (cpuPairs.has(i)) return;
    const where = `profiles[${i}]`;
    const scale = units[i]!.scale;
    const cpuIndex = [...cpuPairs].find(([, wall]) => wall === i)?.[0];
    const cpu = cpuIndex === undefined ? undefined : (typed[cpuIndex]!.weights as unknown[]);
    if (p.type === 'sampled') importSampled(p, where, scale, cpu);
    else if (p.type === 'evented') importEvented(p, where, scale);
    else fail(`${where}.type: expected "sampled" or "evented", got ${preview(p.type)}`);
  });
  builder.meta.threads = weighted.length;
  builder.meta.mode = 'sample';
  if (typeof doc.name === 'string') builder.meta.command = [doc.name];
  return builder.build('speedscope');

  function importSampled(p: Record<string, unknown>, where: string, scale: number, cpu: unknown[] | undefined): void {
    if (!Array.isArray(p.samples) || !Array.isArray(p.weights)) fail(`${where}: a sampled profile needs "samples" and "weights" arrays`);
    const samples = p.samples as unknown[];
    const weights = p.weights as unknown[];
    if (samples.length !== weights.length) fail(`${where}: ${plural(samples.length, 'sample')} but ${plural(weights.length, 'weight')}`);
    const stack: number[] = [];
    const lines: number[] = [];
    samples.forEach((s, j) => {
      if (!Array.isArray(s)) fail(`${where}.samples[${j}]: expected an array of frame indexes`);
      stack.length = 0;
      lines.length = 0;
      (s as unknown[]).forEach((f, k) => {
        const frame = frameAt(f, `${where}.samples[${j}][${k}]`);
        stack.push((k < 2 ? levelAt(f as number, k, stack) : undefined) ?? frame.id);
        lines.push(frame.line);
      });
      const w = weightAt(weights[j], `${where}.weights[${j}]`);
      builder.appendSample(stack, { wall: w * scale, ...(cpu ? { cpu: weightAt(cpu[j], `cpu weights[${j}]`) * scale } : {}) }, lines);
    });
  }

  function importEvented(p: Record<string, unknown>, where: string, scale: number): void {
    if (!Array.isArray(p.events)) fail(`${where}: an evented profile needs an "events" array`);
    const replay = builder.openEvented();
    (p.events as unknown[]).forEach((e, j) => {
      const at = `${where}.events[${j}]`;
      if (!isObject(e)) fail(`${at}: expected {"type", "frame", "at"}`);
      const event = e as Record<string, unknown>;
      const time = finiteAt(event.at, `${at}.at`) * scale;
      const frame = frameAt(event.frame, `${at}.frame`);
      if (event.type === 'O') replay.enterFrame(frame.id, time, frame.line);
      else if (event.type === 'C') replay.leaveFrame(frame.id, time);
      else fail(`${at}.type: expected "O" or "C", got ${preview(event.type)}`);
    });
    replay.finish(finiteAt(p.endValue ?? 0, `${where}.endValue`) * scale);
  }

  function weightAt(value: unknown, where: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return fail(`${where}: expected a non-negative weight, got ${preview(value)}`);
    return value;
  }

  function finiteAt(value: unknown, where: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`${where}: expected a number, got ${preview(value)}`);
    return value;
  }
}

function unitOf(value: unknown, where: string, fail: Fail): { unit: WeightUnit; scale: number; name: string } {
  const name = value === undefined ? 'none' : value;
  if (typeof name !== 'string') return fail(`${where}: expected a unit name, got ${preview(value)}`);
  if (name in TIME_UNITS) return { unit: 'seconds', scale: TIME_UNITS[name]!, name };
  if (name === 'none') return { unit: 'samples', scale: 1, name };
  if (name === 'bytes') return { unit: 'bytes', scale: 1, name };
  return fail(`${where}: unknown unit ${preview(value)}`);
}

/** cpu profile index -> wall profile index, for files hotspy exported with both. */
function hotspyCpuPairs(doc: Record<string, unknown>, profiles: Record<string, unknown>[]): Map<number, number> {
  const pairs = new Map<number, number>();
  if (typeof doc.exporter !== 'string' || !doc.exporter.startsWith('hotspy')) return pairs;
  profiles.forEach((p, i) => {
    const wall = profiles[i - 1];
    if (
      i > 0 &&
      wall &&
      p.type === 'sampled' &&
      wall.type === 'sampled' &&
      typeof p.name === 'string' &&
      p.name.endsWith('(cpu)') &&
      Array.isArray(p.weights) &&
      Array.isArray(wall.weights) &&
      p.weights.length === wall.weights.length &&
      p.unit === wall.unit
    ) {
      pairs.set(i, i - 1);
    }
  });
  return pairs;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
