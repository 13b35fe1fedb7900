"""Memory allocations with tracemalloc: top lines, peak, and snapshots for growth over time."""

import os
import time
import tracemalloc

TOP_LINES = 20
SNAPSHOT_TOP = 10
MAX_SNAPSHOTS = 64


class MemoryRecorder:
    def __init__(self, harness_files, interval=0.1):
        self.interval = interval
        self.snapshots = []
        self._started = None
        filters = [tracemalloc.Filter(False, tracemalloc.__file__)]
        filters += [tracemalloc.Filter(False, path) for path in sorted(harness_files)]
        self._filters = filters

    def start(self):
        self._started = time.perf_counter()
        tracemalloc.start(1)

    def take_snapshot(self):
        """Called by the monitor thread every `interval` seconds."""
        if not tracemalloc.is_tracing():
            return
        elapsed = time.perf_counter() - self._started
        current = tracemalloc.get_traced_memory()[0]
        snapshot = tracemalloc.take_snapshot().filter_traces(self._filters)
        self.snapshots.append({"time": elapsed, "current": current, "top": _top(snapshot, SNAPSHOT_TOP)})
        if len(self.snapshots) >= MAX_SNAPSHOTS:
            # Long runs: keep every other snapshot and space the next ones twice as far.
            self.snapshots = self.snapshots[::2]
            self.interval *= 2

    def finish(self):
        if not tracemalloc.is_tracing():
            return None
        peak = tracemalloc.get_traced_memory()[1]
        snapshot = tracemalloc.take_snapshot().filter_traces(self._filters)
        tracemalloc.stop()
        return {"peakTraced": peak, "top": self._largest(_top(snapshot, TOP_LINES)), "snapshots": self.snapshots}

    def _largest(self, final_top):
        """Each line at the most memory it held in any snapshot: what a line allocated and
        freed before the end still shows, which the final snapshot alone would miss."""
        best = {}
        for row in final_top + [row for snap in self.snapshots for row in snap["top"]]:
            key = (row["file"], row["line"])
            if key not in best or row["size"] > best[key]["size"]:
                best[key] = row
        return sorted(best.values(), key=lambda r: -r["size"])[:TOP_LINES]


def _top(snapshot, limit):
    rows = []
    for stat in snapshot.statistics("lineno")[:limit]:
        frame = stat.traceback[0]
        rows.append({"file": os.fspath(frame.filename), "line": frame.lineno, "size": stat.size, "count": stat.count})
    return rows
