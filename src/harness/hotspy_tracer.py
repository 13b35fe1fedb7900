"""Deterministic function profile with cProfile, including threads started with `threading`.

Before Python 3.12 a cProfile profiler only sees the thread that enabled it, so every new
`threading` thread gets its own profiler (through threading.setprofile) and the statistics
are merged at the end. From 3.12 cProfile is built on sys.monitoring and sees every thread,
and a second profiler could not be enabled anyway.
"""

import cProfile
import sys
import threading

_PER_THREAD = sys.version_info < (3, 12)


class Tracer:
    def __init__(self):
        self.main = cProfile.Profile()
        self.thread_profilers = []
        self.other_threads = 0
        self.stopped = False

    def start(self):
        threading.setprofile(self._enable_in_new_thread if _PER_THREAD else self._count_new_thread)
        self.main.enable()

    def stop_main(self):
        """Called as soon as the program's top level returns or raises, or on timeout.

        disable() also counts the calls still in progress (cProfile only counts a call when it
        returns), so a run stopped by --timeout still shows the functions it was in. From the
        monitor thread it cannot unhook the main thread, which is about to be ended anyway.
        """
        if not self.stopped:
            self.main.disable()
            self.stopped = True
        threading.setprofile(None)

    def _count_new_thread(self, frame, event, arg):
        sys.setprofile(None)
        self.other_threads += 1

    def _enable_in_new_thread(self, frame, event, arg):
        sys.setprofile(None)
        profiler = cProfile.Profile()
        self.thread_profilers.append(profiler)
        profiler.enable()

    @property
    def threads(self):
        return 1 + len(self.thread_profilers) + self.other_threads

    def merged_stats(self):
        """pstats dict: (file, line, name) -> (cc, nc, tt, ct, {caller: (nc, cc, tt, ct)}).

        Profilers of threads that may still run are read without being disabled: disabling
        only works from their own thread, and reading them is a single C call under the GIL.
        """
        merged = {}
        for profiler in [self.main] + list(self.thread_profilers):
            profiler.snapshot_stats()
            for func, (cc, nc, tt, ct, callers) in profiler.stats.items():
                if func not in merged:
                    merged[func] = [cc, nc, tt, ct, dict(callers)]
                    continue
                entry = merged[func]
                entry[0] += cc
                entry[1] += nc
                entry[2] += tt
                entry[3] += ct
                for caller, value in callers.items():
                    entry[4][caller] = _add(entry[4].get(caller), value)
        return merged


def _add(a, b):
    return b if a is None else tuple(x + y for x, y in zip(a, b))


def drop_functions(stats, is_ours):
    """Remove the harness's own functions (the GC callback) and what only they called.

    A function called by a removed one loses exactly that caller's share (pstats keeps it per
    caller), so the program's call counts come out as if the harness had never run.
    """
    removed = [func for func in stats if is_ours(func)]
    while removed:
        for func in removed:
            stats.pop(func, None)
        next_round = []
        for func, entry in stats.items():
            for gone in removed:
                share = entry[4].pop(gone, None)
                if share is None:
                    continue
                nc, cc, tt, ct = share
                # Clamped: float subtraction can leave -1e-17 where the share was everything.
                entry[0] = max(0, entry[0] - cc)
                entry[1] = max(0, entry[1] - nc)
                entry[2] = max(0.0, entry[2] - tt)
                entry[3] = max(0.0, entry[3] - ct)
                if entry[1] <= 0 and not entry[4]:
                    next_round.append(func)
        removed = next_round
    return stats
