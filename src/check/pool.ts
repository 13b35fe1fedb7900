// Checks files on worker threads, one file per message and two in flight per worker so no
// worker waits for the main thread. A worker that dies (a crash in the WebAssembly parser,
// running out of memory) costs only the file it was on: that file gets an error, the worker
// is replaced, and the rest go on.
import { Worker } from 'node:worker_threads';
import type { FileJob, FileOutcome } from './check-file.js';

const IN_FLIGHT = 2;

export async function runOnWorkers(
  workerUrl: URL,
  jobs: FileJob[],
  threads: number,
  onOutcome: (outcome: FileOutcome) => void,
): Promise<void> {
  let next = 0;
  let remaining = jobs.length;
  if (remaining === 0) return;

  // Workers that die before finishing anything point at a broken setup, not a bad file.
  let barrenDeaths = 0;
  await new Promise<void>((resolveAll) => {
    const finishOne = (outcome: FileOutcome) => {
      onOutcome(outcome);
      remaining--;
      if (remaining === 0) resolveAll();
    };

    const start = () => {
      const worker = new Worker(workerUrl, { resourceLimits: { stackSizeMb: 16 } });
      const inFlight: FileJob[] = [];
      let dead = false;
      let finished = 0;
      const feed = () => {
        while (!dead && inFlight.length < IN_FLIGHT && next < jobs.length) {
          const job = jobs[next++];
          inFlight.push(job);
          worker.postMessage(job);
        }
        if (!dead && inFlight.length === 0) {
          dead = true;
          void worker.terminate();
        }
      };
      const die = (reason: string) => {
        if (dead) return;
        dead = true;
        // Results come back in order, so the first job in flight is the one that crashed it.
        const culprit = inFlight.shift();
        const requeue = inFlight.splice(0);
        jobs.push(...requeue);
        if (culprit) {
          finishOne({ path: culprit.path, size: 0, mtimeMs: 0, findings: [], errors: [`internal error: the analyzer crashed on this file (${reason})`], linted: false });
        }
        void worker.terminate();
        barrenDeaths = finished === 0 ? barrenDeaths + 1 : 0;
        if (barrenDeaths >= 3) {
          while (next < jobs.length) {
            const job = jobs[next++];
            finishOne({ path: job.path, size: 0, mtimeMs: 0, findings: [], errors: [`internal error: the analyzer could not start (${reason})`], linted: false });
          }
        } else if (next < jobs.length) start();
      };
      worker.on('message', (outcome: FileOutcome) => {
        inFlight.shift();
        finished++;
        finishOne(outcome);
        feed();
      });
      worker.on('error', (error) => die(error instanceof Error ? error.message : String(error)));
      worker.on('exit', (code) => die(`worker exited with code ${code}`));
      feed();
    };

    const count = Math.max(1, Math.min(threads, jobs.length));
    for (let i = 0; i < count; i++) start();
  });
}
