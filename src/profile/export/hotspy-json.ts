// The hotspy profile JSON (docs/profile-format.md, version 1): full enough to re-import (frames,
// stacks, calls) plus the `functions` / `lines` summaries for readers that want only those.
import type { Profile, ProfileMeta } from '../model.js';
import { forEachStack, isCodeFrame } from '../query.js';
import { HOTSPY_PROFILE_VERSION } from '../import/hotspy.js';

export function exportHotspyJson(profile: Profile): string {
  const stacks: unknown[] = [];
  forEachStack(profile, ({ frames, lines, node }) => {
    stacks.push({
      stack: [...frames],
      lines: [...lines],
      count: node.selfSamples,
      wall: node.selfWall,
      ...(profile.hasCpu ? { cpu: node.selfCpu } : {}),
      ...(profile.hasNative ? { native: node.selfNative ?? 0 } : {}),
    });
  });
  const callersOf = new Map<number, unknown[]>();
  for (const e of profile.edges) {
    const list = callersOf.get(e.callee) ?? [];
    list.push({ frame: e.caller, calls: e.calls, primitiveCalls: e.primitiveCalls, selfTime: e.selfTime, totalTime: e.totalTime });
    callersOf.set(e.callee, list);
  }
  const cpu = (value: number): number | null => (profile.hasCpu ? value : null);
  const doc = {
    version: HOTSPY_PROFILE_VERSION,
    meta: metaOf(profile),
    frames: profile.frames.map((f) => ({ file: f.file, name: f.name, line: f.line, ...(f.kind ? { kind: f.kind } : {}) })),
    stacks,
    calls: profile.functions
      .filter((f) => f.calls !== null)
      .map((f) => ({
        frame: f.frame,
        calls: f.calls,
        primitiveCalls: f.primitiveCalls,
        selfTime: f.selfWall,
        totalTime: f.totalWall,
        callers: callersOf.get(f.frame) ?? [],
      })),
    functions: profile.functions
      .filter((f) => isCodeFrame(profile.frames[f.frame]!) && (f.totalWall > 0 || f.selfWall > 0 || f.calls !== null))
      .map((f) => {
        const frame = profile.frames[f.frame]!;
        return {
          file: frame.file,
          line: frame.line,
          name: frame.name,
          selfTime: f.selfWall,
          totalTime: f.totalWall,
          selfCpuTime: cpu(f.selfCpu),
          totalCpuTime: cpu(f.totalCpu),
          calls: f.calls,
          primitiveCalls: f.primitiveCalls,
        };
      }),
    lines: profile.lines.map((l) => ({
      file: l.file,
      line: l.line,
      selfTime: l.selfWall,
      cpuTime: cpu(l.selfCpu),
      totalTime: l.totalWall,
      totalCpuTime: cpu(l.totalCpu),
      ...(profile.hasNative ? { nativeTime: l.selfNative ?? 0, totalNativeTime: l.totalNative ?? 0 } : {}),
    })),
    ...(profile.memory ? { memory: profile.memory } : {}),
    ...(profile.census ? { census: profile.census } : {}),
  };
  return `${JSON.stringify(doc)}\n`;
}

function metaOf(profile: Profile): Record<string, unknown> {
  const meta: ProfileMeta = profile.meta;
  return {
    ...meta,
    command: meta.command,
    partial: meta.partial,
    // Not part of the harness's output: says what the weights are when they are not seconds.
    ...(profile.unit === 'seconds' ? {} : { unit: profile.unit }),
  };
}
