import { forEachStack } from '../../profile/query.js';
import { cpuAvailability, frameFilePath } from '../measure.js';
import { round, type DiagnosisCheck } from './context.js';

/** A line that gets this share of CPU while waiting is taking turns for the GIL, not sleeping in C. */
const MIN_LINE_CPU_RATIO = 0.08;

export const gilContention: DiagnosisCheck = {
  code: 'HD02',
  name: 'gil-contention',
  check({ profile, isUser }) {
    const wall = profile.meta.wallTime;
    const cpu = profile.meta.cpuTime;
    const threads = profile.meta.threads ?? 1;
    if (!profile.hasCpu || wall === undefined || cpu === undefined || wall <= 0 || threads < 2) return undefined;
    // cores the program wanted: CPU it got plus time it queued for a core on a loaded machine
    const cores = (cpu + (profile.meta.runQueueTime ?? 0)) / wall;
    const availability = cpuAvailability(profile);
    if (cores < 0.5 || cores > 1.4) return undefined;

    let contended = 0;
    let busy = 0;
    forEachStack(profile, ({ frames, node }) => {
      if (node.selfWall <= 0) return;
      const leaf = profile.frames[frames[frames.length - 1]!]!;
      if (!isUser(frameFilePath(profile, leaf.file))) return;
      const cpuShare = node.selfCpu / availability;
      if (cpuShare / node.selfWall < MIN_LINE_CPU_RATIO) return;
      busy += node.selfWall;
      contended += Math.max(0, node.selfWall - cpuShare);
    });
    const busyThreads = busy / wall;
    if (busyThreads < 1.5 || contended / wall < 0.5) return undefined;
    return {
      code: 'HD02',
      name: 'gil-contention',
      message: `${threads} threads ran Python code (on average ${busyThreads.toFixed(1)} at once) but the process used ${cores.toFixed(2)} cores: the threads take turns holding the GIL`,
      advice:
        'Threads only speed up code that waits. Run CPU-bound Python in processes (`concurrent.futures.ProcessPoolExecutor`, `multiprocessing`), or move the hot loop into native code that releases the GIL (NumPy, a C/Rust extension)',
      figures: { threads, cpuCores: round(cores), busyThreads: round(busyThreads), waitingForGil: round(contended), wallTime: round(wall) },
      priority: 1,
    };
  },
};
