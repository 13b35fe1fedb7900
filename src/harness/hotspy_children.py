"""Profiles the program's child processes; the root harness merges their profiles into its own.

How children are reached:
- forked children (os.fork, multiprocessing's fork start method and the forkserver's forks,
  ProcessPoolExecutor): an os.register_at_fork hook restarts the recorder in the child with
  fresh state;
- new interpreters (subprocess, os.exec*, multiprocessing's spawn start method, the forkserver
  itself): hook/sitecustomize.py is put first on their PYTHONPATH and HOTSPY_CHILDREN carries the
  settings. Both are set in the C environment only (os.putenv), never in os.environ, so the
  program reads its own environment; calls given an explicit environment get them added, since
  that environment was built from the os.environ that hides them.

Each child writes <dir>/<pid>-<start>.json when it ends: at exit, in os._exit (multiprocessing's
forked workers leave that way), or on SIGTERM (Pool.terminate) when the program left SIGTERM at
its default, after which the child dies of the signal as it would have. Nothing here ever writes
to the program's stdout or stderr.
"""

import atexit
import json
import os
import signal
import sys
import threading
import time

import hotspy_profile_file
import hotspy_runinfo

ENV = "HOTSPY_CHILDREN"
HOOK_DIR = "hook"

_state = {
    "settings": None,   # dict, once children are profiled from this process on
    "run": None,        # the ChildRun recording this process, if it is a child
    "root": None,       # the root harness's Run, in the root process only
    "stop_codes": (),   # codes where a stack walk stops (the root's execute function ...)
    "installed": False,
}


def enable(run, directory, stop_codes, harness_dir):
    """Called by the root harness before the program starts."""
    settings = {
        "dir": directory,
        "mode": run.options["mode"],
        "rate": run.options["rate"],
        "harness": harness_dir,
        "hook": os.path.join(harness_dir, HOOK_DIR),
        "pythonpath": os.environ.get("PYTHONPATH"),
    }
    _state["root"] = run
    _state["stop_codes"] = tuple(stop_codes)
    _install(settings)


def start_in_new_interpreter(settings):
    """Called by hook/sitecustomize.py in a child interpreter, before its program runs."""
    if not os.path.isdir(settings.get("dir") or ""):
        return  # a stale setting from a run that is over
    _install(settings)
    runner = ChildRun(settings, ())
    _state["run"] = runner
    runner.start()


def merge(document, directory):
    """Adds every child profile found in `directory` to the root's document (in place)."""
    meta = document["meta"]
    frames = document["frames"]
    index = {(f["file"], f["name"], f["line"]): i for i, f in enumerate(frames)}

    def frame_of(row):
        key = (row["file"], row["name"], row["line"])
        found = index.get(key)
        if found is None:
            found = index[key] = len(frames)
            frames.append({"file": row["file"], "name": row["name"], "line": row["line"]})
        return found

    stacks = document["stacks"]
    for row in stacks:
        row["process"] = meta["pid"]
    calls = {row["frame"]: row for row in document["calls"]}
    processes = [_process_entry(meta)]
    for child in _read_children(directory):
        child_meta = child.get("meta") or {}
        if child_meta.get("mode") != meta["mode"] or "pid" not in child_meta:
            continue
        remap = [frame_of(row) for row in child.get("frames", [])]
        for row in child.get("stacks", []):
            row["stack"] = [remap[f] for f in row["stack"]]
            row["process"] = child_meta["pid"]
            stacks.append(row)
        for row in child.get("calls", []):
            _add_calls(calls, row, remap)
        processes.append(_process_entry(child_meta))
    if len(processes) == 1:
        return
    processes[1:] = sorted(processes[1:], key=lambda p: p.get("start") or 0)
    if meta["mode"] == "sample":
        document["functions"], document["lines"] = hotspy_profile_file.stack_summaries(frames, stacks)
    else:
        document["calls"] = list(calls.values())
        document["functions"] = hotspy_profile_file.call_summaries(frames, document["calls"])
    meta["processes"] = processes
    meta["cpuTime"] = sum(p["cpuTime"] or 0.0 for p in processes)
    meta["threads"] = sum(p["threads"] or 1 for p in processes)
    if meta.get("runQueueTime") is not None:
        # machine load delays the children too: their queueing is not waiting either
        meta["runQueueTime"] = sum(p["runQueueTime"] or 0.0 for p in processes)
    if meta.get("samples") is not None:
        meta["samples"] = sum(p["samples"] or 0 for p in processes)


def _process_entry(meta):
    return {"pid": meta.get("pid"), "ppid": meta.get("ppid"), "command": meta.get("command"),
            "start": meta.get("start"), "wallTime": meta.get("wallTime"), "cpuTime": meta.get("cpuTime"),
            "samples": meta.get("samples"), "threads": meta.get("threads"), "exitCode": meta.get("exitCode"),
            "reason": meta.get("reason"), "how": meta.get("how", "root"), "runQueueTime": meta.get("runQueueTime")}


def _read_children(directory):
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return
    for name in names:
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                child = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(child, dict) and child.get("version") == 1:
            yield child


def _add_calls(calls, row, remap):
    frame = remap[row["frame"]]
    callers = [dict(c, frame=remap[c["frame"]]) for c in row.get("callers", [])]
    known = calls.get(frame)
    if known is None:
        calls[frame] = dict(row, frame=frame, callers=callers)
        return
    for key in ("calls", "primitiveCalls", "selfTime", "totalTime"):
        known[key] += row[key]
    by_frame = {c["frame"]: c for c in known["callers"]}
    for c in callers:
        mine = by_frame.get(c["frame"])
        if mine is None:
            known["callers"].append(c)
            by_frame[c["frame"]] = c
        else:
            for key in ("calls", "primitiveCalls", "selfTime", "totalTime"):
                mine[key] += c[key]


# -- reaching the children ------------------------------------------------------------------

def _install(settings):
    """Puts the hook in the environment new interpreters inherit, and hooks fork (once per process:
    a forked child inherits both)."""
    _state["settings"] = settings
    if _state["installed"]:
        return
    _state["installed"] = True
    os.putenv("PYTHONPATH", _hooked_pythonpath(settings, settings["pythonpath"]))
    os.putenv(ENV, _encoded(settings, settings["pythonpath"]))
    os.register_at_fork(after_in_child=_after_fork_in_child)
    _wrap_explicit_environments()


def _hooked_pythonpath(settings, pythonpath):
    return settings["hook"] + (os.pathsep + pythonpath if pythonpath else "")


def _encoded(settings, pythonpath):
    return json.dumps(dict(settings, pythonpath=pythonpath))


def _with_hook(env):
    """`env` (a mapping, or _posixsubprocess's list of b"K=V") with the hook added."""
    settings = _state["settings"]
    if settings is None or env is None:
        return env
    if isinstance(env, (list, tuple)):
        entries = [e for e in env if not e.startswith(ENV.encode() + b"=")]
        current = None
        for e in entries:
            if e.startswith(b"PYTHONPATH="):
                current = os.fsdecode(e[len(b"PYTHONPATH="):])
        entries = [e for e in entries if not e.startswith(b"PYTHONPATH=")]
        entries.append(b"PYTHONPATH=" + os.fsencode(_hooked_pythonpath(settings, current)))
        entries.append(ENV.encode() + b"=" + os.fsencode(_encoded(settings, current)))
        return type(env)(entries) if isinstance(env, tuple) else entries
    try:
        hooked = dict(env)
        current = hooked.get("PYTHONPATH", hooked.get(b"PYTHONPATH"))
        if isinstance(current, bytes):
            current = os.fsdecode(current)
        hooked.pop(b"PYTHONPATH", None)
        hooked["PYTHONPATH"] = _hooked_pythonpath(settings, current)
        hooked[ENV] = _encoded(settings, current)
        return hooked
    except Exception:
        return env


def _wrap_explicit_environments():
    """subprocess and multiprocessing pass an environment list to _posixsubprocess.fork_exec (the
    6th argument in 3.8-3.13); os.execve and os.posix_spawn take a mapping. Idempotent: after a
    fork the harness's signal module gives os.execve back (hotspy_signals.reset_in_child), and
    this runs again."""
    try:
        import _posixsubprocess
    except ImportError:
        _posixsubprocess = None
    fork_exec = getattr(_posixsubprocess, "fork_exec", None)
    if fork_exec is not None and not getattr(fork_exec, "_hotspy_env", False):
        def hooked_fork_exec(*args, **kwargs):
            if len(args) > 5 and args[5] is not None:
                args = args[:5] + (_with_hook(args[5]),) + args[6:]
            return fork_exec(*args, **kwargs)
        hooked_fork_exec._hotspy_env = True
        _posixsubprocess.fork_exec = hooked_fork_exec
    for name in ("execve", "posix_spawn", "posix_spawnp"):
        original = getattr(os, name, None)
        if original is not None and not getattr(original, "_hotspy_env", False):
            setattr(os, name, _env_wrapper(original))


def _env_wrapper(original):
    def wrapper(path, args, env, *rest, **kwargs):
        return original(path, args, _with_hook(env), *rest, **kwargs)
    wrapper.__name__ = original.__name__
    wrapper.__doc__ = original.__doc__
    wrapper._hotspy_env = True
    return wrapper


def _after_fork_in_child():
    settings = _state["settings"]
    if settings is None:
        return
    root = _state["root"]
    _state["root"] = None
    if root is not None:
        # What the root recorded belongs to the root: stop its recorders here.
        if root.tracer is not None:
            root.tracer.main.disable()
            sys.setprofile(None)
            threading.setprofile(None)
        if root.memory is not None and "tracemalloc" in sys.modules:
            # --memory-mode exact: tracing is inherited and would slow the child many times over
            # (a Pool went from 1.6 s to 37 s); children record time only.
            import tracemalloc
            tracemalloc.stop()
        root.gc.stop()
    parent = _state["run"]
    if parent is not None:
        parent.forget()
    _wrap_explicit_environments()
    runner = ChildRun(settings, _state["stop_codes"], how="fork",
                      inherited_handlers=(root.on_sigterm,) if root is not None else ())
    _state["run"] = runner
    runner.start()


# -- one child's recording ------------------------------------------------------------------

class ChildRun:
    def __init__(self, settings, stop_codes, how="exec", inherited_handlers=()):
        self.settings = settings
        self.inherited_handlers = inherited_handlers
        self.stop_codes = stop_codes
        self.how = how
        self.pid = os.getpid()
        self.sampler = None
        self.tracer = None
        self._done = False
        self._writing = False
        self._killed = False
        self._wall_start = None
        self._cpu_start = None
        self._start = None

    def start(self):
        harness_files = _harness_files(self.settings)
        if self.settings["mode"] == "sample":
            import hotspy_sampler
            self.sampler = hotspy_sampler.Sampler(1.0 / self.settings["rate"], self.stop_codes, harness_files, set())
        else:
            import hotspy_tracer
            self.tracer = hotspy_tracer.Tracer()
            self._harness_files = harness_files
        atexit.register(self.finish)
        handler = signal.getsignal(signal.SIGTERM)
        # Left at its default by the program, or hotspy's own inherited by fork (the root
        # harness's, or the parent child's): record, then die of the signal. A handler of the
        # program's own is kept as it is.
        if handler == signal.SIG_DFL or handler in self.inherited_handlers or \
                isinstance(getattr(handler, "__self__", None), ChildRun):
            signal.signal(signal.SIGTERM, self._on_sigterm)
        _wrap_os_exit()
        self.run_queue = hotspy_runinfo.RunQueue()
        self.run_queue.start()
        self._start = time.time()
        self._wall_start = time.perf_counter()
        self._cpu_start = time.process_time()
        if self.sampler:
            self.sampler.start()
        else:
            self.tracer.start()

    def forget(self):
        """This recording belongs to the parent of a fork: the child drops it unwritten."""
        self._done = True
        if self.tracer is not None:
            self.tracer.main.disable()
            sys.setprofile(None)
            threading.setprofile(None)

    def _on_sigterm(self, signum, frame):
        if self._done:
            # Ending already (os._exit, atexit): die once the profile is written, as the signal
            # would have killed the process without hotspy.
            self._killed = True
            if not self._writing:
                _die_of_sigterm()
            return
        self._killed = True
        self.finish(128 + signal.SIGTERM, "SIGTERM")

    def finish(self, exit_code=None, reason=None):
        if self._done or os.getpid() != self.pid:
            return
        self._done = True
        self._writing = True
        try:
            self._write(exit_code, reason)
        finally:
            self._writing = False
            if self._killed:
                _die_of_sigterm()

    def _write(self, exit_code, reason):
        wall = time.perf_counter() - self._wall_start
        cpu = time.process_time() - self._cpu_start
        try:
            if self.sampler:
                self.sampler.stop()
                sections = hotspy_profile_file.sampled_sections(self.sampler)
                threads = max(1, len(self.sampler.thread_names))
            else:
                self.tracer.stop_main()
                import hotspy_tracer
                files = self._harness_files
                stats = hotspy_tracer.drop_functions(self.tracer.merged_stats(), lambda f: f[0] in files)
                sections = hotspy_profile_file.traced_sections(stats)
                threads = self.tracer.threads
            meta = {
                "pid": self.pid, "ppid": os.getppid(), "how": self.how, "command": list(sys.argv),
                "mode": self.settings["mode"], "start": self._start, "wallTime": wall, "cpuTime": cpu,
                "samples": self.sampler.samples if self.sampler else None, "threads": threads,
                "exitCode": exit_code, "reason": reason, "runQueueTime": self.run_queue.totals()[0],
            }
            document = {"version": 1, "meta": meta}
            document.update(sections)
            path = os.path.join(self.settings["dir"], "%d-%d.json" % (self.pid, int(self._start * 1e6)))
            hotspy_profile_file.write_profile(path, document)
        except Exception:
            pass  # the run's directory is gone (the run is over) or the disk is full: the child's loss only


def _die_of_sigterm():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)
    _real_exit[0](128 + signal.SIGTERM) if _real_exit else os._exit(128 + signal.SIGTERM)


def _harness_files(settings):
    harness = settings["harness"]
    names = [os.path.join(harness, name) for name in os.listdir(harness) if name.endswith(".py")]
    return frozenset(names + [os.path.join(settings["hook"], "sitecustomize.py")])


_real_exit = []


def _wrap_os_exit():
    """multiprocessing's forked workers end with os._exit, which skips atexit. Checked on the
    current os._exit: after a fork the harness's signal module may have given the original back."""
    if getattr(os._exit, "_hotspy_child", False):
        return
    real = os._exit
    _real_exit[:] = [real]

    def _exit(status):
        runner = _state["run"]
        if runner is not None:
            runner.finish(status, None if status == 0 else "exit")
        real(status)
    _exit.__doc__ = real.__doc__
    _exit._hotspy_child = True
    os._exit = _exit
