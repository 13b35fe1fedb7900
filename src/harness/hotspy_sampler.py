"""Statistical sampler driven by a wall-clock interval timer (SIGALRM).

Why a signal and not a thread: a sampler thread only runs when the main thread lets go of
the GIL (every switch interval, 5 ms by default), so it cannot sample a CPU-bound main thread
at 1 kHz. A signal handler runs in the main thread between bytecodes and is handed the
interrupted frame, so it sees exactly where the program was.

Why ITIMER_REAL and not ITIMER_PROF: ITIMER_PROF only advances while the process burns CPU,
so a program blocked in sleep() or recv() would get no samples and its waiting would be
invisible. ITIMER_REAL fires on wall time. CPU time is measured separately from each thread's
own CPU clock, so every sample carries both its wall time and the CPU its thread used.

Signals are handled between bytecodes only: while the main thread is inside a long C call
that holds the GIL the handler is delayed and several timer expiries merge into one call.
Each sample is therefore weighted with the real time elapsed since the previous one, so
the total attributed wall time stays equal to the measured wall time.
"""

import _thread
import gc
import signal
import sys
import threading
import time

from hotspy_native import native_time


# Seconds between timer expiries when a handler never re-armed the timer (see Sampler.start).
BACKSTOP = 0.05


def _line_at_offset(code, offset):
    """The source line of the instruction at `offset`.

    In a signal handler, the interrupted frame's f_lineno is often None on 3.11+ (its last
    instruction has no line of its own, e.g. a cache entry or a jump); the line table still
    knows the nearest line at or before the offset.
    """
    best = None
    lines = getattr(code, "co_lines", None)
    if lines is not None:
        for start, end, line in lines():
            if start > offset:
                break
            if line is not None:
                best = line
                if offset < end:
                    return line
    else:
        import dis
        for start, line in dis.findlinestarts(code):
            if start > offset:
                break
            best = line
    return best or code.co_firstlineno


def _deliver_alarms_to_main_thread():
    """Block SIGALRM in every thread the program starts from now on.

    The kernel hands a process-wide signal to any thread that does not block it. When a worker
    thread gets SIGALRM, Python only notes it, and a main thread blocked in Thread.join() or
    recv() is never woken: nothing is sampled until it wakes on its own (seen: 74 samples in
    7 s of a four-thread program). With the signal blocked elsewhere, only the main thread can
    take it, its blocking call is interrupted, the handler runs, and the call is retried.
    """
    mask = getattr(signal, "pthread_sigmask", None)
    bootstrap = getattr(threading.Thread, "_bootstrap_inner", None)
    if mask is None or bootstrap is None or getattr(bootstrap, "_hotspy", False):
        return

    def bootstrap_inner(self):
        try:
            mask(signal.SIG_BLOCK, {signal.SIGALRM})
        except (OSError, ValueError):
            pass
        return bootstrap(self)

    bootstrap_inner._hotspy = True
    threading.Thread._bootstrap_inner = bootstrap_inner


# Frames walked per sample, from the innermost one out. Deeper stacks keep their innermost
# MAX_FRAMES frames and end in one FOLDED entry instead of their outer frames.
#
# Why fold and not reuse what the last sample walked: walking a frame costs 0.2-0.5 us in Python
# (more at depth 20,000, where the frames miss the caches), so a full walk at depth 20,000 took
# 9 ms a sample and slowed a program 30x at 1 kHz; even sys._getframe(n), a walk in C, costs
# 0.9 ms there. Reusing the unchanged outer part would need to know that a frame seen in the last
# sample is still the same frame, and frames cannot be weakly referenced: an id() and f_lasti
# match is not proof (a freed frame's memory is handed to the next call of the same function,
# often at the same instruction), and a strong reference keeps the frame's locals alive, which
# delays __del__ and weakref callbacks. Folding costs nothing of the kind and is reported
# (meta.foldedSamples) instead of guessed.
MAX_FRAMES = 256
# The code id that stands for the folded outer frames in a stack key; no code object has id 0.
FOLDED = 0


def _nothing():
    pass


# The functions themselves: the harness wraps signal.signal and setitimer once sampling runs, to
# see the program take SIGALRM (hotspy_signals.watch_sigalrm); the sampler's own calls are not that.
_set_handler = signal.signal
_setitimer = getattr(signal, "setitimer", None)


class Sampler:
    def __init__(self, interval, stop_codes, harness_files, ignored_tids, memory=None):
        self.interval = interval
        # key: (thread index, id(code), line, id(code), line, ...) leaf first -> [count, wall, cpu, native]
        # (native: seconds in one long C call, main thread only; hotspy_native.py)
        self.stacks = {}
        # id(code) -> code; holding the codes keeps their ids unique for the whole run
        self.codes = {}
        self.thread_names = []
        self.samples = 0
        # samples whose stack was deeper than MAX_FRAMES and was folded
        self.folded = 0
        self.stopped = False
        # resident-memory recorder charged with the growth seen at each main-thread sample
        self._memory = memory
        self._stop_ids = frozenset(id(c) for c in stop_codes)
        self._harness_files = harness_files
        self._ignored_tids = ignored_tids
        # SIGALRM's handler before ours: the program's, given back when sampling stops
        self.previous_handler = None
        self.handler = None
        # {"call": ..., "time": ...} when the program took SIGALRM and sampling stopped for it
        self.given_up = None
        # runs an exception the program's own signal handler raised inside ours again in the
        # program's code (hotspy_signals.redeliver); set by the harness
        self.redeliver = None
        self.paused = False
        # called with the sampler after each sample (the census, hotspy_census.py); set by the harness
        self.on_tick = None
        # called (in the handler) at a sample where the main thread mostly waited; set before start()
        self.on_idle = None

    def start(self):
        handler = self._make_handler()
        self.handler = handler
        self.previous_handler = _set_handler(signal.SIGALRM, handler)
        _deliver_alarms_to_main_thread()
        # Python installs handlers without SA_RESTART, and we keep it so: a main thread blocked
        # in lock.acquire() (Thread.join) or sleep() must wake up to run the handler, or
        # neither it nor the other threads get sampled while it waits. Python retries the
        # interrupted calls itself (PEP 475).
        # One-shot, re-armed at the end of each handler: a repeating timer on a loaded machine
        # can fire again before the program ran at all, and the program would spend its time
        # slices in the handler. Re-arming guarantees it one interval between samples.
        # The timer still repeats, slowly (BACKSTOP), should a re-arm never come: a signal that
        # lands just before a blocking call (sem_wait in a multiprocessing queue's get) trips
        # Python's flag without interrupting the call, so its handler waits for the next signal.
        # Without the repeat, sampling stopped there for good, and so did every other Python
        # handler (a Pool worker's SIGTERM was never acted on: Pool.terminate hung).
        _setitimer(signal.ITIMER_REAL, self.interval, max(self.interval, BACKSTOP))

    def stop(self):
        """Stop sampling; from the main thread it also gives SIGALRM back.

        In this order, or a timer expiry can reach the program after its handler is back (seen:
        the program killed by SIGALRM, status 142, once in ~18 runs): `stopped` first, so that a
        handler running between two lines here cannot re-arm the timer; then the timer off; then
        one call, at whose end a signal that already arrived runs our handler (now a no-op)
        instead of finding the program's, where Python would print "Signal 14 ignored due to
        race condition". A SIGALRM still pending (blocked in this thread) keeps our handler.
        """
        self.stopped = True
        _setitimer(signal.ITIMER_REAL, 0, 0)
        _nothing()
        if threading.current_thread() is not threading.main_thread() or self.previous_handler is None:
            return
        pending = getattr(signal, "sigpending", None)
        if pending is not None and signal.SIGALRM in pending():
            return
        _set_handler(signal.SIGALRM, self.previous_handler)

    def pause(self):
        """No timer (so no harness code in the main thread) until resume()."""
        self.paused = True
        _setitimer(signal.ITIMER_REAL, 0, 0)  # the backstop would keep firing

    def resume(self):
        if self.paused:
            self.paused = False
            if not self.stopped:
                _setitimer(signal.ITIMER_REAL, self.interval, max(self.interval, BACKSTOP))

    def _make_handler(self):
        # Everything the handler touches is bound to a local here: the handler runs a
        # thousand times a second, and global or attribute look-ups are its main cost.
        perf_counter = time.perf_counter
        thread_time = time.thread_time
        current_frames = sys._current_frames
        # Threads alive besides the main one (C, cheap): a single-threaded program skips the
        # _current_frames() call.
        other_threads = getattr(_thread, "_count", None)
        gc_isenabled = gc.isenabled
        gc_disable = gc.disable
        gc_enable = gc.enable
        cpu_clock_of = getattr(time, "pthread_getcpuclockid", None)
        clock_gettime = getattr(time, "clock_gettime", None)
        stacks = self.stacks
        codes = self.codes
        line_at = {}  # (id(code), instruction offset) -> line
        stop_ids = self._stop_ids
        # The interpreter waiting for non-daemon threads at exit: the threads' own samples
        # show their work, and this wait is not the program's code.
        shutdown = getattr(threading, "_shutdown", None)
        shutdown_ids = frozenset([id(shutdown.__code__)]) if hasattr(shutdown, "__code__") else frozenset()
        harness_files = self._harness_files
        ignored = self._ignored_tids
        names = self.thread_names
        active_threads = threading._active  # ident -> Thread; read only, for display names
        main_tid = threading.get_ident()
        sampler = self
        setitimer = signal.setitimer
        ITIMER_REAL = signal.ITIMER_REAL
        interval = self.interval
        backstop = max(interval, BACKSTOP)
        names.append("MainThread")
        # [wall at previous sample, main thread CPU at previous sample]
        last = [perf_counter(), thread_time()]
        # [wall, main thread CPU] when the timer was last armed: how late a signal is handled
        armed = [last[0], last[1]]
        # ident -> [thread index, CPU at previous sample] for threads alive at the last sample
        others = {}

        on_idle = self.on_idle
        memory = self._memory
        resident = memory.resident if memory is not None else None
        charge = memory.charge if memory is not None else None
        # The read (os.pread) gives up the GIL, and each release wakes a thread waiting for it
        # (the monitor) too early: its wait for the switch interval starts over, it never asks
        # for the GIL, and it starved for hundreds of ms at 1,000 reads a second (no memory
        # window during a short run). At most one read per two switch intervals lets it through;
        # the growth since the last read goes to the line of the sample that reads.
        resident_period = 2 * sys.getswitchinterval()
        resident_read = [0.0]
        max_frames = MAX_FRAMES

        kept_ids = set()  # ids of the codes in kept stacks

        def record(tindex, frame, wall, cpu, native=0.0):
            """Adds one sample of a stack; returns the innermost (code, line), or None if not kept."""
            key = [tindex]
            append = key.append
            code = None
            leaf = None
            entering = False
            left = max_frames
            learned = None  # (cid, offset) looked up for the first time by this walk
            while frame is not None:
                code = frame.f_code
                cid = id(code)
                if cid in stop_ids:
                    break
                # f_lineno scans the code's line table on every read; the line of an
                # instruction offset never changes, so it is looked up once. Keying stacks by
                # line, not offset, keeps their number bounded by the program's shape.
                at = (cid, frame.f_lasti)
                line = line_at.get(at)
                if line is None:
                    line = line_at[at] = frame.f_lineno or _line_at_offset(code, frame.f_lasti)
                    # Held so that the id is never reused by another code object.
                    codes[cid] = code
                    if learned is None:
                        learned = []
                    learned.append(at)
                if leaf is None:
                    # A function stopped at its def line has not run its body yet (3.11+ checks
                    # signals on entry): what grew came from its caller's line, which made the
                    # call (an instance is allocated before its __init__ is entered).
                    if entering or line != code.co_firstlineno or code.co_name == "<module>":
                        leaf = (code, line)
                    else:
                        entering = True
                append(cid)
                append(line)
                frame = frame.f_back
                left -= 1
                if left == 0 and frame is not None:
                    # Deeper than we walk: stop here, with no reference to the rest kept.
                    if id(frame.f_code) not in stop_ids:
                        append(FOLDED)
                        append(0)
                        sampler.folded += 1
                    break
            else:
                # No harness boundary on this stack: keep it (atexit callbacks, raw threads)
                # unless it is the harness's own code running before or after the program.
                if code is None or code.co_filename in harness_files or id(code) in shutdown_ids:
                    # Not the program: forget what this walk learned, or the harness's own
                    # functions (finish() calling threading.current_thread()) would reach the
                    # profile's frame table.
                    for at in learned or ():
                        line_at.pop(at, None)
                        if at[0] not in kept_ids:
                            codes.pop(at[0], None)
                    return None
            if len(key) == 1:
                return None
            key = tuple(key)
            entry = stacks.get(key)
            if entry is None:
                kept_ids.update(key[1::2])
                stacks[key] = [1, wall, cpu, native]
            else:
                entry[0] += 1
                entry[1] += wall
                entry[2] += cpu
                entry[3] += native
            return leaf

        # The handler can be re-entered: sys._current_frames() holds the interpreter's thread
        # list lock while it allocates, an allocation can start a collection, the GC callback
        # runs Python code, and pending signals run there. A nested call would wait for that
        # lock forever (seen as a hang under load), so a nested signal is simply dropped.
        busy = [False]

        def handler(signum, frame):
            if sampler.stopped or busy[0] or sampler.paused:
                return
            busy[0] = True
            try:
                sample(frame)
                if sampler.on_tick is not None:
                    sampler.on_tick(sampler)
            except BaseException as error:
                # The program's own signal handler ran inside ours (a Ctrl-C) and raised.
                if sampler.redeliver is None:
                    raise
                sampler.redeliver(error)
            finally:
                busy[0] = False
                if not sampler.stopped and not sampler.paused:
                    setitimer(ITIMER_REAL, interval, backstop)
                    armed[0] = perf_counter()
                    armed[1] = thread_time()

        def sample(frame):
            now = perf_counter()
            main_cpu = thread_time()
            wall = now - last[0]
            cpu = main_cpu - last[1]
            last[0] = now
            last[1] = main_cpu
            # Harness code at the leaf is not the program: this handler itself when a signal
            # arrives while it runs, or the GC callback. Attribute the sample to the caller.
            while frame is not None and frame.f_code.co_filename in harness_files:
                frame = frame.f_back
            cpu = cpu if cpu < wall else wall
            native = native_time(now, main_cpu, armed[0], armed[1], interval)
            leaf = record(0, frame, wall, cpu, native if native < cpu else cpu)
            if resident is not None and now - resident_read[0] >= resident_period:
                resident_read[0] = now
                # Growth since the last read is charged to the line running now (statistical,
                # like the time): one read of /proc/self/statm, a few microseconds.
                charge(leaf, resident())
            if on_idle is not None and cpu * 4 < wall:
                on_idle()
            count = 1
            # The harness's own threads (the monitor) are counted too, and never sampled.
            if other_threads is not None and other_threads() <= len(ignored):
                sampler.samples += count
                return
            # No collection inside _current_frames(): it allocates while holding the thread
            # list lock, and a GC callback running Python there could switch to a thread that
            # needs that lock while we wait for the GIL.
            collecting = gc_isenabled()
            if collecting:
                gc_disable()
            try:
                frames = current_frames()
            finally:
                if collecting:
                    gc_enable()
            try:
                if len(frames) > 1:
                    count += sample_threads(frames, wall)
            finally:
                # The dict holds this very function's frame (the main thread's current one), and
                # that frame holds the dict: a cycle that kept the sampled program frames, their
                # locals included, alive until the next collection (late __del__ and weakref
                # callbacks). Emptied, it goes when this function returns.
                frames.clear()
            sampler.samples += count

        def sample_threads(frames, wall):
            """Records the other threads' stacks; returns how many."""
            seen = {}
            for tid, tframe in frames.items():
                if tid == main_tid or tid in ignored:
                    continue
                state = others.get(tid)
                if state is None:
                    thread = active_threads.get(tid)
                    state = [len(names), 0.0]
                    names.append(thread.name if thread is not None else "Thread-%d" % tid)
                try:
                    tcpu = clock_gettime(cpu_clock_of(tid))
                except (OSError, TypeError):
                    tcpu = state[1]
                used = tcpu - state[1]
                state[1] = tcpu
                if used < 0.0:  # an ident reused by a new thread between two samples
                    used = 0.0
                seen[tid] = state
                record(state[0], tframe, wall, used if used < wall else wall)
            others.clear()
            others.update(seen)
            return len(seen)

        return handler

