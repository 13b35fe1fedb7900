"""Keeps the program's signals, exits and recursion limit as they are without hotspy.

The harness needs a few process-wide things the program could notice: a SIGTERM handler, the
sampler's SIGALRM handler and timer, a GC callback, frames of its own under the program's.
This module gives each back where the program would see the difference:

- forked children (multiprocessing, os.fork) get the signal handlers and functions the program
  itself installed, and no harness state: `reset_in_child` runs after every fork, and other
  parts of the harness add their own resets with `on_fork_child`;
- `os._exit(n)` keeps n and writes the profile gathered so far;
- an exception that the program's signal handler raised while harness code ran (the GC callback,
  the sampler) is raised again in the program's own code, not swallowed or shown in our frames;
- the recursion limit the program sees and sets is its own, with room kept for the harness's
  frames below the program and the sampler's above it;
- a program that takes SIGALRM (signal.signal, signal.alarm, setitimer(ITIMER_REAL)) gets it:
  sampling stops cleanly and the profile says so;
- a SIGINT that reached the harness is told to hotspy through a wakeup fd, so that hotspy does not
  send the program a second one (a terminal's Ctrl-C reaches every process of the group).
"""

import _thread
import os
import signal
import sys
import threading
import time

# Frames the sampler's handler may need on top of the program's deepest frame (the handler,
# sample() and record(), and the C calls they make that count against the limit).
HANDLER_HEADROOM = 20

_run = None
_child_hooks = []
_originals = {}
_wakeup_fd = None
_harness_files = frozenset()


def on_fork_child(hook):
    """Run `hook()` in every forked child, after the harness state was reset there."""
    _child_hooks.append(hook)


def install(run, harness_files, signal_fd=None):
    """Called once by the harness, before the program's code runs, from the main thread."""
    global _run, _wakeup_fd, _harness_files
    _run = run
    _harness_files = harness_files
    _originals.update({
        "os._exit": os._exit,
        "os.execv": getattr(os, "execv", None),
        "os.execve": getattr(os, "execve", None),
        "signal.signal": signal.signal,
        "signal.getsignal": signal.getsignal,
        "signal.alarm": getattr(signal, "alarm", None),
        "signal.setitimer": getattr(signal, "setitimer", None),
        "signal.getitimer": getattr(signal, "getitimer", None),
        "sys.setrecursionlimit": sys.setrecursionlimit,
        "sys.getrecursionlimit": sys.getrecursionlimit,
    })
    os._exit = _exit
    # Every os.exec* function ends in one of these two.
    if _originals["os.execv"] is not None:
        os.execv = _exec_wrapper("os.execv")
    if _originals["os.execve"] is not None:
        os.execve = _exec_wrapper("os.execve")
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=reset_in_child)
    if signal_fd is not None:
        try:
            os.set_blocking(signal_fd, False)
            os.set_inheritable(signal_fd, False)
            signal.set_wakeup_fd(signal_fd, warn_on_full_buffer=False)
            _wakeup_fd = signal_fd
        except (OSError, ValueError):
            _wakeup_fd = None


def set_handler(signum, handler):
    """signal.signal itself, for the harness's own handlers."""
    return _originals.get("signal.signal", signal.signal)(signum, handler)


def real_exit(status):
    """os._exit itself, for the harness's own exits."""
    _originals.get("os._exit", os._exit)(status)


def _exit(status):
    run = _run
    if run is not None and os.getpid() == run.pid:
        try:
            run.exited(status)
        except BaseException:
            pass
    _originals["os._exit"](status)


def _exec_wrapper(name):
    """Interval timers survive execve(): the new program would die of the sampler's next
    SIGALRM (status 142). The timer goes off and the profile so far is written first."""
    real = _originals[name]

    def exec_(*args, **kwargs):
        run = _run
        if run is not None and os.getpid() == run.pid:
            try:
                run.before_exec()
            except BaseException:
                pass
        return real(*args, **kwargs)

    exec_.__name__ = real.__name__
    exec_.__doc__ = real.__doc__
    return exec_


# ---------------------------------------------------------------------------------------------
# Forked children


def reset_in_child():
    """In a forked child: the program's handlers and functions back, no harness recording.

    A child inherits the harness's Python-level handlers: the SIGTERM handler returned there
    without exiting, so Pool.terminate() waited forever for its workers.
    """
    run = _run
    if run is None:
        return
    for name in ("os._exit", "os.execv", "os.execve", "signal.signal", "signal.getsignal", "signal.alarm", "signal.setitimer",
                 "signal.getitimer"):
        value = _originals.get(name)
        if value is None:
            continue
        module, attr = name.split(".")
        setattr(os if module == "os" else signal, attr, value)
    set_signal = _originals["signal.signal"]
    for signum, handler in run.program_handlers().items():
        try:
            set_signal(signum, handler)
        except (OSError, ValueError, TypeError):
            pass
    if run.sampler is not None:
        run.sampler.stopped = True
    setitimer = _originals.get("signal.setitimer")
    if setitimer is not None and run.sampler is not None and not run.sampler.given_up:
        # Timers are not inherited by fork; this is for an expiry already on its way.
        setitimer(signal.ITIMER_REAL, 0, 0)
    run.gc.stop()
    hooks = _originals.get("sys.unraisablehook")
    if hooks is not None and sys.unraisablehook is hooks[0]:
        sys.unraisablehook = hooks[1]
    if _wakeup_fd is not None:
        try:
            previous = signal.set_wakeup_fd(-1)
            if previous != _wakeup_fd:  # the program's own wakeup fd: leave it
                signal.set_wakeup_fd(previous)
        except (OSError, ValueError):
            pass
        try:
            os.close(_wakeup_fd)
        except OSError:
            pass
    for hook in list(_child_hooks):
        try:
            hook()
        except Exception as error:
            sys.stderr.write("hotspy harness: in a forked child: %s\n" % error)


def hold_over_fork(signum):
    """Block `signum` in the forking thread from just before a fork until every at-fork hook
    registered before this call has run, in the parent and in the child.

    The harness's SIGTERM handler is a Python one, and a child starts with it. A SIGTERM that
    reached a child before reset_in_child gave SIG_DFL back (a Pool worker forked under load
    is often not scheduled before the pool is terminated) ran our handler there, which returned,
    or was dropped with the signal flags that the interpreter clears after a fork; either way
    the worker lived on and Pool.terminate() waited for it forever. Held, the signal waits in
    the kernel and takes the program's own disposition once the hooks are done.
    """
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None or not hasattr(os, "register_at_fork"):
        return
    held = {}

    def block():
        try:
            held[_thread.get_ident()] = mask(signal.SIG_BLOCK, {signum})
        except (OSError, ValueError):
            pass

    def restore():
        previous = held.pop(_thread.get_ident(), None)
        if previous is not None:
            try:
                mask(signal.SIG_SETMASK, previous)
            except (OSError, ValueError):
                pass

    os.register_at_fork(before=block, after_in_parent=restore, after_in_child=restore)


# ---------------------------------------------------------------------------------------------
# Exceptions raised by the program's signal handlers inside harness code


def redeliver(error):
    """Raise `error` again in the program's own code, in the thread that was interrupted.

    A pending signal's Python handler runs at the next bytecode boundary, which can be inside
    the GC callback (where the interpreter prints the exception as ignored and drops it) or the
    sampler's handler (where the traceback would show our frames). Raising it again from here
    would do the same. A short-lived thread sets it as the interrupted thread's asynchronous
    exception instead, at a moment when that thread gave up the GIL in the program's code: the
    interpreter raises it right there when it takes the GIL back.
    """
    target = _thread.get_ident()
    exc_type = _raisable(error)
    # Until it is delivered, no harness code may run in the program's threads: the thread
    # would give up the GIL there (the GC callback runs right after each collection) and the
    # exception would land in our frames again.
    for pause, _ in _recorders:
        pause()

    def deliver():
        if hasattr(signal, "pthread_sigmask"):
            try:
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT, signal.SIGTERM})
            except (OSError, ValueError):
                pass
        if _run is not None:
            _run.ignored_tids.add(_thread.get_ident())
        for _ in range(10000):
            frame = sys._current_frames().get(target)
            if frame is None:
                return  # the thread is gone
            if frame.f_code.co_filename not in _harness_files:
                break
            del frame
            time.sleep(0.0005)
        if not _set_async_exc(target, exc_type) and isinstance(error, KeyboardInterrupt):
            _thread.interrupt_main()
        for _, resume in _recorders:
            resume()

    _thread.start_new_thread(deliver, ())


# (pause, resume) of each recorder that runs Python code in the program's threads
_recorders = []


def pause_while_redelivering(pause, resume):
    _recorders.append((pause, resume))


def _set_async_exc(thread_id, exc_type):
    try:
        import ctypes
        set_async = ctypes.pythonapi.PyThreadState_SetAsyncExc
        set_async.argtypes = (ctypes.c_ulong, ctypes.py_object)
        set_async.restype = ctypes.c_int
        return set_async(thread_id, exc_type) == 1
    except Exception:
        return False


def _raisable(error):
    """A class whose instantiation gives back `error` itself (the interpreter raises an
    asynchronous exception by calling its class with no arguments)."""
    cls = type(error)
    if not error.args and not error.__dict__:
        return cls
    try:
        return type(cls.__name__, (cls,), {"__new__": lambda klass, *args, **kwargs: error,
                                            "__module__": cls.__module__, "__qualname__": cls.__qualname__})
    except TypeError:
        return cls


# ---------------------------------------------------------------------------------------------
# The recursion limit


def keep_recursion_room(harness_depth, sampling):
    """The program sees and sets its own limit; the interpreter's is higher by the harness's
    frames below the program (`harness_depth`) and, when sampling, the handler's above it.

    The handler's room is also room for the program: a program that recurses without end hits
    RecursionError up to HANDLER_HEADROOM frames deeper than without hotspy. Without it, a
    sample taken near the limit would raise RecursionError in a program that never reaches it.
    """
    get_limit = _originals["sys.getrecursionlimit"]
    set_limit = _originals["sys.setrecursionlimit"]
    extra = harness_depth + (HANDLER_HEADROOM if sampling else 0)

    def setrecursionlimit(limit):
        if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 1:
            set_limit(limit + extra)
        else:
            set_limit(limit)  # the interpreter's own error for a bad value

    def getrecursionlimit():
        return get_limit() - extra

    setrecursionlimit.__doc__ = set_limit.__doc__
    getrecursionlimit.__doc__ = get_limit.__doc__
    set_limit(get_limit() + extra)
    sys.setrecursionlimit = setrecursionlimit
    sys.getrecursionlimit = getrecursionlimit


# ---------------------------------------------------------------------------------------------
# A program that uses SIGALRM itself


def watch_sigalrm(sampler, clock, on_fatal_alarm):
    """Give SIGALRM to the program the moment it asks for it.

    The sampler (None in trace mode) owns ITIMER_REAL and SIGALRM. When the program installs a
    SIGALRM handler or arms the alarm or the real-time interval timer, sampling stops and the
    program gets both exactly as without hotspy; `sampler.given_up` records what took it and
    when. An alarm that would kill the program (SIGALRM's default action) goes through
    `on_fatal_alarm`, which writes the profile and then dies of SIGALRM, as SIGTERM does.
    """
    if sampler is None:
        sampler = _NoSampler()
    real_signal = _originals["signal.signal"]
    real_getsignal = _originals["signal.getsignal"]
    real_alarm = _originals["signal.alarm"]
    real_setitimer = _originals["signal.setitimer"]
    real_getitimer = _originals["signal.getitimer"]
    ALRM = signal.SIGALRM
    REAL = signal.ITIMER_REAL
    _alarm_state["program"] = sampler.previous_handler
    _alarm_state["fatal"] = on_fatal_alarm

    def in_main():
        return threading.current_thread() is threading.main_thread()

    def give_up(call):
        if sampler.given_up is None and not sampler.stopped:
            sampler.given_up = {"call": call, "time": clock()}
            sampler.stop()
            if in_main() and _alarm_state["program"] == signal.SIG_DFL:
                real_signal(ALRM, on_fatal_alarm)

    def signal_(signalnum, handler):
        if signalnum != ALRM or not in_main() or sampler.handler is None:
            return real_signal(signalnum, handler)
        give_up("signal.signal")
        real_signal(ALRM, on_fatal_alarm if handler == signal.SIG_DFL else handler)
        previous, _alarm_state["program"] = _alarm_state["program"], handler
        return previous

    def getsignal(signalnum):
        if signalnum == ALRM and sampler.handler is not None:
            return _alarm_state["program"]
        return real_getsignal(signalnum)

    def fatal_stand_in():
        # SIG_DFL would end the process without a profile: our handler dies of it after writing
        if in_main() and _alarm_state["program"] == signal.SIG_DFL and real_getsignal(ALRM) == signal.SIG_DFL:
            real_signal(ALRM, on_fatal_alarm)

    def alarm(seconds):
        if not sampler.stopped:
            give_up("signal.alarm")
            return real_alarm(seconds) if seconds else 0
        fatal_stand_in()
        return real_alarm(seconds)

    def setitimer(which, seconds, interval=0.0):
        if which == REAL and not sampler.stopped:
            give_up("signal.setitimer")
            return real_setitimer(which, seconds, interval) if seconds else (0.0, 0.0)
        if which == REAL:
            fatal_stand_in()
        return real_setitimer(which, seconds, interval)

    def getitimer(which):
        if which == REAL and not sampler.stopped:
            return (0.0, 0.0)
        return real_getitimer(which)

    for wrapper, real in ((signal_, real_signal), (getsignal, real_getsignal), (alarm, real_alarm),
                          (setitimer, real_setitimer), (getitimer, real_getitimer)):
        wrapper.__name__ = real.__name__
        wrapper.__doc__ = real.__doc__
    signal.signal = signal_
    signal.getsignal = getsignal
    signal.alarm = alarm
    signal.setitimer = setitimer
    signal.getitimer = getitimer


class _NoSampler:
    """Trace mode: SIGALRM is the program's from the start."""

    def __init__(self):
        self.stopped = True
        self.given_up = None
        self.handler = _NoSampler  # not None: getsignal answers with the program's handler
        self.previous_handler = _originals["signal.getsignal"](signal.SIGALRM)

    def stop(self):
        pass


# SIGALRM's handler as the program set it, and the harness's stand-in for SIG_DFL
_alarm_state = {"program": None, "fatal": None}


def program_sigalrm(current):
    """What the program's SIGALRM handler is, given the one installed now (in a forked child)."""
    if _alarm_state["program"] is not None and current is _alarm_state["fatal"]:
        return signal.SIG_DFL
    return None


def rescue_from_callbacks(callbacks):
    """Raise again in the program what the interpreter would drop from one of our callbacks.

    A signal that arrives during a collection runs its handler at the first bytecode of the GC
    callback, before any `try` in it: the interpreter then reports the exception as ignored
    ("Exception ignored in GcRecorder._on_gc") and the program runs on after its Ctrl-C.
    """
    previous = getattr(sys, "unraisablehook", None)
    if previous is None:
        return

    def unraisablehook(unraisable):
        message = unraisable.err_msg or ""
        ours = unraisable.object in callbacks or any(repr(c) in message for c in callbacks)
        error = unraisable.exc_value
        if ours and isinstance(error, BaseException) and not isinstance(error, Exception):
            redeliver(error)
            return
        previous(unraisable)

    sys.unraisablehook = unraisablehook
    _originals["sys.unraisablehook"] = (unraisablehook, previous)
