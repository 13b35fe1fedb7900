// The hotspy profile JSON (docs/profile-format.md), written by the harness and by our exporter.
// Stacks (sample mode) and calls (trace mode) are replayed through the builder; the `functions`
// and `lines` summaries are only used when a file has neither (a hand-written or minimal file),
// so every total is derived the same way as for other formats.
import { z } from 'zod';
import { ProfileFormatError } from '../../errors.js';
import { ProfileBuilder, type CensusStats, type ProcessInfo, type Profile } from '../model.js';
import { parseJson, type ProfileInput } from './input.js';
import { plural } from '../../plural.js';

export const HOTSPY_PROFILE_VERSION = 1;

/** A JSON object with the hotspy keys and without speedscope's. */
export function sniffHotspy(head: string): boolean {
  return /^\s*\{/.test(head) && /"version"\s*:\s*\d/.test(head) && /"meta"\s*:/.test(head) && !/"\$schema"\s*:/.test(head);
}

const num = z.number().finite();
const optionalNum = num.nullish();
const memoryLine = z.looseObject({ file: z.string(), line: z.number().int().min(0), size: num, count: num });

const processSchema = z.looseObject({
  pid: z.number().int().min(0),
  ppid: z.number().int().min(0).nullish(),
  command: z.array(z.string()).nullish(),
  how: z.enum(['root', 'fork', 'exec']).nullish(),
  wallTime: optionalNum,
  cpuTime: optionalNum,
  samples: optionalNum,
  threads: optionalNum,
  exitCode: optionalNum,
  reason: z.string().nullish(),
});

const metaSchema = z.looseObject({
  command: z.array(z.string()).nullish(),
  pid: z.number().int().min(0).nullish(),
  processes: z.array(processSchema).nullish(),
  python: z.string().nullish(),
  executable: z.string().nullish(),
  mode: z.enum(['sample', 'trace']).nullish(),
  unit: z.enum(['seconds', 'samples', 'bytes']).nullish(),
  rate: optionalNum,
  interval: optionalNum,
  startTime: z.string().nullish(),
  cwd: z.string().nullish(),
  wallTime: optionalNum,
  cpuTime: optionalNum,
  peakRss: optionalNum,
  threads: optionalNum,
  runQueueTime: optionalNum,
  mainRunQueueTime: optionalNum,
  threadCpuTimes: z.array(num).nullish(),
  samples: optionalNum,
  foldedSamples: optionalNum,
  foldDepth: optionalNum,
  exitCode: optionalNum,
  partial: z.boolean().nullish(),
  reason: z.string().nullish(),
  samplingStopped: z.looseObject({ call: z.string(), time: num }).nullish(),
  exception: z.looseObject({ type: z.string(), message: z.string(), traceback: z.string().nullish() }).nullish(),
  gc: z.looseObject({ time: num, collections: z.array(num), collected: z.array(num) }).nullish(),
  caches: z
    .array(
      z.looseObject({
        file: z.string(),
        line: z.number().int().min(0),
        name: z.string(),
        hits: z.number().int().min(0),
        misses: z.number().int().min(0),
        maxsize: z.number().int().nullish(),
        currsize: z.number().int().min(0),
      }),
    )
    .nullish(),
  slots: z
    .looseObject({
      counts: z.number().int().min(0),
      seconds: num,
      classes: z.array(
        z.looseObject({
          file: z.string(),
          line: z.number().int().min(0),
          name: z.string(),
          peak: z.number().int().min(0),
          peakTime: num,
          atExit: z.number().int().min(0),
          attributes: z.number().int().min(0).nullish(),
          bytesPerInstance: z.number().nullish(),
          bytesSaved: z.number().nullish(),
        }),
      ),
    })
    .nullish(),
});

const memorySchema = z.looseObject({
  mode: z.enum(['resident', 'exact']).nullish(),
  peakTraced: optionalNum,
  top: z.array(memoryLine).nullish(),
  snapshots: z.array(z.looseObject({ time: num, current: num, top: z.array(memoryLine).nullish() })).nullish(),
});

const count = z.number().int().min(0);
const censusSchema = z.looseObject({
  mechanism: z.string().nullish(),
  startedAt: optionalNum,
  span: optionalNum,
  onTime: optionalNum,
  coverage: optionalNum,
  cost: optionalNum,
  error: z.string().nullish(),
  functions: z
    .array(
      z.looseObject({
        file: z.string(),
        line: count,
        name: z.string(),
        calls: count,
        hashedCalls: count,
        distinct: count,
        repeats: count,
        lastNewAt: count.nullish(),
        seenOnce: count.nullish(),
        seenTwice: count.nullish(),
        coverage: optionalNum,
        keysFull: z.boolean().nullish(),
        unhashableCalls: count.nullish(),
        customHashCalls: count.nullish(),
        identityCalls: count.nullish(),
        argumentTypes: z.array(z.looseObject({ type: z.string(), calls: count })).nullish(),
        callbackTime: optionalNum,
      }),
    )
    .nullish(),
  sites: z
    .array(
      z.looseObject({
        file: z.string(),
        line: count,
        expression: z.string(),
        operation: z.string().nullish(),
        rule: z.string().nullish(),
        observations: count,
        unreadable: count.nullish(),
        types: z.array(z.looseObject({ type: z.string(), count, maxLen: count.nullish() })).nullish(),
      }),
    )
    .nullish(),
});

function censusOf(census: z.infer<typeof censusSchema>): CensusStats {
  return {
    mechanism: census.mechanism ?? null,
    startedAt: census.startedAt ?? null,
    span: census.span ?? 0,
    onTime: census.onTime ?? 0,
    coverage: census.coverage ?? 0,
    cost: census.cost ?? 0,
    error: census.error ?? null,
    functions: (census.functions ?? []).map((f) => ({
      file: f.file,
      line: f.line,
      name: f.name,
      calls: f.calls,
      hashedCalls: f.hashedCalls,
      distinct: f.distinct,
      repeats: f.repeats,
      lastNewAt: f.lastNewAt ?? f.hashedCalls,
      seenOnce: f.seenOnce ?? 0,
      seenTwice: f.seenTwice ?? 0,
      coverage: f.coverage ?? census.coverage ?? 1,
      keysFull: f.keysFull ?? false,
      unhashableCalls: f.unhashableCalls ?? 0,
      customHashCalls: f.customHashCalls ?? 0,
      identityCalls: f.identityCalls ?? 0,
      argumentTypes: (f.argumentTypes ?? []).map((t) => ({ type: t.type, calls: t.calls })),
      callbackTime: f.callbackTime ?? 0,
    })),
    sites: (census.sites ?? []).map((s) => ({
      file: s.file,
      line: s.line,
      expression: s.expression,
      operation: s.operation ?? '',
      rule: s.rule ?? '',
      observations: s.observations,
      unreadable: s.unreadable ?? 0,
      types: (s.types ?? []).map((t) => ({ type: t.type, count: t.count, maxLen: t.maxLen ?? 0 })),
    })),
  };
}

export function importHotspy(input: ProfileInput): Profile {
  const fail = (detail: string): never => {
    throw new ProfileFormatError(input.name, detail);
  };
  const doc = parseJson(input, 'hotspy profile');
  if (!isObject(doc)) return fail('not a hotspy profile: the JSON is not an object');
  if (doc.version !== HOTSPY_PROFILE_VERSION) {
    return fail(
      typeof doc.version === 'number'
        ? `hotspy profile version ${doc.version} is not supported (this hotspy reads version ${HOTSPY_PROFILE_VERSION})`
        : 'not a hotspy profile: "version" is missing',
    );
  }
  const meta = parseWith(metaSchema, doc.meta ?? {}, 'meta', fail);
  const unit = meta.unit ?? 'seconds';
  const builder = new ProfileBuilder({ unit });
  const m = builder.meta;
  m.command = meta.command ?? [];
  m.partial = meta.partial ?? false;
  assignDefined(m, {
    pid: meta.pid ?? undefined,
    processes: meta.processes?.map((p) => {
      const info: ProcessInfo = { pid: p.pid, command: p.command ?? [], how: p.how ?? 'exec' };
      assignDefined(info, {
        ppid: p.ppid ?? undefined,
        wallTime: p.wallTime ?? undefined,
        cpuTime: p.cpuTime ?? undefined,
        samples: p.samples ?? undefined,
        threads: p.threads ?? undefined,
        exitCode: p.exitCode ?? undefined,
        reason: p.reason ?? undefined,
      });
      return info;
    }),
    python: meta.python ?? undefined,
    executable: meta.executable ?? undefined,
    mode: meta.mode ?? undefined,
    rate: meta.rate ?? undefined,
    interval: meta.interval ?? undefined,
    startTime: meta.startTime ?? undefined,
    cwd: meta.cwd ?? undefined,
    wallTime: meta.wallTime ?? undefined,
    cpuTime: meta.cpuTime ?? undefined,
    peakRss: meta.peakRss ?? undefined,
    threads: meta.threads ?? undefined,
    runQueueTime: meta.runQueueTime ?? undefined,
    mainRunQueueTime: meta.mainRunQueueTime ?? undefined,
    threadCpuTimes: meta.threadCpuTimes ?? undefined,
    samples: meta.samples ?? undefined,
    foldedSamples: meta.foldedSamples ?? undefined,
    foldDepth: meta.foldDepth ?? undefined,
    exitCode: meta.exitCode ?? undefined,
    reason: meta.reason ?? null,
    samplingStopped: meta.samplingStopped ? { call: meta.samplingStopped.call, time: meta.samplingStopped.time } : undefined,
    exception: meta.exception ? { type: meta.exception.type, message: meta.exception.message, ...(meta.exception.traceback ? { traceback: meta.exception.traceback } : {}) } : null,
    gc: meta.gc ? { time: meta.gc.time, collections: meta.gc.collections, collected: meta.gc.collected } : undefined,
    caches: meta.caches?.map((c) => ({ file: c.file, line: c.line, name: c.name, hits: c.hits, misses: c.misses, maxsize: c.maxsize ?? null, currsize: c.currsize })),
    slots: meta.slots
      ? {
          counts: meta.slots.counts,
          seconds: meta.slots.seconds,
          classes: meta.slots.classes.map((c) => ({
            file: c.file, line: c.line, name: c.name, peak: c.peak, peakTime: c.peakTime, atExit: c.atExit,
            attributes: c.attributes ?? null, bytesPerInstance: c.bytesPerInstance ?? null, bytesSaved: c.bytesSaved ?? null,
          })),
        }
      : undefined,
  });

  const frames = arrayAt(doc, 'frames', fail).map((f, i) => {
    if (!isObject(f) || typeof f.name !== 'string') return fail(`frames[${i}]: expected {"file", "name", "line"}`);
    if (f.kind === 'process' || f.kind === 'thread') return builder.levelFrame(f.kind, f.name);
    return builder.frame(f.name, typeof f.file === 'string' ? f.file : '', intAt(f.line ?? 0, `frames[${i}].line`, fail));
  });
  const isLevel = (index: number | undefined): boolean => index !== undefined && builder.frameKind(index) !== undefined;
  const frameAt = (value: unknown, where: string): number => {
    const index = intAt(value, where, fail);
    if (index >= frames.length) return fail(`${where}: frame index ${index} out of range (${plural(frames.length, 'frame')})`);
    return frames[index]!;
  };

  const stacks = arrayAt(doc, 'stacks', fail);
  const threads = new Set<string>();
  const levelFrames = {
    process: (pid: number | null | undefined) => builder.levelFrame('process', pid === undefined || pid === null ? 'process' : `process ${pid}`),
    thread: (name: string) => builder.levelFrame('thread', `thread ${name}`),
  };
  stacks.forEach((s, i) => {
    const where = `stacks[${i}]`;
    if (!isObject(s) || !Array.isArray(s.stack)) return fail(`${where}: expected {"stack": [...], "wall": ...}`);
    let stack = s.stack.map((f, j) => frameAt(f, `${where}.stack[${j}]`));
    let lines = Array.isArray(s.lines) ? s.lines.map((l, j) => intAt(l, `${where}.lines[${j}]`, fail)) : undefined;
    if (lines && lines.length !== stack.length) fail(`${where}: "lines" has ${plural(lines.length, 'entry', 'entries')} for ${plural(stack.length, 'frame')}`);
    const thread = typeof s.thread === 'string' ? s.thread : undefined;
    const pid = s.process === undefined || s.process === null ? meta.pid : intAt(s.process, `${where}.process`, fail);
    if (thread !== undefined) threads.add(`${pid ?? ''}\u0000${thread}`);
    // The harness writes the process and thread as fields; the model has them as the first levels
    // (files written by our exporter carry them as frames, or not at all when their source had none).
    if (thread !== undefined && !isLevel(stack[0])) {
      stack = [levelFrames.process(pid), levelFrames.thread(thread), ...stack];
      if (lines) lines = [0, 0, ...lines];
    }
    builder.appendSample(
      stack,
      {
        wall: numberAt(s.wall ?? 0, `${where}.wall`, fail),
        ...(s.cpu === undefined || s.cpu === null ? {} : { cpu: numberAt(s.cpu, `${where}.cpu`, fail) }),
        ...(s.native === undefined || s.native === null ? {} : { native: numberAt(s.native, `${where}.native`, fail) }),
        samples: numberAt(s.count ?? 1, `${where}.count`, fail),
      },
      lines,
    );
  });

  const calls = arrayAt(doc, 'calls', fail);
  calls.forEach((c, i) => {
    const where = `calls[${i}]`;
    if (!isObject(c)) return fail(`${where}: expected an object`);
    const frame = frameAt(c.frame, `${where}.frame`);
    builder.addFunctionCalls(frame, callStats(c, where, fail));
    arrayAt(c, 'callers', fail, where).forEach((e, j) => {
      const edgeWhere = `${where}.callers[${j}]`;
      if (!isObject(e)) return fail(`${edgeWhere}: expected an object`);
      builder.addCallEdge(frameAt(e.frame, `${edgeWhere}.frame`), frame, callStats(e, edgeWhere, fail));
    });
  });

  if (stacks.length === 0 && calls.length === 0) importFunctionSummaries(doc, builder, fail);
  if (stacks.length === 0) importLineSummaries(doc, builder, fail);
  if (meta.mode === 'sample' && m.cpuTime !== undefined) builder.markCpuKnown();
  if (doc.memory !== undefined && doc.memory !== null) {
    const memory = parseWith(memorySchema, doc.memory, 'memory', fail);
    builder.memory = {
      ...(memory.mode ? { mode: memory.mode } : {}),
      peakTraced: memory.peakTraced ?? null,
      top: memory.top ?? [],
      snapshots: (memory.snapshots ?? []).map((s) => ({ time: s.time, current: s.current, top: s.top ?? [] })),
    };
  }
  if (doc.census !== undefined && doc.census !== null) builder.census = censusOf(parseWith(censusSchema, doc.census, 'census', fail));
  if (m.threads === undefined && threads.size > 0) m.threads = threads.size;
  return builder.build('hotspy');
}

type Fail = (detail: string) => never;

// Files with only the summary keys (the minimal shape the issue promises): functions are taken
// as given, with their call counts when they have them.
function importFunctionSummaries(doc: Record<string, unknown>, builder: ProfileBuilder, fail: Fail): void {
  arrayAt(doc, 'functions', fail).forEach((f, i) => {
    const where = `functions[${i}]`;
    if (!isObject(f) || typeof f.name !== 'string') return fail(`${where}: expected {"file", "line", "name", ...}`);
    const frame = builder.frame(f.name, typeof f.file === 'string' ? f.file : '', intAt(f.line ?? 0, `${where}.line`, fail));
    const optional = (key: string): number | undefined => (f[key] === null || f[key] === undefined ? undefined : numberAt(f[key], `${where}.${key}`, fail));
    const selfWall = optional('selfTime') ?? 0;
    builder.addFunctionStats(frame, {
      selfWall,
      totalWall: optional('totalTime') ?? selfWall,
      selfCpu: optional('selfCpuTime'),
      totalCpu: optional('totalCpuTime') ?? optional('selfCpuTime'),
      calls: optional('calls') ?? null,
      primitiveCalls: optional('primitiveCalls') ?? null,
    });
  });
}

// Line weights can only be rebuilt from stacks; without stacks (trace mode) they are taken as given.
function importLineSummaries(doc: Record<string, unknown>, builder: ProfileBuilder, fail: Fail): void {
  arrayAt(doc, 'lines', fail).forEach((l, i) => {
    const where = `lines[${i}]`;
    if (!isObject(l) || typeof l.file !== 'string') return fail(`${where}: expected {"file", "line", "selfTime", ...}`);
    const optional = (v: unknown, what: string): number | undefined => (v === null || v === undefined ? undefined : numberAt(v, `${where}.${what}`, fail));
    builder.addLineStats(l.file, intAt(l.line, `${where}.line`, fail), {
      selfWall: numberAt(l.selfTime ?? 0, `${where}.selfTime`, fail),
      selfCpu: optional(l.cpuTime, 'cpuTime'),
      totalWall: optional(l.totalTime, 'totalTime'),
      totalCpu: optional(l.totalCpuTime, 'totalCpuTime'),
    });
  });
}

function callStats(c: Record<string, unknown>, where: string, fail: Fail) {
  const calls = numberAt(c.calls ?? 0, `${where}.calls`, fail);
  return {
    calls,
    primitiveCalls: numberAt(c.primitiveCalls ?? calls, `${where}.primitiveCalls`, fail),
    selfTime: numberAt(c.selfTime ?? 0, `${where}.selfTime`, fail),
    totalTime: numberAt(c.totalTime ?? 0, `${where}.totalTime`, fail),
  };
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, where: string, fail: Fail): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [where, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('').replace(/\.\[/g, '[');
  return fail(`${path}: ${issue.message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayAt(doc: Record<string, unknown>, key: string, fail: Fail, where?: string): unknown[] {
  const value = doc[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(`${where ? `${where}.` : ''}${key}: expected an array`);
  return value;
}

function numberAt(value: unknown, where: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return fail(`${where}: expected a non-negative number, got ${preview(value)}`);
  return value;
}

function intAt(value: unknown, where: string, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return fail(`${where}: expected a non-negative integer, got ${preview(value)}`);
  return value;
}

function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [k, v] of Object.entries(values)) if (v !== undefined) (target as Record<string, unknown>)[k] = v;
}

/** A short rendering of an untrusted value for a one-line message. */
export function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
