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
  // Messages are built only on failure: a large file has millions of caller entries.
  const where = (entry: number, caller?: number): string => `entry ${entry + 1}${caller === undefined ? '' : `, caller ${caller + 1}`}`;
  const frameOf = (key: MarshalValue, entry: number, caller?: number): number => {
    if (Array.isArray(key) && key.length === 3) {
      const [file, line, name] = key;
      if (typeof file === 'string' && typeof name === 'string' && typeof line === 'number' && Number.isInteger(line) && line >= 0) {
        return builder.frame(name, file, line);
      }
    }
    return fail(`${where(entry, caller)}: expected a (file, line, function) tuple of str, int, str`);
  };

  // Python dicts keep the last value of a repeated key: only each function's last entry counts.
  const { keys, values } = root;
  const frameOfEntry = new Int32Array(keys.length);
  const lastEntryOf: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const frame = frameOf(keys[i], i);
    frameOfEntry[i] = frame;
    lastEntryOf[frame] = i;
  }
  for (let i = 0; i < keys.length; i++) {
    const frame = frameOfEntry[i]!;
    if (lastEntryOf[frame] !== i) continue;
    const value = values[i];
    if (!Array.isArray(value) || value.length < 5) return fail(`${where(i)}: expected a (cc, nc, tt, ct, callers) tuple`);
    const callerDict = value[4];
    if (!(callerDict instanceof MarshalDict)) return fail(`${where(i)}: callers is not a dict`);
    builder.addFunctionCalls(frame, {
      calls: count(value[1], i, 'nc'),
      primitiveCalls: count(value[0], i, 'cc'),
      selfTime: time(value[2], i, 'tt'),
      totalTime: time(value[3], i, 'ct'),
    });
    for (let j = 0; j < callerDict.keys.length; j++) {
      const caller = frameOf(callerDict.keys[j], i, j);
      const edge = callerDict.values[j];
      if (typeof edge === 'number' || typeof edge === 'bigint') {
        const n = count(edge, i, 'count', j);
        builder.addCallEdge(caller, frame, { calls: n, primitiveCalls: n, selfTime: 0, totalTime: 0 }, 'replace');
      } else if (Array.isArray(edge) && edge.length === 4) {
        builder.addCallEdge(
          caller,
          frame,
          { calls: count(edge[0], i, 'nc', j), primitiveCalls: count(edge[1], i, 'cc', j), selfTime: time(edge[2], i, 'tt', j), totalTime: time(edge[3], i, 'ct', j) },
          'replace',
        );
      } else {
        return fail(`${where(i, j)}: expected an (nc, cc, tt, ct) tuple or a count`);
      }
    }
  }
  return builder.build('cprofile');

  function count(value: MarshalValue, entry: number, what: string, caller?: number): number {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
    const n = typeof value === 'bigint' ? Number(value) : NaN;
    if (n >= 0) return n;
    return fail(`${where(entry, caller)} ${what}: expected a call count, got ${describe(value)}`);
  }

  function time(value: MarshalValue, entry: number, what: string, caller?: number): number {
    const t = typeof value === 'bigint' ? Number(value) : value;
    if (typeof t !== 'number' || !Number.isFinite(t)) return fail(`${where(entry, caller)} ${what}: expected a time in seconds, got ${describe(value)}`);
    // Timer jitter can leave tiny negative times in real files; pstats prints them as they are,
    // but weights must be non-negative for the model.
    return t < 0 ? 0 : t;
  }
}

function describe(value: MarshalValue): string {
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return 'a tuple';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(typeof value === 'bigint' ? value.toString() : value);
}
