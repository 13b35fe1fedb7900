// The runtime diagnoses (HD codes): each needs a profile, never the source.
import type { Diagnosis } from '../types.js';
import type { DiagnosisCheck, DiagnosisContext } from './context.js';
import { ioBound } from './HD01-io-bound.js';
import { gilContention } from './HD02-gil-contention.js';
import { gcPressure } from './HD03-gc-pressure.js';
import { slowStartup } from './HD04-slow-startup.js';
import { memoryGrowth } from './HD05-memory-growth.js';
import { callOverhead } from './HD06-call-overhead.js';
import { slotsCensus } from './HD08-slots-census.js';
import { cacheHealth } from './HD10-cache-health.js';

export const allDiagnoses: readonly DiagnosisCheck[] = [ioBound, gilContention, gcPressure, slowStartup, memoryGrowth, callOverhead, slotsCensus, cacheHealth];

export function runDiagnoses(ctx: DiagnosisContext): Diagnosis[] {
  const found: Diagnosis[] = [];
  for (const d of allDiagnoses) {
    const result = d.check(ctx);
    if (result) found.push(result);
  }
  return found.sort((a, b) => a.priority - b.priority);
}

export type { DiagnosisContext, ImportTime } from './context.js';
export { looksSlowToStart } from './HD04-slow-startup.js';
