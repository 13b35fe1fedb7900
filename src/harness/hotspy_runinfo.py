"""Facts about the run that every mode records: garbage collection and peak memory."""

import gc
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

    def start(self):
        gc.callbacks.append(self._callback)

    def stop(self):
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def _on_gc(self, phase, info, perf_counter=time.perf_counter):
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
