// cProfile / pstats `.prof` files: `marshal.dump(stats)` where stats is the dict
//   (file, line, funcname) -> (cc, nc, tt, ct, callers)
// and callers maps a caller's (file, line, funcname) to (nc, cc, tt, ct) - note the swapped
// order, as cProfile.Profile.snapshot_stats writes it - or, from the pure-Python `profile`
// module, to a plain call count. Built-ins have file "~" and line 0.
import { ProfileFormatError } from '../../errors.js';
import { ProfileBuilder, type Profile } from '../model.js';
import type { ProfileInput } from './input.js';
import { decodeMarshal, MarshalDict, MarshalError, type MarshalValue } from './marshal.js';

const TYPE_DICT = 0x7b;
const FLAG_REF = 0x80;
// What may follow the dict's type byte: a key tuple ('(' or ')', maybe with the ref flag), a
// reference to one, or '0' for an empty dict.
const KEY_START = new Set([0x28, 0x29, 0xa8, 0xa9, 0x72, 0x30]);

/** A marshal dict whose first key is a tuple: what cProfile writes, and never valid JSON or text. */
export function sniffCprofile(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return bytes.length === 1 && (bytes[0] === TYPE_DICT || bytes[0] === (TYPE_DICT | FLAG_REF));
  return (bytes[0] === TYPE_DICT || bytes[0] === (TYPE_DICT | FLAG_REF)) && KEY_START.has(bytes[1]!);
}

interface Stat {
  calls: number;
  primitiveCalls: number;
  selfTime: number;
  totalTime: number;
}

export function importCprofile(input: ProfileInput): Profile {
  const fail = (detail: string, offset?: number): never => {
    throw new ProfileFormatError(input.name, detail, offset);
  };
  if (input.bytes.length === 0) fail('empty file');
  if (!sniffCprofile(input.bytes)) {
    const head = [...input.bytes.subarray(0, 2)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
    fail(`not a cProfile file: it does not start with a marshal dict of (file, line, function) keys (first bytes ${head})`, 0);
  }
  let root: MarshalValue;
  try {
    root = decodeMarshal(input.bytes);
  } catch (error) {
    if (error instanceof MarshalError) throw new ProfileFormatError(input.name, `bad marshal data: ${error.detail}`, error.offset);
    throw error;
  }
  if (!(root instanceof MarshalDict)) return fail('not a cProfile file: the top-level object is not a dict', 0);

  const builder = new ProfileBuilder({ unit: 'seconds', hasCpu: false });
  builder.meta.mode = 'trace';
  const frameOf = (key: MarshalValue, where: string): number => {
    if (!Array.isArray(key) || key.length !== 3) return fail(`${where}: expected a (file, line, function) tuple`);
    const [file, line, name] = key;
    if (typeof file !== 'string' || typeof name !== 'string' || typeof line !== 'number' || !Number.isInteger(line) || line < 0) {
      return fail(`${where}: expected a (file, line, function) tuple of str, int, str`);
    }
    return builder.frame(name, file, line);
  };

  // Python dicts keep the last value of a repeated key; collect first so the builder sees one each.
  const stats = new Map<number, { stat: Stat; callers: Map<number, Stat> }>();
  root.entries.forEach(([key, value], index) => {
    const where = `entry ${index + 1}`;
    const frame = frameOf(key, where);
    if (!Array.isArray(value) || value.length < 5) return fail(`${where}: expected a (cc, nc, tt, ct, callers) tuple`);
    const [cc, nc, tt, ct, callerDict] = value;
    const stat = { calls: count(nc, `${where} nc`), primitiveCalls: count(cc, `${where} cc`), selfTime: time(tt, `${where} tt`), totalTime: time(ct, `${where} ct`) };
    if (!(callerDict instanceof MarshalDict)) return fail(`${where}: callers is not a dict`);
    const callers = new Map<number, Stat>();
    callerDict.entries.forEach(([callerKey, edge], j) => {
      const edgeWhere = `${where}, caller ${j + 1}`;
      const caller = frameOf(callerKey, edgeWhere);
      if (typeof edge === 'number' || typeof edge === 'bigint') {
        const n = count(edge, edgeWhere);
        callers.set(caller, { calls: n, primitiveCalls: n, selfTime: 0, totalTime: 0 });
        return;
      }
      if (!Array.isArray(edge) || edge.length !== 4) return fail(`${edgeWhere}: expected an (nc, cc, tt, ct) tuple or a count`);
      callers.set(caller, {
        calls: count(edge[0], `${edgeWhere} nc`),
        primitiveCalls: count(edge[1], `${edgeWhere} cc`),
        selfTime: time(edge[2], `${edgeWhere} tt`),
        totalTime: time(edge[3], `${edgeWhere} ct`),
      });
    });
    stats.set(frame, { stat, callers });
  });

  for (const [frame, { stat, callers }] of stats) {
    builder.addFunctionCalls(frame, stat);
    for (const [caller, edge] of callers) builder.addCallEdge(caller, frame, edge);
  }
  return builder.build('cprofile');

  function count(value: MarshalValue, where: string): number {
    const n = typeof value === 'bigint' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return fail(`${where}: expected a call count, got ${describe(value)}`);
    return n;
  }

  function time(value: MarshalValue, where: string): number {
    const t = typeof value === 'bigint' ? Number(value) : value;
    if (typeof t !== 'number' || !Number.isFinite(t)) return fail(`${where}: expected a time in seconds, got ${describe(value)}`);
    // Timer jitter can leave tiny negative times in real files; pstats prints them as they are,
    // but weights must be non-negative for the model.
    return Math.max(0, t);
  }
}

function describe(value: MarshalValue): string {
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return 'a tuple';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(typeof value === 'bigint' ? value.toString() : value);
}
