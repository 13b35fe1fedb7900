// The doctor: joins static findings with the profile, ranks advice by expected saving, and adds
// the runtime diagnoses. Pure: files and processes are the caller's business (run-program.ts).
import { relative, sep } from 'node:path';
import type { Finding } from '../check/finding.js';
import type { Profile } from '../profile/model.js';
import type { PurityRecord } from '../python/purity.js';
import { buildAdvice } from './advise.js';
import { memoizationAdvice } from './memoization.js';
import { runDiagnoses, type ImportTime } from './diagnoses/index.js';
import { profileTotals, sharesAreCpu } from './measure.js';
import type { DoctorReport } from './types.js';
import { userTimeByFunction } from './user-time.js';

export interface DoctorInput {
  profile: Profile;
  /** Findings of the checked user files, with absolute paths. */
  findings: Finding[];
  /** Source text of the checked files by absolute path. */
  sources: Map<string, string>;
  /** The user files that were checked (absolute). */
  files: string[];
  importTimes?: ImportTime[];
  /** Purity of the functions of the census's files (absolute path), for HD07. */
  purity?: ReadonlyMap<string, readonly PurityRecord[]>;
  /** Paths are shown relative to this directory when inside it. */
  cwd: string;
}

export function diagnose(input: DoctorInput): DoctorReport {
  const { profile, cwd } = input;
  const userSet = new Set(input.files);
  const isUser = (file: string) => userSet.has(file);
  const displayPath = (file: string) => displayPathFrom(cwd, file);
  const userTime = userTimeByFunction(profile, isUser);
  const measuredAdvice = memoizationAdvice({ profile, purity: input.purity ?? new Map(), sources: input.sources, displayPath, findings: input.findings });
  const { advice, cold, joined } = buildAdvice({ profile, findings: input.findings, sources: input.sources, userTime, displayPath, isUser, measuredAdvice });
  const diagnoses = runDiagnoses({ profile, totals: profileTotals(profile), isUser, userTime, importTimes: input.importTimes, displayPath });
  return {
    version: 1,
    meta: profile.meta,
    shares: sharesAreCpu(profile) ? 'cpu' : 'wall',
    advice,
    cold,
    diagnoses,
    findings: joined.map((f) => ({ ...f, path: displayPath(f.path) })),
    files: input.files.map(displayPath),
  };
}

export function displayPathFrom(cwd: string, file: string): string {
  if (!file || file.startsWith('<')) return file;
  const rel = relative(cwd, file);
  if (rel.startsWith('..') || rel === '') return file;
  return rel.split(sep).join('/');
}

export type { DoctorReport } from './types.js';
