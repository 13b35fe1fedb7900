import { forEachStack, isMultiProcess } from '../../profile/query.js';
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
    // cores used, and cores wanted (CPU it got plus time it queued for a core on a loaded machine)
    const cores = cpu / wall;
    const wanted = (cpu + (profile.meta.runQueueTime ?? 0)) / wall;
    const availability = cpuAvailability(profile);
    // busy all the time on about one core: the signature of threads taking turns
    if (wanted < 0.8 || cores > 1.3) return undefined;

    const perThread = profile.meta.threadCpuTimes;
    let busyThreads: number;
    let contended: number;
    if (perThread && perThread.length > 1) {
      // kernel figures: every thread that did a real share of the work, whatever the sampler saw
      const busy = perThread.filter((c) => c >= Math.max(0.05, 0.1 * cpu));
      busyThreads = busy.length;
      contended = busy.reduce((sum, c) => sum + Math.max(0, wall - c), 0);
      if (busyThreads < 2) return undefined;
    } else if (isMultiProcess(profile)) {
      // the stacks of several processes busy at once are not threads taking turns
      return undefined;
    } else {
      let busy = 0;
      contended = 0;
      forEachStack(profile, ({ frames, node }) => {
        if (node.selfWall <= 0) return;
        const leaf = profile.frames[frames[frames.length - 1]!]!;
        if (!isUser(frameFilePath(profile, leaf.file))) return;
        const cpuShare = node.selfCpu / availability;
        if (cpuShare / node.selfWall < MIN_LINE_CPU_RATIO) return;
        busy += node.selfWall;
        contended += Math.max(0, node.selfWall - cpuShare);
      });
      busyThreads = busy / wall;
      if (busyThreads < 1.5 || contended / wall < 0.5) return undefined;
    }
    return {
      code: 'HD02',
      name: 'gil-contention',
      message: `${Number.isInteger(busyThreads) ? busyThreads : busyThreads.toFixed(1)} threads each did a share of the CPU work, but together they used ${cores.toFixed(2)} cores: the threads take turns holding the GIL`,
      advice:
        'Threads only speed up code that waits. Run CPU-bound Python in processes (`concurrent.futures.ProcessPoolExecutor`, `multiprocessing`), or move the hot loop into native code that releases the GIL (NumPy, a C/Rust extension)',
      figures: { threads, cpuCores: round(cores), busyThreads: round(busyThreads), waitingForGil: round(contended), wallTime: round(wall) },
      priority: 1,
    };
  },
};
