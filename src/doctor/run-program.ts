// `hotspy run`: profile the program, check the user's files that the profile shows, join them.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import type { Finding } from '../check/finding.js';
import { readSourceText } from '../check/decode.js';
import { checkPaths } from '../check/index.js';
import { readProfileFile } from '../profile/import/index.js';
import type { Profile } from '../profile/model.js';
import { defaultPython, runProfiler, type ProfileRunOptions, type ProfileRunResult } from '../profile/runner.js';
import { topLevelImports } from '../python/imports.js';
import { initPython } from '../python/parser.js';
import { sourcePurity, type PurityRecord } from '../python/purity.js';
import { sourceCandidateSites } from '../python/runtime-kinds.js';
import { observedKindFindings } from './observed-kinds.js';
import { looksSlowToStart, type ImportTime } from './diagnoses/index.js';
import { measureImportTime } from './import-time.js';
import { diagnose, type DoctorReport } from './index.js';
import { profileTotals } from './measure.js';
import { userFiles } from './user-code.js';

export interface RunProgramOptions extends ProfileRunOptions {
  includeLibs?: boolean;
  /** `--target-version`; otherwise the profiled interpreter's version, unless `[tool.hotspy]` says. */
  targetVersion?: string;
}

export interface RunProgramResult {
  run: ProfileRunResult;
  profile: Profile;
  report: DoctorReport;
  /** Source text of the checked files (absolute path -> text), for excerpts and the HTML view. */
  sources: Map<string, string>;
}

export async function runProgram(options: RunProgramOptions): Promise<RunProgramResult> {
  const cwd = options.cwd ?? process.cwd();
  const sitesDir = await writeCandidateSites(options, cwd);
  let run: ProfileRunResult;
  try {
    run = await runProfiler(sitesDir ? { ...options, censusSites: join(sitesDir, 'sites.json') } : options);
  } finally {
    if (sitesDir) await rm(sitesDir, { recursive: true, force: true });
  }
  const profile = await readProfileFile(run.profilePath);
  const report = await diagnoseProfile(profile, {
    cwd,
    includeLibs: options.includeLibs,
    targetVersion: options.targetVersion,
    python: options.python ?? defaultPython(),
    entry: 'script' in options.target ? resolve(cwd, options.target.script) : undefined,
  });
  return { run, profile, ...report };
}

/**
 * Checks the profile's user files and joins them with it; also used for imported profiles. The
 * files go through the same engine as `hotspy check`, so `[tool.hotspy]` (select, ignore,
 * per-file-ignores, target-version) and suppressions apply to the advice too.
 */
export async function diagnoseProfile(
  profile: Profile,
  options: { cwd: string; includeLibs?: boolean; targetVersion?: string; python?: string; entry?: string },
): Promise<{ report: DoctorReport; sources: Map<string, string> }> {
  const files = userFiles(profile, { includeLibs: options.includeLibs });
  const sources = new Map<string, string>();
  for (const file of files) {
    // a file that is gone or unreadable is still shown in the profile, just not checked
    const text = readSourceText(file);
    if (text !== undefined) sources.set(file, text);
  }
  // every confidence: a finding the profile shows hot stays, whatever the static guess (advise.ts)
  const checkOptions = { cwd: options.cwd, targetVersion: options.targetVersion, interpreterVersion: profile.meta.python, confidence: 'low' as const, runOnly: true };
  const checked = sources.size > 0 ? await checkPaths([...sources.keys()], checkOptions) : undefined;
  const findings: Finding[] = (checked?.findings ?? []).map((f) => ({ ...f, path: resolve(options.cwd, f.path) }));
  if (profile.census?.sites.some((s) => s.observations > 0)) {
    await initPython();
    findings.push(...observedKindFindings(profile, sources, findings));
  }

  let importTimes: ImportTime[] | undefined;
  const wall = profileTotals(profile).wall;
  if (options.entry && options.python && looksSlowToStart(profile, wall)) {
    const text = sources.get(options.entry);
    if (text !== undefined) {
      await initPython();
      importTimes = measureImportTime({ python: options.python, modules: topLevelImports(text), cwd: dirname(options.entry) });
    }
  }
  const purity = await censusPurity(profile, sources);
  const report = diagnose({ profile, findings, sources, files: [...sources.keys()], importTimes, cwd: options.cwd, purity });
  return { report, sources };
}


/**
 * Before the run: the lines of the entry script and the local modules it imports where a membership
 * test, a front pop or a list search works on a value of unknown kind (python/runtime-kinds.ts).
 * The census records the operand's type on those that turn out hot. Returns the temporary folder
 * holding `sites.json`, or undefined when there is nothing to watch.
 */
async function writeCandidateSites(options: RunProgramOptions, cwd: string): Promise<string | undefined> {
  if (options.census === 'off' || (options.mode ?? 'sample') !== 'sample' || !('script' in options.target)) return undefined;
  const entry = resolve(cwd, options.target.script);
  const text = readSourceText(entry);
  if (text === undefined) return undefined;
  await initPython();
  const files = new Map<string, string>([[entry, text]]);
  for (const name of topLevelImports(text).slice(0, MAX_SITE_MODULES)) {
    const path = join(dirname(entry), `${name.split('.').join(sep)}.py`);
    const module = files.has(path) ? undefined : readSourceText(path);
    if (module !== undefined) files.set(path, module);
  }
  const sites = [...files].flatMap(([file, source]) => sourceCandidateSites(source).map((s) => ({ file, ...s })));
  if (sites.length === 0) return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'hotspy-sites-'));
  await writeFile(join(dir, 'sites.json'), JSON.stringify(sites));
  return dir;
}

/** Local modules of the entry script scanned for candidate sites: the program's own few files. */
const MAX_SITE_MODULES = 20;

/** The purity fact of the files whose functions the census watched (HD07 needs it). */
async function censusPurity(profile: Profile, sources: Map<string, string>): Promise<Map<string, PurityRecord[]>> {
  const purity = new Map<string, PurityRecord[]>();
  const files = new Set((profile.census?.functions ?? []).map((f) => f.file));
  if (files.size === 0) return purity;
  await initPython();
  for (const file of files) {
    const text = sources.get(file);
    if (text !== undefined) purity.set(file, sourcePurity(text));
  }
  return purity;
}

/**
 * The source texts the HTML report wants, keyed by the paths as the profile and the report
 * spell them (absolute, or relative to the run's directory). Unreadable files are left out:
 * the report then shows only their hot lines.
 */
export async function sourcesForHtml(
  wanted: string[],
  known: Map<string, string>,
  cwd: string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const path of wanted) {
    const absolute = resolve(cwd, path);
    let text = known.get(absolute);
    text ??= readSourceText(absolute);
    if (text === undefined) continue;
    out.set(path, text);
  }
  return out;
}

/** The HTML report of any profile: the doctor's advice when the profiled sources are readable. */
export async function writeProfileHtml(profile: Profile, path: string, cwd: string): Promise<void> {
  const { renderHtmlReport, sourceFilesWanted } = await import('../report/html/index.js');
  const { report, sources: checked } = await diagnoseProfile(profile, { cwd: profile.meta.cwd ?? cwd });
  const sources = await sourcesForHtml(sourceFilesWanted(profile, report), checked, profile.meta.cwd ?? cwd);
  await writeFile(path, renderHtmlReport({ profile, report, sources }));
}

/** The HTML report of a `hotspy run`: its profile, advice and the sources it read. */
export async function writeRunHtml(result: RunProgramResult, path: string, cwd: string): Promise<void> {
  const { renderHtmlReport, sourceFilesWanted } = await import('../report/html/index.js');
  const sources = await sourcesForHtml(sourceFilesWanted(result.profile, result.report), result.sources, cwd);
  await writeFile(path, renderHtmlReport({ profile: result.profile, report: result.report, sources }));
}
