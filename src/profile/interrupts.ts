// SIGINT and SIGTERM sent to hotspy reach the program exactly once.
//
// A terminal's Ctrl-C (or `kill -INT -PGID`) goes to every process of the foreground group: the
// program has it already, and forwarding it would raise a second KeyboardInterrupt inside its
// clean-up. A signal aimed at hotspy alone must still be passed on. Node cannot tell the two
// apart, so the harness says which signals it received: its wakeup fd (signal.set_wakeup_fd) is
// the write end of a pipe read here, and the interpreter writes each signal's number to it from
// the C signal handler, whatever Python code runs at the time. A signal is forwarded only when
// the harness did not report the same one around the same moment.
import type { ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import type { Readable } from 'node:stream';

/** How long a signal hotspy got waits for the harness's report of the same signal. */
const REPORT_WAIT_MS = 150;
/** A report this much older than hotspy's own signal still counts as the same delivery. */
const REPORT_BEFORE_MS = 1000;

const FORWARDED = ['SIGINT', 'SIGTERM'] as const;
type Forwarded = (typeof FORWARDED)[number];

export interface SignalForwarding {
  /** Whether hotspy itself got SIGINT or SIGTERM during the run. */
  readonly interrupted: boolean;
  stop(): void;
}

/**
 * Forward SIGINT and SIGTERM to the harness unless it got them itself. `reports` is the pipe
 * the harness's wakeup fd writes to, or null when there is none (then a SIGINT is forwarded
 * only when stdin is not a terminal, the old rule).
 */
export function forwardSignals(child: ChildProcess, reports: Readable | null): SignalForwarding {
  const lastReport = new Map<number, number>();
  // signals waiting for the harness's report: check on each report, cancel on stop
  const waiting = new Set<{ check: () => void; cancel: () => void }>();
  const numbers = new Map(FORWARDED.map((name) => [osConstants.signals[name], name]));
  let interrupted = false;
  reports?.on('data', (chunk: Buffer) => {
    const now = Date.now();
    for (const [number] of numbers) {
      if (chunk.includes(number)) lastReport.set(number, now);
    }
    for (const wait of waiting) wait.check();
  });
  reports?.on('error', () => undefined);

  const reportedSince = (signal: Forwarded, since: number) => (lastReport.get(osConstants.signals[signal]) ?? -Infinity) >= since;
  const forward = (signal: Forwarded) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  const handlers = FORWARDED.map((signal) => {
    const handler = () => {
      interrupted = true;
      if (!reports) {
        if (signal === 'SIGTERM' || !process.stdin.isTTY) forward(signal);
        return;
      }
      const since = Date.now() - REPORT_BEFORE_MS;
      if (reportedSince(signal, since)) return;
      const finish = (send: boolean) => {
        waiting.delete(wait);
        clearTimeout(timer);
        if (send) forward(signal);
      };
      const wait = { check: () => reportedSince(signal, since) && finish(false), cancel: () => finish(false) };
      // No report: the signal was aimed at hotspy alone, or the program replaced the wakeup fd
      // (asyncio's add_signal_handler does); from a terminal, a Ctrl-C has reached it already.
      const timer = setTimeout(() => finish(signal === 'SIGTERM' || !process.stdin.isTTY), REPORT_WAIT_MS);
      waiting.add(wait);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    get interrupted() {
      return interrupted;
    },
    stop() {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      for (const wait of [...waiting]) wait.cancel();
      reports?.destroy();
    },
  };
}
