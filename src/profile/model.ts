// The one in-memory profile shape. Every importer produces it (through ProfileBuilder, never by
// filling these objects itself), and every exporter, report, the doctor and the flame graph read it.
//
// Units: weights are seconds when `unit` is 'seconds' (wall and CPU kept apart), plain counts when a
// format carries no time ('samples', e.g. collapsed stacks), or bytes ('bytes', speedscope memory
// profiles). Lines are 1-based; 0 means unknown.
//
// Two views of where time went, filled depending on what the source format knows:
// - the call tree (sampled and evented data: hotspy sample mode, speedscope, collapsed stacks):
//   one node per distinct (frame, current line) path, with self and total weights;
// - the call graph (deterministic tracing: hotspy trace mode, cProfile .prof): per-function call
//   counts and times plus caller -> callee edges, pstats semantics.
// `functions` and `lines` summarise either view and are what most readers want; query.ts has the
// helpers (top functions, hottest lines, per-line lookups, totals, stack iteration).

export { ProfileBuilder, ProfileDataError, DEFAULT_LIMITS, rootLevelKind } from './builder.js';
export type { EventedBuilder, ProfileLimits, SampleWeights } from './builder.js';

/**
 * A function (code object): its name, file, and first line (0 when the format does not say).
 * Frames with a `kind` are not code: every stack of a profile that knows its processes and
 * threads starts with a `process` frame ("process 1234") and a `thread` frame ("thread
 * MainThread"), so trees, flame graphs and exports split by process and thread for free. They
 * have no file and line and never count as functions (query.ts `isCodeFrame`).
 */
export interface Frame {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly kind?: FrameKind;
}

export type FrameKind = 'process' | 'thread';

/** One process of the run: the profiled program (the root) or one of its children. */
export interface ProcessInfo {
  pid: number;
  /** The parent's pid (absent for the root). */
  ppid?: number;
  /** argv as the process saw it. */
  command: string[];
  /** How it started: 'root' (the program hotspy ran), 'fork', or 'exec' (a new interpreter). */
  how: 'root' | 'fork' | 'exec';
  wallTime?: number;
  cpuTime?: number;
  samples?: number;
  threads?: number;
  exitCode?: number;
  reason?: string | null;
}

export type WeightUnit = 'seconds' | 'samples' | 'bytes';

export type ProfileMode = 'sample' | 'trace';

/** Formats profiles come from (and the importer that read them). */
export type SourceFormat = 'hotspy' | 'cprofile' | 'speedscope' | 'collapsed' | 'pprof';

export interface CallTreeNode {
  /** Index into `Profile.frames`; -1 for the synthetic root. */
  readonly frame: number;
  /** The line being executed in this frame on this path (0 unknown). */
  readonly line: number;
  readonly parent: CallTreeNode | null;
  readonly children: readonly CallTreeNode[];
  /** Weight of samples whose leaf is this node. */
  selfWall: number;
  selfCpu: number;
  selfSamples: number;
  /** Weight of samples passing through this node (self included). */
  totalWall: number;
  totalCpu: number;
  totalSamples: number;
  /** Of selfWall, the seconds spent inside one long native call (see `Profile.hasNative`; absent: 0). */
  selfNative?: number;
}

/**
 * Per-function summary, one per frame (same index as `Profile.frames`).
 * Totals count a sample once even when the function is on the stack several times (recursion).
 * For call-graph profiles selfWall/totalWall are pstats' tt/ct, calls nc, primitiveCalls cc.
 */
export interface FunctionStats {
  readonly frame: number;
  selfWall: number;
  selfCpu: number;
  totalWall: number;
  totalCpu: number;
  /** Samples with this function on the stack (0 for call-graph profiles). */
  samples: number;
  calls: number | null;
  primitiveCalls: number | null;
}

/** caller -> callee, with the callee's counts and times for calls made from that caller. */
export interface CallEdge {
  readonly caller: number;
  readonly callee: number;
  calls: number;
  primitiveCalls: number;
  selfTime: number;
  totalTime: number;
}

/**
 * Per source line. Self weights come from samples whose leaf frame is on this line; inclusive
 * ("total") weights count a sample once for every distinct (file, line) on its stack, so the line
 * of a loop that calls a slow function carries that function's time too.
 */
export interface LineStats {
  readonly file: string;
  readonly line: number;
  selfWall: number;
  selfCpu: number;
  totalWall: number;
  totalCpu: number;
  samples: number;
  /** Of selfWall, the seconds spent inside one long native call (see `Profile.hasNative`; absent: 0). */
  selfNative?: number;
  /** Of totalWall, the same (the native calls of the libraries the line calls count too). */
  totalNative?: number;
}

export interface MemoryLine {
  readonly file: string;
  readonly line: number;
  readonly size: number;
  readonly count: number;
}

/**
 * resident: growth of the process's resident memory charged to the line running at each sample
 * (statistical, low overhead); exact: tracemalloc's live allocations by line.
 */
export type MemoryMode = 'resident' | 'exact';

export interface MemoryStats {
  /** Absent in profiles written before the modes existed: those were tracemalloc. */
  readonly mode?: MemoryMode;
  readonly peakTraced: number | null;
  readonly top: readonly MemoryLine[];
  readonly snapshots: readonly { readonly time: number; readonly current: number; readonly top: readonly MemoryLine[] }[];
}

export interface GcStats {
  readonly time: number;
  readonly collections: readonly number[];
  readonly collected: readonly number[];
}

/** One `functools.lru_cache`/`cache` of the user's code, as `cache_info()` read it at exit. */
export interface CacheStats {
  readonly file: string;
  /** The cached function's first line (its first decorator, as the frames count it). */
  readonly line: number;
  readonly name: string;
  readonly hits: number;
  readonly misses: number;
  /** null: unbounded (`maxsize=None`, `functools.cache`). */
  readonly maxsize: number | null;
  readonly currsize: number;
}

/** One hot function the census watched (hotspy_census.py): its calls and their argument fingerprints. */
export interface CensusFunction {
  readonly file: string;
  /** The code object's first line (its first decorator), as the frames count it. */
  readonly line: number;
  readonly name: string;
  /** Calls seen while the census was on. */
  readonly calls: number;
  /** Calls whose arguments could be fingerprinted without running the program's code. */
  readonly hashedCalls: number;
  /** Distinct argument fingerprints among them. */
  readonly distinct: number;
  /** Hashed calls whose fingerprint had been seen before: what an unbounded cache would answer. */
  readonly repeats: number;
  /** The hashed call that brought the last new fingerprint (1-based; early: the working set is complete). */
  readonly lastNewAt: number;
  /** Fingerprints seen exactly once and exactly twice: what the unseen ones are estimated from (Chao1). */
  readonly seenOnce: number;
  readonly seenTwice: number;
  /** The share of the program's CPU time since this function was added that the census was on. */
  readonly coverage: number;
  /** More distinct fingerprints than the census keeps: later new ones counted as misses. */
  readonly keysFull: boolean;
  /** Calls with an argument `lru_cache` cannot hash (a list, a dict, a class with `__eq__` and no `__hash__`). */
  readonly unhashableCalls: number;
  /** Calls with an argument whose own `__hash__` the census does not call. */
  readonly customHashCalls: number;
  /** Hashed calls with an argument hashed by identity (an object of a class without `__hash__`). */
  readonly identityCalls: number;
  /** The types that stopped a fingerprint, most frequent first. */
  readonly argumentTypes: readonly { readonly type: string; readonly calls: number }[];
  /** Estimated seconds the census spent in this function's callbacks. */
  readonly callbackTime: number;
}

/** A candidate line whose operand type the census recorded while it ran. */
export interface CensusSite {
  readonly file: string;
  readonly line: number;
  /** The operand as written: a name or a dotted path (`self.pending`). */
  readonly expression: string;
  /** What the line does with it: `in`, `pop(0)`, `index` ... (from the static side). */
  readonly operation: string;
  /** The rule that would apply if the operand is a list (HS101, HS107, HS108). */
  readonly rule: string;
  readonly observations: number;
  /** Times the operand could not be read without running the program's code. */
  readonly unreadable: number;
  readonly types: readonly { readonly type: string; readonly count: number; readonly maxLen: number }[];
}

/** The census of the run's hot functions and candidate lines (sample mode; docs/profile-format.md). */
export interface CensusStats {
  /** `sys.monitoring` (3.12+), `setprofile`/`hooks` (before 3.12), `unavailable`, or null: never started. */
  readonly mechanism: string | null;
  /** Seconds into the run when the census started (after the warm-up samples). */
  readonly startedAt: number | null;
  /** Seconds from its start to the end of the run, and how long of that it was on. */
  readonly span: number;
  readonly onTime: number;
  /** onTime / span: the census switches itself off to keep its cost low, so its counts are a sample. */
  readonly coverage: number;
  /** Estimated seconds the census added to the run. */
  readonly cost: number;
  readonly functions: readonly CensusFunction[];
  readonly sites: readonly CensusSite[];
  readonly error: string | null;
}

/** Live instances of one user class without `__slots__`, counted by the slots census (HD08). */
export interface SlotsClass {
  readonly file: string;
  /** The `class` statement's line (0 when it could not be found). */
  readonly line: number;
  readonly name: string;
  /** Most live instances counted at once (an estimate above 200,000 tracked objects). */
  readonly peak: number;
  /** Seconds into the run when `peak` was counted. */
  readonly peakTime: number;
  readonly atExit: number;
  /** Attributes per instance (the most among a few sampled at exit); null when unknown. */
  readonly attributes: number | null;
  /** Bytes `__slots__` saves per instance on this interpreter, measured on a twin class. */
  readonly bytesPerInstance: number | null;
  /** `peak` x `bytesPerInstance`. */
  readonly bytesSaved: number | null;
}

export interface SlotsCensus {
  /** Counts taken during the run and at exit. */
  readonly counts: number;
  /** Seconds the counts took, all together. */
  readonly seconds: number;
  readonly classes: readonly SlotsClass[];
}

export interface ProgramException {
  readonly type: string;
  readonly message: string;
  readonly traceback?: string;
}

/** What is known about the run; fields a format does not carry are undefined. */
export interface ProfileMeta {
  command: string[];
  /** The program's process id (the root of `processes`). */
  pid?: number;
  /**
   * The program's process and each profiled child, root first, when children were profiled.
   * `cpuTime` and `samples` then add up all of them, and `wallTime` stays the root's.
   */
  processes?: ProcessInfo[];
  python?: string;
  executable?: string;
  mode?: ProfileMode;
  rate?: number;
  interval?: number;
  startTime?: string;
  cwd?: string;
  wallTime?: number;
  cpuTime?: number;
  peakRss?: number;
  threads?: number;
  /** Seconds the program's threads were runnable but waiting for a CPU (machine load; Linux only). */
  runQueueTime?: number;
  /** The same for the main thread alone. */
  mainRunQueueTime?: number;
  /** CPU seconds of each thread of the run, from the kernel, largest first (Linux only). */
  threadCpuTimes?: readonly number[];
  samples?: number;
  /** Samples whose stack was deeper than `foldDepth` frames: its outer frames are one `<folded frames>` frame. */
  foldedSamples?: number;
  foldDepth?: number;
  exitCode?: number;
  partial: boolean;
  reason?: string | null;
  /** Sample mode: the program took SIGALRM (`call`) `time` seconds in, and sampling stopped there. */
  samplingStopped?: { call: string; time: number } | null;
  exception?: ProgramException | null;
  gc?: GcStats;
  /** The user's caches alive at exit (hotspy profiles of sample or trace mode). */
  caches?: readonly CacheStats[];
  /** Live instances of the user's classes without `__slots__` (hotspy profiles of sample or trace mode). */
  slots?: SlotsCensus;
}

export interface Profile {
  readonly format: SourceFormat;
  readonly meta: ProfileMeta;
  readonly unit: WeightUnit;
  /** False when the source has no CPU time (the *Cpu fields are then 0). */
  readonly hasCpu: boolean;
  /**
   * True when the source split the main thread's time into interpreter and native time (hotspy
   * sample mode: a signal handled late waited for a C call to return); `selfNative` and
   * `totalNative` are then set where there was some (absent means 0).
   */
  readonly hasNative?: boolean;
  readonly frames: readonly Frame[];
  /** Synthetic root (frame -1); no children for call-graph-only profiles. */
  readonly root: CallTreeNode;
  /** Number of nodes in the call tree, root excluded. */
  readonly nodeCount: number;
  readonly functions: readonly FunctionStats[];
  readonly edges: readonly CallEdge[];
  readonly lines: readonly LineStats[];
  readonly memory?: MemoryStats;
  readonly census?: CensusStats;
}
