import { forEachStack } from '../../profile/query.js';
import { percent } from '../advise.js';
import { cpuAvailability, frameFilePath } from '../measure.js';
import { round, seconds, type DiagnosisCheck } from './context.js';

/** Below this CPU/wall ratio the run mostly waits. */
const MAX_CPU_RATIO = 0.5;
const MIN_WALL = 0.2;

export const ioBound: DiagnosisCheck = {
  code: 'HD01',
  name: 'io-bound',
  check({ profile, isUser, displayPath }) {
    const wall = profile.meta.wallTime;
    const cpu = profile.meta.cpuTime;
    if (!profile.hasCpu || wall === undefined || cpu === undefined || wall < MIN_WALL) return undefined;
    const ratio = cpu / wall;
    // time spent queued for a core on a loaded machine is not waiting on I/O
    const queued = profile.meta.runQueueTime ?? 0;
    if ((cpu + queued) / wall >= MAX_CPU_RATIO) return undefined;

    const availability = cpuAvailability(profile);
    // where the waiting happens: the user line nearest to each waiting leaf
    const waits = new Map<string, number>();
    let waited = 0;
    forEachStack(profile, ({ frames, lines, node }) => {
      const wait = node.selfWall - node.selfCpu / availability;
      if (wait <= 0) return;
      waited += wait;
      for (let d = frames.length - 1; d >= 0; d--) {
        const frame = profile.frames[frames[d]!]!;
        const file = frameFilePath(profile, frame.file);
        if (!isUser(file)) continue;
        const key = `${frame.name} (${displayPath(file)}:${lines[d] || frame.line})`;
        waits.set(key, (waits.get(key) ?? 0) + wait);
        break;
      }
    });
    const top = [...waits.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
    const where = top.length > 0 ? `; the waits are in ${top.map(([k]) => k).join(', ')}` : '';
    return {
      code: 'HD01',
      name: 'io-bound',
      message: `The program waits most of the time: CPU ${seconds(cpu)} over ${seconds(wall)} of wall time (${percent(ratio)} busy)${where}`,
      advice:
        'Making the Python code faster will not help: overlap the waits (asyncio, or a thread pool around blocking calls), batch or cache the requests, or make the slow service answer faster',
      figures: {
        wallTime: round(wall),
        cpuTime: round(cpu),
        cpuRatio: round(ratio),
        runQueueTime: round(queued),
        waitedTime: round(waited),
        ...Object.fromEntries(top.map(([k, v], i) => [`wait${i + 1}`, `${k} ${seconds(v)}`])),
      },
      priority: 0,
    };
  },
};
