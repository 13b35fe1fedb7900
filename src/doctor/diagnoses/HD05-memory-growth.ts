import { frameFilePath } from '../measure.js';
import { type DiagnosisCheck } from './context.js';
import { plural } from '../../plural.js';

const MIN_GROWTH_BYTES = 10 * 1024 * 1024;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export const memoryGrowth: DiagnosisCheck = {
  code: 'HD05',
  name: 'memory-growth',
  check({ profile, displayPath }) {
    const snapshots = profile.memory?.snapshots ?? [];
    if (snapshots.length < 3) return undefined;
    const first = snapshots[0]!;
    const last = snapshots[snapshots.length - 1]!;
    const growth = last.current - first.current;
    let rises = 0;
    for (let i = 1; i < snapshots.length; i++) if (snapshots[i]!.current > snapshots[i - 1]!.current) rises++;
    if (growth < MIN_GROWTH_BYTES || rises < (snapshots.length - 1) * 0.7) return undefined;
    const resident = profile.memory?.mode === 'resident';
    const kind = resident ? 'Resident' : 'Traced';
    // Exact mode skips the lines of a snapshot that would cost too much; the run's top is the fallback.
    const holders = last.top.length > 0 ? last.top : (profile.memory?.top ?? []);
    const top = holders.slice(0, 3).map((l) => `${displayPath(frameFilePath(profile, l.file))}:${l.line} ${megabytes(l.size)}`);
    return {
      code: 'HD05',
      name: 'memory-growth',
      message: `${kind} memory grew by ${megabytes(growth)} over the run and kept growing (${rises} of ${plural(snapshots.length - 1, 'interval')})${top.length > 0 ? `; ${resident ? 'grew most while running' : 'largest holders'}: ${top.join(', ')}` : ''}`,
      advice:
        'Find what keeps references (caches without bounds, lists that only grow, globals); stream data instead of accumulating it, bound caches with `lru_cache(maxsize=...)`',
      figures: { growthBytes: growth, snapshots: snapshots.length, firstBytes: first.current, lastBytes: last.current },
      priority: 4,
    };
  },
};
