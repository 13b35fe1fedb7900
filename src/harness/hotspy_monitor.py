"""A helper thread for the slow periodic jobs: progress status, the timeout, memory snapshots.

It is a raw `_thread` thread, so the program never sees it in threading.enumerate(), and the
sampler skips it by ident. It wakes a few times a second at most, which costs the program a
GIL hand-over each time and nothing else.
"""

import _thread
import os
import signal
import time

STATUS_PERIOD = 0.25


class Monitor:
    def __init__(self, ignored_tids, status_fd=None, timeout=None, on_timeout=None, memory=None, samples=None, run_queue=None):
        self._ignored = ignored_tids
        self._status_fd = status_fd
        self._timeout = timeout
        self._deadline = None
        self._on_timeout = on_timeout
        self._memory = memory
        self._samples = samples
        self._started = None
        # kernel thread ids of the harness's own threads, kept out of per-thread figures
        self.native_ids = []
        self._run_queue = run_queue if run_queue is not None and run_queue.available else None

    @property
    def needed(self):
        return self._status_fd is not None or self._timeout is not None or self._memory is not None or self._run_queue is not None

    def start(self, started):
        self._started = started
        if self._timeout is not None:
            self._deadline = started + self._timeout
        _thread.start_new_thread(self._run, ())

    def _run(self):
        self._ignored.add(_thread.get_ident())
        if hasattr(_thread, "get_native_id"):
            self.native_ids.append(_thread.get_native_id())
        # the sampler's SIGALRM must reach the main thread, never this one
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        next_status = self._started
        next_snapshot = self._started + (self._memory.interval if self._memory else 0)
        next_poll = self._started
        while True:
            now = time.perf_counter()
            if self._deadline is not None and now >= self._deadline:
                self._on_timeout()
                return
            if self._status_fd is not None and now >= next_status:
                self._write_status(now)
                next_status = now + STATUS_PERIOD
            if self._memory is not None and now >= next_snapshot:
                self._memory.take_snapshot()
                next_snapshot = time.perf_counter() + self._memory.interval
            if self._run_queue is not None and now >= next_poll:
                self._run_queue.poll()
                next_poll = now + self._run_queue.PERIOD
            wake = [t for t in (next_status if self._status_fd is not None else None,
                                next_snapshot if self._memory is not None else None,
                                next_poll if self._run_queue is not None else None,
                                self._deadline) if t is not None]
            time.sleep(max(0.001, min(wake) - time.perf_counter()))

    def _write_status(self, now):
        samples = self._samples() if self._samples else 0
        line = "%.2f %d\n" % (now - self._started, samples)
        try:
            os.write(self._status_fd, line.encode())
        except OSError:
            # The reader is gone or slow (the pipe is non-blocking): progress is optional.
            pass
