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
}

export interface Profile {
  readonly format: SourceFormat;
  readonly meta: ProfileMeta;
  readonly unit: WeightUnit;
  /** False when the source has no CPU time (the *Cpu fields are then 0). */
  readonly hasCpu: boolean;
  readonly frames: readonly Frame[];
  /** Synthetic root (frame -1); no children for call-graph-only profiles. */
  readonly root: CallTreeNode;
  /** Number of nodes in the call tree, root excluded. */
  readonly nodeCount: number;
  readonly functions: readonly FunctionStats[];
  readonly edges: readonly CallEdge[];
  readonly lines: readonly LineStats[];
  readonly memory?: MemoryStats;
}
