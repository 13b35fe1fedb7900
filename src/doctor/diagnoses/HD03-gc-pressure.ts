import { percent } from '../advise.js';
import { round, seconds, type DiagnosisCheck } from './context.js';

const MIN_SHARE = 0.05;
const MIN_TIME = 0.02;

export const gcPressure: DiagnosisCheck = {
  code: 'HD03',
  name: 'gc-pressure',
  check({ profile }) {
    const gc = profile.meta.gc;
    const wall = profile.meta.wallTime;
    if (!gc || !wall || gc.time < MIN_TIME || gc.time / wall < MIN_SHARE) return undefined;
    const [g0 = 0, g1 = 0, g2 = 0] = gc.collections;
    return {
      code: 'HD03',
      name: 'gc-pressure',
      message: `Garbage collection took ${seconds(gc.time)}, ${percent(gc.time / wall)} of the run (${g0} young, ${g1} middle, ${g2} full collections)`,
      advice:
        'Create fewer container objects in the hot loop (tuples or `__slots__` classes instead of dicts, reuse buffers); call `gc.freeze()` after start-up so long-lived objects are not rescanned, or raise the thresholds with `gc.set_threshold` around allocation-heavy phases',
      figures: { gcTime: round(gc.time), gcShare: round(gc.time / wall), gen0: g0, gen1: g1, gen2: g2 },
      priority: 3,
    };
  },
};
