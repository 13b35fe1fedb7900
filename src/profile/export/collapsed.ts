// Collapsed stacks (`a;b;c 42`), as flamegraph.pl and speedscope read them. Frames are written
// py-spy style, `name (file:line)` with the line executing when known. Counts are samples when
// the profile has them, otherwise microseconds of wall time (the format has no unit).
import type { Profile } from '../model.js';
import { exportStacks, type ExportStack } from './stacks.js';

export function exportCollapsed(profile: Profile): string {
  const collected: ExportStack[] = [];
  exportStacks(profile, (s) => collected.push({ ...s, frames: [...s.frames], lines: [...s.lines] }));
  const bySamples = profile.unit !== 'seconds' || (collected.length > 0 && collected.every((s) => s.samples > 0));
  const out: string[] = [];
  for (const s of collected) {
    const weight = profile.unit !== 'seconds' ? Math.round(s.wall) : bySamples ? Math.round(s.samples) : Math.round(s.wall * 1e6);
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
