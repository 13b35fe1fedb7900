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

Each child writes <dir>/<pid>-<start>.json: a first version when it starts, one each time the
sampler sees it wait after it ran (a checkpoint: what a Pool worker did is saved before
Pool.terminate kills it), and the whole profile when it ends, at exit or in os._exit
(multiprocessing's forked workers leave that way). A child never handles SIGTERM: it dies of it
at once, as without hotspy. A handler of ours did not always get to run, and the worker stayed
blocked (a Pool hang, seen under load): a SIGTERM that reached a worker just forked ran the root's
handler there or was dropped with the signal flags that a fork clears, and one that landed just
before a blocking call (sem_wait) left its handler waiting for a wake-up that never came. A child
killed by a signal keeps its last checkpoint: "write what is safe and skip the rest".

Exit statuses come from the parents: every profiled process records what its os.wait* calls
reaped, which is the status a child left with whichever way it left (sys.exit, an exception, a
signal). Nothing here ever writes to the program's stdout or stderr.
"""

import atexit
import json
import os
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
    "reaped": {},       # pid -> exit status (128 + signal when killed) of the children this process reaped
}

# The root's own profile, unmerged, when children were still running as it ended (see late_merge).
ROOT_FILE = "root.json"
# A checkpoint may cost at most 1/CHECKPOINT_BUDGET of the time between two, and they are at
# least CHECKPOINT_MIN seconds apart.
CHECKPOINT_BUDGET = 20
CHECKPOINT_MIN = 0.1


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
    """Called by the root harness: adds every child profile found in `directory` to its document
    (in place). Children still running keep their part for later: the unmerged document is left
    in the directory for late_merge, which hotspy runs once the program's process has exited."""
    starting = _python_children()
    if starting or still_running(directory):
        root = dict(document, meta=dict(document["meta"], reaped=_state["reaped"], waitFor=starting))
        hotspy_profile_file.write_profile(os.path.join(directory, ROOT_FILE), root)
    _merge(document, directory, _state["reaped"])


def _python_children():
    """This process's live children that run a Python interpreter: they may be starting, before
    their first profile version is written. Others (a `sleep` the program left running) are
    not waited for."""
    pids = set()
    try:
        for tid in os.listdir("/proc/self/task"):
            with open("/proc/self/task/%s/children" % tid) as f:
                pids.update(int(p) for p in f.read().split())
    except (OSError, ValueError):
        return []
    found = []
    for pid in sorted(pids):
        try:
            name = os.path.basename(os.readlink("/proc/%d/exe" % pid))
        except OSError:
            continue
        if name.startswith("python") and _alive(pid):
            found.append(pid)
    return found


def _merge(document, directory, reaped):
    """`reaped`: pid -> exit status that the root saw (its own os.wait* calls); each child's
    profile brings those of its own children."""
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
    children = [c for c in _read_children(directory)
                if (c.get("meta") or {}).get("mode") == meta["mode"] and "pid" in c["meta"]]
    statuses = dict(reaped or {})
    for child in children:
        statuses.update({int(pid): status for pid, status in (child["meta"].get("reaped") or {}).items()})
    processes = [_process_entry(meta, None)]
    for child in children:
        child_meta = child["meta"]
        remap = [frame_of(row) for row in child.get("frames", [])]
        for row in child.get("stacks", []):
            row["stack"] = [remap[f] for f in row["stack"]]
            row["process"] = child_meta["pid"]
            stacks.append(row)
        for row in child.get("calls", []):
            _add_calls(calls, row, remap)
        processes.append(_process_entry(child_meta, statuses.get(child_meta["pid"])))
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


def _process_entry(meta, reaped):
    exit_code, reason = meta.get("exitCode"), meta.get("reason")
    if meta.get("final") is False:
        # a checkpoint: the child was killed, or is still running, before it wrote its profile
        reason = "running" if _alive(meta.get("pid")) else None
    if reaped is not None:
        exit_code = reaped
        if reason is None and reaped > 128:
            reason = _signal_name(reaped - 128)
        elif reason is None and reaped != 0:
            reason = "exit"
    return {"pid": meta.get("pid"), "ppid": meta.get("ppid"), "command": meta.get("command"),
            "start": meta.get("start"), "wallTime": meta.get("wallTime"), "cpuTime": meta.get("cpuTime"),
            "samples": meta.get("samples"), "threads": meta.get("threads"), "exitCode": exit_code,
            "reason": reason, "how": meta.get("how", "root"), "runQueueTime": meta.get("runQueueTime")}


def _signal_name(number):
    import signal
    try:
        return signal.Signals(number).name
    except ValueError:
        return "signal %d" % number


def _alive(pid):
    """The process runs (a zombie does not: it ended, its parent has not reaped it yet)."""
    if not pid:
        return False
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            stat = f.read()
        return stat[stat.rindex(b")") + 2:][:1] != b"Z"
    except (OSError, ValueError):
        pass
    try:
        os.kill(pid, 0)
        return True
    except OSError as error:
        return error.errno == 1  # EPERM: it exists


def still_running(directory):
    """Children whose profile is not final yet and that still run (the root ends before them)."""
    return [c["meta"]["pid"] for c in _read_children(directory)
            if (c.get("meta") or {}).get("final") is False and _alive(c["meta"].get("pid"))]


def late_merge(directory, out, wait):
    """After the root ended with children still running: wait up to `wait` seconds for them to
    end, then merge every child's profile into the root's own (ROOT_FILE) and write `out`.
    Run by hotspy (`python3 hotspy_children.py merge DIR OUT WAIT`), never inside the program."""
    path = os.path.join(directory, ROOT_FILE)
    with open(path, encoding="utf-8") as f:
        document = json.load(f)
    reaped = document["meta"].pop("reaped", None) or {}
    starting = document["meta"].pop("waitFor", None) or []
    deadline = time.monotonic() + wait
    while (still_running(directory) or any(_alive(pid) for pid in starting)) and time.monotonic() < deadline:
        time.sleep(0.05)
    _merge(document, directory, {int(pid): status for pid, status in reaped.items()})
    hotspy_profile_file.write_profile(out, document)


def _read_children(directory):
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return
    for name in names:
        if not name.endswith(".json") or name == ROOT_FILE:
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
    _wrap_waits()


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


def _wrap_waits():
    """Records the status of every child this process reaps: os.waitpid (multiprocessing,
    subprocess), os.wait, os.wait3, os.wait4. Done before the program imports subprocess, whose
    poll() binds os.waitpid as a default argument."""
    for name in ("waitpid", "wait", "wait3", "wait4"):
        original = getattr(os, name, None)
        if original is not None and not getattr(original, "_hotspy_wait", False):
            setattr(os, name, _wait_wrapper(original))


def _wait_wrapper(original):
    def wrapper(*args, **kwargs):
        result = original(*args, **kwargs)
        pid, status = result[0], result[1]
        if pid > 0:
            if os.WIFEXITED(status):
                _state["reaped"][pid] = os.WEXITSTATUS(status)
            elif os.WIFSIGNALED(status):
                _state["reaped"][pid] = 128 + os.WTERMSIG(status)
        return result
    wrapper.__name__ = original.__name__
    wrapper.__doc__ = original.__doc__
    wrapper._hotspy_wait = True
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
    _state["reaped"] = {}  # the parent's children are not this process's
    runner = ChildRun(settings, _state["stop_codes"], how="fork")
    _state["run"] = runner
    runner.start()


# -- one child's recording ------------------------------------------------------------------

class ChildRun:
    def __init__(self, settings, stop_codes, how="exec"):
        self.settings = settings
        self.stop_codes = stop_codes
        self.how = how
        self.pid = os.getpid()
        # the parent that started it (a child that outlives it is handed to another)
        self.ppid = os.getppid()
        self.sampler = None
        self.tracer = None
        self._done = False
        self._wall_start = None
        self._cpu_start = None
        self._start = None
        self._saved_samples = 0
        self._saved_at = 0.0
        self._save_cost = 0.0

    def start(self):
        self._harness_files = _harness_files(self.settings)
        if self.settings["mode"] == "sample":
            import hotspy_sampler
            self.sampler = hotspy_sampler.Sampler(1.0 / self.settings["rate"], self.stop_codes, self._harness_files, set())
            self.sampler.on_idle = self._checkpoint
        else:
            import hotspy_tracer
            self.tracer = hotspy_tracer.Tracer()
        atexit.register(self.finish)
        _wrap_os_exit()
        self.run_queue = hotspy_runinfo.RunQueue()
        self.run_queue.start()
        self._start = time.time()
        self._wall_start = time.perf_counter()
        self._cpu_start = time.process_time()
        self._path = os.path.join(self.settings["dir"], "%d-%d.json" % (self.pid, int(self._start * 1e6)))
        # A first version: the process is listed even if it is killed before it saves anything.
        self._save(None, None, final=False, first=True)
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

    def _checkpoint(self):
        """The sampler saw the main thread wait (in its SIGALRM handler): save what was recorded
        since the last time, if it costs at most 1/CHECKPOINT_BUDGET of the time since then.
        Written with os calls only: no lock or import that the interrupted code could hold."""
        now = time.perf_counter()
        if self._done or self.sampler.samples == self._saved_samples or \
                now - self._saved_at < max(CHECKPOINT_MIN, CHECKPOINT_BUDGET * self._save_cost):
            return
        self._saved_samples = self.sampler.samples
        self._save(None, None, final=False)
        self._saved_at = time.perf_counter()
        self._save_cost = self._saved_at - now

    def finish(self, exit_code=None, reason=None):
        if self._done or os.getpid() != self.pid:
            return
        self._done = True
        if self.sampler:
            self.sampler.stop()
        else:
            self.tracer.stop_main()
        self._save(exit_code, reason, final=True)

    def _save(self, exit_code, reason, final, first=False):
        """`first`: nothing is recorded yet, and what a process that dies now did is unknown."""
        try:
            sections, threads = hotspy_profile_file.recorded_sections(self.sampler, self.tracer, self._harness_files)
            meta = {
                "pid": self.pid, "ppid": self.ppid, "how": self.how, "command": list(sys.argv),
                "mode": self.settings["mode"], "start": self._start, "final": final,
                "wallTime": None if first else time.perf_counter() - self._wall_start,
                "cpuTime": None if first else time.process_time() - self._cpu_start,
                "samples": self.sampler.samples if self.sampler else None, "threads": threads,
                "exitCode": exit_code, "reason": reason, "runQueueTime": self.run_queue.totals()[0],
                "reaped": _state["reaped"],
            }
            document = {"version": 1, "meta": meta}
            document.update(sections)
            hotspy_profile_file.write_small_profile(self._path, document)
        except Exception:
            pass  # the run's directory is gone (the run is over) or the disk is full: the child's loss only


def _harness_files(settings):
    harness = settings["harness"]
    names = [os.path.join(harness, name) for name in os.listdir(harness) if name.endswith(".py")]
    return frozenset(names + [os.path.join(settings["hook"], "sitecustomize.py")])


def _wrap_os_exit():
    """multiprocessing's forked workers end with os._exit, which skips atexit. Checked on the
    current os._exit: after a fork the harness's signal module may have given the original back."""
    if getattr(os._exit, "_hotspy_child", False):
        return
    real = os._exit

    def _exit(status):
        runner = _state["run"]
        if runner is not None:
            runner.finish(status, None if status == 0 else "exit")
        real(status)
    _exit.__doc__ = real.__doc__
    _exit._hotspy_child = True
    os._exit = _exit


if __name__ == "__main__":
    late_merge(sys.argv[2], sys.argv[3], float(sys.argv[4]))
