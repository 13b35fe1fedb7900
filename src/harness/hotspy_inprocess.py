"""Sampling inside a process that is already running: the pytest plugin and the IPython magic.

    session = hotspy_inprocess.Session("/tmp/profile.json", command=["pytest"])
    problem = session.start()       # None, or why sampling cannot start (another SIGALRM user)
    ...                             # the code to profile runs here, in this process
    session.stop()                  # writes the same JSON profile the harness writes

The harness (hotspy_harness.py) owns a whole process it starts itself; here hotspy is a guest in
someone else's, so it takes SIGALRM only when nobody else holds it, and gives it back when done.
Threads that were running before start() (a Jupyter kernel's own I/O threads, a test runner's
helpers) are not the code being profiled and are never sampled. Must be called from the main
thread: only it can install a signal handler. Standard library only; Python 3.8+.
"""

import os
import signal
import sys
import threading
import time

import hotspy_profile_file
import hotspy_runinfo
import hotspy_sampler

_HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS_FILES = frozenset(
    os.path.join(_HERE, name) for name in os.listdir(_HERE) if name.endswith(".py")
)


def sigalrm_user():
    """Who else uses SIGALRM (the sampler's timer signal) in this process, or None."""
    if not hasattr(signal, "setitimer"):
        return "this platform has no signal.setitimer"
    handler = signal.getsignal(signal.SIGALRM)
    if handler not in (signal.SIG_DFL, signal.SIG_IGN, None):
        return "a SIGALRM handler is installed (%s)" % _describe(handler)
    if signal.getitimer(signal.ITIMER_REAL) != (0.0, 0.0):
        return "a real-time interval timer (signal.alarm or setitimer) is running"
    return None


def _describe(handler):
    if handler in (signal.SIG_DFL, signal.SIG_IGN):
        return "code that reset it to %s" % ("SIG_DFL" if handler == signal.SIG_DFL else "SIG_IGN")
    module = getattr(handler, "__module__", None)
    name = getattr(handler, "__qualname__", None) or repr(handler)
    return "%s.%s" % (module, name) if module else name


class Session:
    def __init__(self, out, rate=1000.0, command=None, stop_codes=()):
        self.out = os.path.abspath(out)
        self.rate = float(rate)
        self.command = list(command or [sys.argv[0]])
        self.cwd = os.getcwd()
        self.sampler = None
        # Set when another SIGALRM user took the signal while we sampled: what it was.
        self.displaced_by = None
        self._stop_codes = list(stop_codes)
        self._gc = hotspy_runinfo.GcRecorder()
        self._handler = None
        self._start_time = None
        self._wall_start = None
        self._cpu_start = None

    def start(self):
        """Start sampling; returns None, or the reason it did not start (nothing was changed)."""
        if threading.current_thread() is not threading.main_thread():
            return "sampling must start in the main thread"
        busy = sigalrm_user()
        if busy:
            return busy
        # Threads already running are the host's (kernel I/O, test runner helpers), not the code
        # under study: keep them out of the samples.
        ignored = set(sys._current_frames())
        ignored.discard(threading.get_ident())
        self.sampler = hotspy_sampler.Sampler(1.0 / self.rate, self._stop_codes, HARNESS_FILES, ignored)
        self._start_time = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self._gc.start()
        self._wall_start = time.perf_counter()
        self._cpu_start = time.process_time()
        self.sampler.start()
        self._handler = signal.getsignal(signal.SIGALRM)
        return None

    def stop(self):
        """Stop sampling and write the profile; returns its path (None if start() did not start)."""
        if self.sampler is None:
            return None
        wall = time.perf_counter() - self._wall_start
        cpu = time.process_time() - self._cpu_start
        current = signal.getsignal(signal.SIGALRM)
        if current is self._handler:
            self.sampler.stop()
        else:
            # Someone installed their own handler while we sampled: their signal, their timer.
            # Leave both alone; the profile then covers only the time before they took over.
            self.displaced_by = _describe(current)
            self.sampler.stopped = True
        self._gc.stop()
        hotspy_profile_file.write_profile(self.out, self._document(wall, cpu))
        return self.out

    def _document(self, wall, cpu):
        sampler = self.sampler
        meta = {
            "command": self.command,
            "python": sys.version.split()[0],
            "executable": sys.executable,
            "mode": "sample",
            "rate": self.rate,
            "interval": 1.0 / self.rate,
            "startTime": self._start_time,
            "cwd": self.cwd,
            "wallTime": wall,
            "cpuTime": cpu,
            # The process's peak includes everything before start(): not this run's figure.
            "peakRss": None,
            "threads": max(1, len(sampler.thread_names)),
            "samples": sampler.samples,
            "exitCode": 0,
            "partial": self.displaced_by is not None,
            "reason": "SIGALRM taken by %s" % self.displaced_by if self.displaced_by else None,
            "exception": None,
            "gc": self._gc.as_dict(),
        }
        document = {"version": 1, "meta": meta}
        document.update(hotspy_profile_file.sampled_sections(sampler))
        return document
