// The processes a profiled program started, so that --timeout and Ctrl-C can end all of them.
//
// The program shares hotspy's process group and terminal (it must, to read the terminal and get
// its Ctrl-C), so a group kill would hit hotspy and its pipeline neighbours too. Instead the
// descendants are found by walking /proc (parent pid links) every few hundred milliseconds while
// the program runs: a worker whose parent has died is re-parented to init and can no longer be
// found that way, but it is remembered. Each pid is remembered with its start time, so a pid
// reused by an unrelated process is never signalled. Processes that detach with setsid() are out
// of scope. Where there is no /proc (macOS), this does nothing.
import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  session: number;
  /** Clock ticks after boot. */
  start: number;
  /** R, S, D, Z, ... */
  state: string;
}

const SNAPSHOT_MS = 500;
const TERM_GRACE_MS = 1500;

export class ProcessTree {
  /** pid -> start time of every descendant seen so far. */
  private readonly known = new Map<number, number>();
  private readonly rootStart: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly root: number) {
    this.rootStart = readStat(root)?.start;
  }

  /** Walk /proc periodically until stop(). */
  watch(): void {
    if (this.rootStart === undefined) return;
    this.timer = setInterval(() => this.snapshot(), SNAPSHOT_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Remember the descendants alive now. The walk follows /proc/PID/task/TID/children from the
   * program and from every process remembered, so it costs a few reads per process of the tree,
   * not a scan of the machine's processes (that one runs only when ending the tree, `orphans`).
   */
  snapshot(orphans = false): ProcStat[] {
    if (this.rootStart === undefined) return [];
    const all = orphans || !hasChildLists() ? readAll() : undefined;
    const byPid = all ? new Map(all.map((p) => [p.pid, p])) : undefined;
    const childrenOf = all ? childMap(all) : undefined;
    const alive: ProcStat[] = [];
    // Roots of the walk: the program, and every remembered process still alive as itself.
    const queue = [this.root, ...this.known.keys()];
    if (all) {
      const self = byPid!.get(process.pid);
      for (const p of all) {
        // Orphaned since the last walk: in our group and session, started after the program,
        // now a child of init. (A pipeline neighbour such as `| cat` keeps its parent.)
        if (self && p.ppid === 1 && p.pid !== process.pid && p.pgrp === self.pgrp && p.session === self.session && p.start >= this.rootStart) queue.push(p.pid);
      }
    }
    const seen = new Set<number>();
    while (queue.length > 0) {
      const pid = queue.pop()!;
      if (seen.has(pid)) continue;
      seen.add(pid);
      if (pid !== this.root) {
        const stat = byPid ? byPid.get(pid) : readStat(pid);
        if (!stat || stat.state === 'Z' || stat.start < this.rootStart) continue;
        const remembered = this.known.get(pid);
        if (remembered !== undefined && remembered !== stat.start) continue; // pid reused
        this.known.set(pid, stat.start);
        alive.push(stat);
      }
      for (const child of childrenOf ? (childrenOf.get(pid) ?? []).map((p) => p.pid) : childList(pid)) queue.push(child);
    }
    return alive;
  }

  /**
   * End every descendant still alive: SIGTERM, then SIGKILL after a grace period. Walks again
   * between the two, since a dying process may leave children behind.
   */
  async terminate(): Promise<number> {
    if (this.rootStart === undefined) return 0;
    this.stop();
    const deadline = Date.now() + TERM_GRACE_MS;
    const signalled = new Set<number>();
    let alive = this.snapshot(true);
    while (alive.length > 0 && Date.now() < deadline) {
      for (const p of alive) {
        if (!signalled.has(p.pid)) {
          signalled.add(p.pid);
          sendSignal(p.pid, 'SIGTERM');
        }
      }
      await sleep(50);
      alive = this.snapshot();
    }
    for (const p of alive) sendSignal(p.pid, 'SIGKILL');
    return signalled.size + alive.filter((p) => !signalled.has(p.pid)).length;
  }
}

function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let childLists: boolean | undefined;
function hasChildLists(): boolean {
  childLists ??= readChildren(process.pid) !== undefined;
  return childLists;
}

/** Pids of a process's children (of all its threads); none when it is gone. */
function childList(pid: number): number[] {
  return readChildren(pid) ?? [];
}

/** undefined when the process is gone or the kernel has no children lists (CONFIG_PROC_CHILDREN). */
function readChildren(pid: number): number[] | undefined {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').split(' ')) {
        if (child.length > 0) out.push(Number(child));
      }
    }
  } catch {
    return undefined;
  }
  return out;
}

function childMap(all: ProcStat[]): Map<number, ProcStat[]> {
  const children = new Map<number, ProcStat[]>();
  for (const p of all) {
    const list = children.get(p.ppid);
    if (list) list.push(p);
    else children.set(p.ppid, [p]);
  }
  return children;
}

function readAll(): ProcStat[] {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: ProcStat[] = [];
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const stat = readStat(Number(name));
    // Zombies are dead already: signalling them does nothing and waiting for them would hang.
    if (stat && stat.ppid !== 0 && stat.state !== 'Z') out.push(stat);
  }
  return out;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
  // cutime cstime priority nice threads itrealvalue starttime ...": comm may hold spaces and ')'.
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(' ');
  const stat = { pid, ppid: Number(fields[1]), pgrp: Number(fields[2]), session: Number(fields[3]), start: Number(fields[19]), state: fields[0] ?? '' };
  return Number.isFinite(stat.start) ? stat : undefined;
}
