"""Memory per line, in two modes.

resident (the default of --memory): how much the process's resident memory grew, read with each
time sample (one read of /proc/self/statm), and which lines it grew at. CPython 3.8 to 3.13 has no
allocation sampling in the standard library, and the line a time sample lands on is no answer
either: 3.11+ runs a signal handler only at function entries, loop back edges and some calls, so a
line that allocates without any of these (a string built by `%` and `*`) never got a sample, and its
growth went to the caller's line. So the lines come from short traced windows instead: every
snapshot the monitor thread turns tracemalloc on for TRACE_WINDOW seconds (one frame), as long as
the windows and their grouping took at most TRACE_BUDGET of the run, and the memory that each line allocated in the
window and still held at its end is added to that line. The run's growth is shared among the lines
in proportion to those bytes. There are none when the program uses
tracemalloc itself (imported, or tracing): then each sample's growth is charged to the line the
sample landed on, as before. Lines and windows need the sampler (sample mode); in trace mode only
the timeline is recorded. Linux only (/proc).

exact (--memory-mode exact): tracemalloc with one frame per allocation. Exact sites, but every
allocation is slower. Snapshots are taken one at a time, only while they cost at most a tenth of
the run so far, and grouped by line here: Snapshot.statistics() builds an object per trace and
alone took longer than the traced run with 800,000 live objects.
"""

import collections
import heapq
import operator
import os
import sys
import threading
import time

TOP_LINES = 20
SNAPSHOT_TOP = 10
MAX_SNAPSHOTS = 64
# Exact mode: share of the run that periodic snapshots may take.
SNAPSHOT_BUDGET = 0.1
# Resident mode: seconds of allocation tracing per window, and the share of the run that the
# windows and their grouping (which holds the GIL) may take; allocation-heavy code also runs a few
# times slower while traced.
TRACE_WINDOW = 0.002
TRACE_BUDGET = 0.01


class _Timeline:
    """Memory over time, for HD05: a point per interval, halved when it reaches MAX_SNAPSHOTS."""

    def __init__(self, interval):
        self.interval = interval
        self.snapshots = []

    def add(self, point):
        self.snapshots.append(point)
        if len(self.snapshots) >= MAX_SNAPSHOTS:
            # Long runs: keep every other point and space the next ones twice as far.
            self.snapshots = self.snapshots[::2]
            self.interval *= 2


class _Recorder:
    """What both modes share: the timeline the monitor thread adds to, and the end of recording."""

    def __init__(self, interval):
        self._timeline = _Timeline(interval)
        self._started = None
        self.finished = False

    @property
    def interval(self):
        return self._timeline.interval

    def _snapshots(self, until):
        """The timeline up to the program's end (`until`, seconds from its start): the monitor
        thread may add a point while the profile is being written."""
        points = self._timeline.snapshots
        return points if until is None else [p for p in points if p["time"] <= until]


class ResidentRecorder(_Recorder):
    mode = "resident"

    def __init__(self, harness_files=(), interval=0.1):
        _Recorder.__init__(self, interval)
        self._growth = {}  # (file, line) -> [bytes, samples]
        self._held = {}  # (file, line) -> [bytes, allocations] still held at the end of a traced window
        self._skip = frozenset(harness_files) | {"<unknown>"}
        self._tracing = False  # a window of ours is open
        # Held through a window: the harness's other thread (the slots census, HD08) counts only
        # outside windows, since tracemalloc records every thread and nframe=1 shows its
        # allocations at stdlib lines (collections' Counter.update), never at a harness file.
        self.window_lock = threading.Lock()
        # Set when the harness starts writing the profile: its own work then (a first
        # `import resource`, whose frames are importlib's and not a harness file) is not the program's.
        self._program_over = False
        self._windows = 0
        self._spent = 0.0  # seconds the windows took, their grouping included
        self._fd = None
        self._available = False
        self._identity = None
        self._pid = None
        self._page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
        self._last = 0
        self._first = None
        self._peak = 0

    def start(self):
        self._started = time.perf_counter()
        self._available = os.path.exists("/proc/self/statm")
        self._last = self._first = self.resident()

    def resident(self):
        """Resident bytes now, from a kept-open /proc/self/statm (opened again after a fork, or
        when the program closed it); the last figure when it cannot be read."""
        if not self._available:
            return 0
        pid = os.getpid()
        for attempt in (0, 1):
            try:
                if attempt or self._pid != pid:
                    self._open(pid)
                resident = int(os.pread(self._fd, 64, 0).split()[1]) * self._page
                break
            except (OSError, TypeError, ValueError, IndexError):
                continue
        else:
            return self._last
        if resident > self._peak:
            self._peak = resident
        return resident

    def _open(self, pid):
        self._close()
        self._pid = pid
        fd = os.open("/proc/self/statm", os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            # Moved to a high number, out of the way of the program's own descriptors (a program
            # that closes them all makes the next read fail, and the file is opened again).
            import fcntl
            high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 1000)
            os.close(fd)
            fd = high
        except (ImportError, OSError, AttributeError):
            pass
        self._fd = fd
        self._identity = _identity(fd)

    def _close(self):
        """Closes our descriptor only if it still is ours: the program may have closed it and
        opened something else under the same number."""
        fd, self._fd = self._fd, None
        if fd is not None and self._identity is not None and _identity(fd) == self._identity:
            try:
                os.close(fd)
            except OSError:
                pass

    def charge(self, leaf, resident):
        """Called by the sampler at each main-thread sample with its innermost (code, line)."""
        grown = resident - self._last
        self._last = resident
        if grown <= 0 or leaf is None:
            return
        key = (leaf[0].co_filename, leaf[1])
        entry = self._growth.get(key)
        if entry is None:
            self._growth[key] = [grown, 1]
        else:
            entry[0] += grown
            entry[1] += 1

    def take_snapshot(self):
        """Called by the monitor thread every `interval` seconds."""
        if self.finished:
            return
        self._timeline.add({"time": time.perf_counter() - self._started, "current": self.resident(),
                            "top": self._top(SNAPSHOT_TOP)})
        self._trace_window()

    def _trace_window(self):
        """Trace allocations for TRACE_WINDOW seconds while the program runs (this thread sleeps),
        then keep, per line, what is still held. Never while the program may use tracemalloc:
        starting or stopping it would change what the program sees."""
        tracer = _tracemalloc()
        began = time.perf_counter()
        if tracer is None or self.finished or self._program_over or "tracemalloc" in sys.modules or \
                tracer.is_tracing() or self._spent + TRACE_WINDOW > TRACE_BUDGET * (began - self._started):
            return
        if not self.window_lock.acquire(False):
            return  # the census is counting: its allocations would pass for the program's
        try:
            self._tracing = True
            tracer.start(1)
            try:
                time.sleep(TRACE_WINDOW)
                traces = tracer._get_traces()
            finally:
                tracer.stop()
                self._tracing = False
        finally:
            self.window_lock.release()
        if self._program_over:
            # the program ended during the window: what the harness allocated since is in it
            self._spent += time.perf_counter() - began
            return
        self._windows += 1
        for row in _group(traces, self._skip, 4 * TOP_LINES):
            entry = self._held.setdefault((row["file"], row["line"]), [0, 0])
            entry[0] += row["size"]
            entry[1] += row["count"]
        self._spent += time.perf_counter() - began

    def program_over(self):
        """The harness begins writing the profile: no window from now on, and the open one is dropped."""
        self._program_over = True

    def in_forked_child(self):
        """A fork during a window: the child must not keep tracing (nor sample windows)."""
        self.finished = True
        if self._tracing:
            tracer = _tracemalloc()
            if tracer is not None:
                tracer.stop()

    def _top(self, limit):
        held = dict(self._held)
        if held:
            # the run's growth so far, shared among the lines that held memory in the windows
            grown = max(0, self._peak - (self._first or 0))
            total = float(sum(size for size, _ in held.values())) or 1.0
            rows = heapq.nlargest(limit, held.items(), key=lambda item: item[1][0])
            return [{"file": file, "line": line, "size": int(grown * size / total), "count": count}
                    for (file, line), (size, count) in rows if size * grown >= total]
        # dict() copies in one C call, safe against the sampler adding lines meanwhile
        rows = heapq.nlargest(limit, dict(self._growth).items(), key=lambda item: item[1][0])
        return [{"file": file, "line": line, "size": size, "count": count} for (file, line), (size, count) in rows]

    def finish(self, until=None):
        began = time.perf_counter()
        self.finished = True
        if self._pid == os.getpid():
            self._close()
        return {"mode": self.mode, "peakTraced": None, "startResident": self._first, "peakResident": self._peak or None,
                "top": self._top(TOP_LINES), "tracedWindows": self._windows, "snapshots": self._snapshots(until),
                "processingTime": time.perf_counter() - began}


class ExactRecorder(_Recorder):
    mode = "exact"

    def __init__(self, harness_files, interval=0.1):
        import tracemalloc

        _Recorder.__init__(self, interval)
        self._tracemalloc = tracemalloc
        self._skip = frozenset(harness_files) | {tracemalloc.__file__, "<unknown>"}
        self._lock = threading.Lock()
        self._spent = 0.0
        self._best = {}  # (file, line) -> the row at the most memory the line held in any snapshot

    def start(self):
        self._started = time.perf_counter()
        self._tracemalloc.start(1)

    def take_snapshot(self):
        """Called by the monitor thread: the traced total always, the lines while within budget."""
        if not self._lock.acquire(False):
            return
        try:
            if self.finished or not self._tracemalloc.is_tracing():
                return
            now = time.perf_counter()
            elapsed = now - self._started
            current = self._tracemalloc.get_traced_memory()[0]
            top = []
            if self._spent <= SNAPSHOT_BUDGET * elapsed:
                top = self._keep(_group(_raw_traces(self._tracemalloc), self._skip, SNAPSHOT_TOP))
                self._spent += time.perf_counter() - now
            self._timeline.add({"time": elapsed, "current": current, "top": top})
        finally:
            self._lock.release()

    def _keep(self, rows):
        """Each line at the most memory it held in any snapshot: what a line allocated and freed
        before the end still shows, which the final snapshot alone would miss."""
        for row in rows:
            key = (row["file"], row["line"])
            if key not in self._best or row["size"] > self._best[key]["size"]:
                self._best[key] = row
        return rows

    def finish(self, until=None):
        began = time.perf_counter()
        # Waits for a snapshot in progress in the monitor thread; no new one starts after this.
        with self._lock:
            self.finished = True
            if not self._tracemalloc.is_tracing():
                return None
            peak = self._tracemalloc.get_traced_memory()[1]
            traces = _raw_traces(self._tracemalloc)
            # Stopped before the grouping: tracing it would slow it, and the traces' own table is freed.
            self._tracemalloc.stop()
            self._keep(_group(traces, self._skip, TOP_LINES))
            del traces
        top = sorted(self._best.values(), key=lambda r: -r["size"])[:TOP_LINES]
        return {"mode": self.mode, "peakTraced": peak, "top": top, "snapshots": self._snapshots(until),
                "processingTime": time.perf_counter() - began}


def _identity(fd):
    try:
        status = os.fstat(fd)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _raw_traces(tracemalloc):
    """The live traces as tracemalloc keeps them: (domain, size, traceback, ...) tuples, with the
    same traceback tuple object for equal tracebacks. No Snapshot: its filter_traces() copies them."""
    getter = getattr(tracemalloc, "_get_traces", None)
    if getter is not None:
        return getter()
    return tracemalloc.take_snapshot().traces._traces


def _group(traces, skip, limit):
    """The `limit` lines holding the most traced memory, grouped in C: (traceback, size) pairs are
    counted by Counter, and only the distinct pairs (a few per line) are summed in Python."""
    sizes = {}
    counts = {}
    for (traceback, size), count in collections.Counter(map(operator.itemgetter(2, 1), traces)).items():
        sizes[traceback] = sizes.get(traceback, 0) + size * count
        counts[traceback] = counts.get(traceback, 0) + count
    by_line = {}
    for traceback, size in sizes.items():
        if not traceback:
            continue
        file, line = traceback[0]
        if file in skip:
            continue
        key = (os.fspath(file), line)
        entry = by_line.get(key)
        if entry is None:
            by_line[key] = [size, counts[traceback]]
        else:
            entry[0] += size
            entry[1] += counts[traceback]
    rows = heapq.nlargest(limit, by_line.items(), key=lambda item: item[1][0])
    return [{"file": file, "line": line, "size": size, "count": count} for (file, line), (size, count) in rows]


def _tracemalloc():
    """The C module, so that the program's `import tracemalloc` stays its own signal."""
    try:
        import _tracemalloc
    except ImportError:
        return None
    return _tracemalloc if hasattr(_tracemalloc, "_get_traces") else None


def recorder(mode, harness_files):
    return ExactRecorder(harness_files) if mode == "exact" else ResidentRecorder(harness_files)
