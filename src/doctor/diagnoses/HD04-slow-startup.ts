import type { Profile } from '../../profile/model.js';
import { forEachStack } from '../../profile/query.js';
import { percent } from '../advise.js';
import { frameFilePath } from '../measure.js';
import { totalImportTime } from '../import-time.js';
import { round, seconds, type DiagnosisCheck } from './context.js';

const MIN_SHARE = 0.25;
const MIN_TIME = 0.1;

function isImportMachinery(name: string, file: string): boolean {
  return file.startsWith('<frozen importlib') || name === '_find_and_load' || name === '_call_with_frames_removed';
}

/** Seconds spent importing, and the heaviest modules by the time their import took. */
export function importProfile(profile: Profile, displayPath: (file: string) => string): { time: number; modules: [string, number][] } {
  let time = 0;
  const modules = new Map<string, number>();
  forEachStack(profile, ({ frames, node }) => {
    let inImport = false;
    let counted = false;
    for (const index of frames) {
      const frame = profile.frames[index]!;
      if (isImportMachinery(frame.name, frame.file)) {
        inImport = true;
        continue;
      }
      if (inImport && frame.name === '<module>') {
        if (!counted) time += node.selfWall;
        counted = true;
        const file = displayPath(frameFilePath(profile, frame.file));
        modules.set(file, (modules.get(file) ?? 0) + node.selfWall);
        break; // charge the outermost imported module only
      }
    }
  });
  return { time, modules: [...modules.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5) };
}

/** Whether the run looks start-up heavy enough to be worth running `-X importtime`. */
export function looksSlowToStart(profile: Profile, wall: number): boolean {
  const { time } = importProfile(profile, (f) => f);
  return wall > 0 && time >= MIN_TIME && time / wall >= MIN_SHARE;
}

export const slowStartup: DiagnosisCheck = {
  code: 'HD04',
  name: 'slow-startup',
  check({ profile, totals, importTimes, displayPath }) {
    const wall = totals.wall;
    const { time, modules } = importProfile(profile, displayPath);
    if (wall <= 0 || time < MIN_TIME || time / wall < MIN_SHARE) return undefined;
    // One clock for every figure of the message: `-X importtime` when it ran (exact, and its
    // packages add up to its total), else the samples (whose modules add up to their total).
    const measured = importTimes && importTimes.length > 0 ? importTimes : undefined;
    const shown = measured ? totalImportTime(measured) : time;
    const heavy = measured
      ? measured.slice(0, 5).map((m) => `${m.module} ${seconds(m.cumulative)}`)
      : modules.map(([file, t]) => `${file} ${seconds(t)}`);
    const share = Math.min(1, shown / wall);
    // the samples only suggested a slow start-up: the exact figures decide, or the message would
    // call "6 % of the run" slow (a loaded machine stretches imports in the run, not in -X importtime)
    if (measured && (shown < MIN_TIME || share < MIN_SHARE)) return undefined;
    const source = measured ? ' (`python3 -X importtime` of the entry script\'s imports)' : '';
    return {
      code: 'HD04',
      name: 'slow-startup',
      message: `Importing modules took ${seconds(shown)}${source}, ${percent(share)} of the run; heaviest: ${heavy.join(', ')}`,
      advice:
        'Import heavy libraries inside the functions that need them (or lazily), drop unused imports, and check `python3 -X importtime` for what each import pulls in',
      figures: {
        importTime: round(shown),
        importShare: round(share),
        sampledImportTime: round(time),
        ...Object.fromEntries(heavy.map((h, i) => [`import${i + 1}`, h])),
      },
      priority: 2,
    };
  },
};
