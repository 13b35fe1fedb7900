// speedscope's file format (https://www.speedscope.app/file-format-schema.json): one sampled
// profile of wall time and, when the profile has CPU time, a second one of CPU time with the same
// samples (speedscope shows them as two selectable profiles; our importer pairs them back).
import { HOTSPY_VERSION } from '../../version.js';
import type { Profile } from '../model.js';
import { SPEEDSCOPE_SCHEMA } from '../import/speedscope.js';
import { exportStacks } from './stacks.js';

export function exportSpeedscope(profile: Profile): string {
  const samples: number[][] = [];
  const wall: number[] = [];
  const cpu: number[] = [];
  const frames: { name: string; file?: string; line?: number }[] = [];
  const frameIds = new Map<string, number>();
  // One speedscope frame per (function, line executing), as py-spy writes them, so lines survive.
  const frameId = (frame: number, line: number): number => {
    const f = profile.frames[frame]!;
    const at = line > 0 ? line : f.line;
    const key = `${frame}:${at}`;
    let id = frameIds.get(key);
    if (id === undefined) {
      id = frames.length;
      frames.push({ name: f.name, ...(f.file ? { file: f.file } : {}), ...(at > 0 ? { line: at } : {}) });
      frameIds.set(key, id);
    }
    return id;
  };
  exportStacks(profile, (s) => {
    if (s.wall <= 0 && s.cpu <= 0) return;
    samples.push(s.frames.map((f, i) => frameId(f, s.lines[i]!)));
    wall.push(s.wall);
    cpu.push(s.cpu);
  });
  const unit = profile.unit === 'seconds' ? 'seconds' : profile.unit === 'bytes' ? 'bytes' : 'none';
  const name = profile.meta.command.length > 0 ? profile.meta.command.join(' ') : 'hotspy profile';
  const sampled = (label: string, weights: number[]) => ({
    type: 'sampled',
    name: `${name} (${label})`,
    unit,
    startValue: 0,
    endValue: weights.reduce((a, b) => a + b, 0),
    samples,
    weights,
  });
  const doc = {
    $schema: SPEEDSCOPE_SCHEMA,
    exporter: `hotspy@${HOTSPY_VERSION}`,
    name,
    activeProfileIndex: 0,
    shared: { frames },
    profiles: profile.hasCpu ? [sampled('wall', wall), sampled('cpu', cpu)] : [sampled('wall', wall)],
  };
  return `${JSON.stringify(doc)}\n`;
}
