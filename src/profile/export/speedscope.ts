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
  exportStacks(profile, (s) => {
    if (s.wall <= 0 && s.cpu <= 0) return;
    samples.push([...s.frames]);
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
    shared: {
      frames: profile.frames.map((f) => ({ name: f.name, ...(f.file ? { file: f.file } : {}), ...(f.line > 0 ? { line: f.line } : {}) })),
    },
    profiles: profile.hasCpu ? [sampled('wall', wall), sampled('cpu', cpu)] : [sampled('wall', wall)],
  };
  return `${JSON.stringify(doc)}\n`;
}
