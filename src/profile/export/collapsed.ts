// Collapsed stacks (`a;b;c 42`), as flamegraph.pl and speedscope read them. Frames are written
// py-spy style, `name (file:line)` with the line executing when known. Counts are integers: the
// weights themselves for sample counts and bytes, microseconds of wall time for timed profiles
// (sample counts would misweigh sources whose samples have different durations).
import type { Profile } from '../model.js';
import { exportStacks, type ExportStack } from './stacks.js';

export function exportCollapsed(profile: Profile): string {
  const collected: ExportStack[] = [];
  exportStacks(profile, (s) => collected.push({ ...s, frames: [...s.frames], lines: [...s.lines] }));
  const out: string[] = [];
  for (const s of collected) {
    const weight = Math.round(profile.unit === 'seconds' ? s.wall * 1e6 : s.wall);
    if (weight <= 0) continue;
    const labels = s.frames.map((f, i) => label(profile, f, s.lines[i]!));
    out.push(`${labels.join(';')} ${weight}`);
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

function label(profile: Profile, index: number, line: number): string {
  const frame = profile.frames[index]!;
  // ';' separates frames and a newline ends the record: neither may appear inside a label.
  const name = frame.name.replace(/[;\r\n]/g, '_');
  if (!frame.file) return name;
  const file = frame.file.replace(/[;\r\n]/g, '_');
  const at = line > 0 ? line : frame.line;
  return at > 0 ? `${name} (${file}:${at})` : `${name} (${file})`;
}
