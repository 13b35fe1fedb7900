import { percent } from '../advise.js';
import { frameFilePath } from '../measure.js';
import { round, type DiagnosisCheck } from './context.js';

const MIN_CALLS = 1_000_000;
/** Per-call time under which the call itself (tens of ns in CPython) is a large part of the work. */
const MAX_PER_CALL = 2e-6;
const MIN_SHARE = 0.1;

export const callOverhead: DiagnosisCheck = {
  code: 'HD06',
  name: 'call-overhead',
  check({ profile, totals, isUser, displayPath }) {
    if (totals.wall <= 0) return undefined;
    let best: { index: number; calls: number; perCall: number; share: number } | undefined;
    profile.functions.forEach((f, index) => {
      if (f.calls === null || f.calls < MIN_CALLS) return;
      const frame = profile.frames[index]!;
      if (!isUser(frameFilePath(profile, frame.file))) return;
      const perCall = f.selfWall / f.calls;
      const share = f.totalWall / totals.wall;
      if (perCall > MAX_PER_CALL || share < MIN_SHARE) return;
      if (!best || share > best.share) best = { index, calls: f.calls, perCall, share };
    });
    if (!best) return undefined;
    const { index, calls, perCall, share } = best;
    const frame = profile.frames[index]!;
    return {
      code: 'HD06',
      name: 'call-overhead',
      message: `\`${frame.name}\` (${displayPath(frameFilePath(profile, frame.file))}:${frame.line}) is called ${calls.toLocaleString('en-US')} times at ${(perCall * 1e9).toFixed(0)} ns each, ${percent(share)} of the run: the calls cost about as much as the work`,
      advice:
        'Inline the tiny function into its hot loop, let a built-in do the loop (`map`, `sum`, `sorted(key=...)`), or change the caller to pass whole batches',
      figures: { calls, perCallSeconds: perCall, share: round(share) },
      priority: 3,
    };
  },
};
