// pprof: a gzipped profile.proto (github.com/google/pprof/blob/main/proto/profile.proto), the
// format Pyroscope, Grafana and `go tool pprof` read. One location per (function, line) so line
// numbers survive; sample values are samples/count, wall/nanoseconds and, when known,
// cpu/nanoseconds. Locations in a sample are leaf first, as the proto requires. The process and
// thread levels are not locations but the labels pprof has for them: "pid" (a number) and
// "thread" (a name), which `go tool pprof -tagfocus` and Pyroscope filter and group by.
import { gzipSync } from 'node:zlib';
import { Profile as PprofProfile, StringTable, type LabelInput, type LocationInput, type FunctionInput, type SampleInput } from 'pprof-format';
import type { Profile } from '../model.js';
import { exportStacks } from './stacks.js';

export function exportPprof(profile: Profile): Uint8Array {
  const strings = new StringTable();
  const functions: FunctionInput[] = [];
  const functionIds = new Map<number, number>();
  const locations: LocationInput[] = [];
  const locationIds = new Map<string, number>();
  const samples: SampleInput[] = [];

  const functionId = (frame: number): number => {
    let id = functionIds.get(frame);
    if (id === undefined) {
      const f = profile.frames[frame]!;
      id = functions.length + 1;
      const name = strings.dedup(f.name);
      functions.push({ id, name, systemName: name, filename: strings.dedup(f.file), startLine: f.line });
      functionIds.set(frame, id);
    }
    return id;
  };
  const locationId = (frame: number, line: number): number => {
    const key = `${frame}:${line}`;
    let id = locationIds.get(key);
    if (id === undefined) {
      id = locations.length + 1;
      locations.push({ id, line: [{ functionId: functionId(frame), line: line > 0 ? line : profile.frames[frame]!.line }] });
      locationIds.set(key, id);
    }
    return id;
  };

  const timed = profile.unit === 'seconds';
  const sampleType = timed
    ? [
        { type: strings.dedup('samples'), unit: strings.dedup('count') },
        { type: strings.dedup('wall'), unit: strings.dedup('nanoseconds') },
        ...(profile.hasCpu ? [{ type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') }] : []),
      ]
    : [{ type: strings.dedup(profile.unit === 'bytes' ? 'space' : 'samples'), unit: strings.dedup(profile.unit === 'bytes' ? 'bytes' : 'count') }];

  exportStacks(profile, (s) => {
    const label: LabelInput[] = [];
    let code = 0;
    for (; code < s.frames.length && code < 2; code++) {
      const frame = profile.frames[s.frames[code]!]!;
      if (frame.kind === 'process') {
        const pid = /^process (\d+)$/.exec(frame.name);
        // a process level without a pid (a file that had none) keeps its name as a string label
        if (pid) label.push({ key: strings.dedup('pid'), num: Number(pid[1]) });
        else label.push({ key: strings.dedup('process'), str: strings.dedup(frame.name) });
      } else if (frame.kind === 'thread') {
        label.push({ key: strings.dedup('thread'), str: strings.dedup(frame.name.replace(/^thread /, '')) });
      } else break;
    }
    const locationIdsLeafFirst: number[] = [];
    for (let i = s.frames.length - 1; i >= code; i--) locationIdsLeafFirst.push(locationId(s.frames[i]!, s.lines[i]!));
    const value = timed
      ? [Math.round(s.samples), Math.round(s.wall * 1e9), ...(profile.hasCpu ? [Math.round(s.cpu * 1e9)] : [])]
      : [Math.round(s.wall)];
    if (value.every((v) => v === 0)) return;
    samples.push({ locationId: locationIdsLeafFirst, value, ...(label.length > 0 ? { label } : {}) });
  });

  const meta = profile.meta;
  const start = meta.startTime ? Date.parse(meta.startTime) : NaN;
  const pprof = new PprofProfile({
    sampleType,
    sample: samples,
    location: locations,
    function: functions,
    stringTable: strings,
    defaultSampleType: timed ? strings.dedup('wall') : 0,
    ...(Number.isFinite(start) ? { timeNanos: BigInt(start) * 1_000_000n } : {}),
    ...(meta.wallTime !== undefined ? { durationNanos: Math.round(meta.wallTime * 1e9) } : {}),
    ...(timed && meta.interval ? { periodType: { type: strings.dedup('wall'), unit: strings.dedup('nanoseconds') }, period: Math.round(meta.interval * 1e9) } : {}),
  });
  return gzipSync(pprof.encode());
}
