"""Facts about the run that every mode records: garbage collection and peak memory."""

import gc
import os
import sys
import time


class GcRecorder:
    """Times every collection and counts them per generation through gc.callbacks."""

    def __init__(self):
        self.time = 0.0
        self.collections = [0, 0, 0]
        self.collected = [0, 0, 0]
        self._started = None
        self._callback = self._on_gc
        self._stopped = False
        # set by the harness: hotspy_signals.redeliver
        self.redeliver = None

    def start(self):
        gc.callbacks.append(self._callback)

    def stop(self):
        self._stopped = True
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def pause(self):
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def resume(self):
        if not self._stopped and self._callback not in gc.callbacks:
            gc.callbacks.insert(0, self._callback)

    def _on_gc(self, phase, info):
        # A Ctrl-C arriving now runs the program's SIGINT handler inside this callback, and the
        # interpreter would print its KeyboardInterrupt as ignored and let the program run on.
        try:
            self._record(phase, info)
        except BaseException as error:
            if self.redeliver is None:
                raise
            self.redeliver(error)

    def _record(self, phase, info, perf_counter=time.perf_counter):
        if phase == "start":
            self._started = perf_counter()
            return
        if self._started is not None:
            self.time += perf_counter() - self._started
            self._started = None
        generation = info.get("generation", 0)
        if 0 <= generation < 3:
            self.collections[generation] += 1
            self.collected[generation] += info.get("collected", 0)

    def as_dict(self):
        return {"time": self.time, "collections": list(self.collections), "collected": list(self.collected)}


def peak_rss():
    """Peak resident set size in bytes, or None where the resource module is missing."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak if sys.platform == "darwin" else peak * 1024


class RunQueue:
    """Time the program's threads were runnable but waiting for a CPU (Linux schedstat).

    On a loaded machine a busy program shows little CPU time for its wall time; without this
    figure that looks like waiting on I/O. Threads that end between two polls lose at most one
    poll period of their figure.
    """

    PERIOD = 0.1

    def __init__(self):
        self.available = os.path.exists("/proc/self/task/%d/schedstat" % os.getpid())
        self._main = str(os.getpid())
        self._base = {}
        self._last = {}

    def _read(self):
        """tid -> (ns on a CPU, ns runnable in the run queue), for every live thread."""
        values = {}
        try:
            tasks = os.listdir("/proc/self/task")
        except OSError:
            return values
        for tid in tasks:
            try:
                with open("/proc/self/task/%s/schedstat" % tid) as f:
                    fields = f.read().split()
                values[tid] = (int(fields[0]), int(fields[1]))
            except (OSError, ValueError, IndexError):
                continue
        return values

    def start(self):
        if self.available:
            self._base = self._read()
            self._last = dict(self._base)

    def poll(self):
        if self.available:
            self._last.update(self._read())

    def totals(self):
        """(all threads, main thread) run-queue wait in seconds since start, or (None, None)."""
        if not self.available:
            return None, None
        self.poll()
        waited = sum(self._since_start(tid)[1] for tid in self._last)
        return waited / 1e9, self._since_start(self._main)[1] / 1e9

    def thread_cpu(self, ignored_native_ids=()):
        """CPU seconds of every thread seen since start, largest first (None off Linux).

        Sampling can miss threads that run while the main thread waits for the GIL; these
        totals come from the kernel and do not depend on the sampler getting a turn.
        """
        if not self.available:
            return None
        self.poll()
        ignored = set(str(t) for t in ignored_native_ids)
        cpu = [self._since_start(tid)[0] / 1e9 for tid in self._last if tid not in ignored]
        return sorted((round(c, 6) for c in cpu), reverse=True)

    def _since_start(self, tid):
        now = self._last.get(tid, (0, 0))
        base = self._base.get(tid, (0, 0))
        return max(0, now[0] - base[0]), max(0, now[1] - base[1])
