"""hotspy's harness: runs a Python program as `python3 script.py` would and records a profile.

    python3 hotspy_harness.py --out FILE [--mode sample|trace] [--rate HZ]
                              [--memory] [--memory-mode resident|exact]
                              [--timeout SECONDS] [--status-fd FD] [--children-dir DIR] -- script.py [args...]
    python3 hotspy_harness.py --out FILE ... -- -m package.module [args...]

The program keeps its argv, `__main__`, sys.path[0], cwd, stdio and exit status. The profile
(docs/profile-format.md) is written when the interpreter exits, after the program's own
atexit handlers, also when the program raises, calls sys.exit, is interrupted (SIGINT),
terminated (SIGTERM) or stopped by --timeout, which exits with status 124 as timeout(1) does.
With --children-dir, the program's child processes are profiled too (hotspy_children.py) and
merged into the profile.
Standard library only; Python 3.8+.
"""

import atexit
import os
import signal
import sys
import threading
import time

import hotspy_caches
import hotspy_census
import hotspy_children
import hotspy_monitor
import hotspy_profile_file
import hotspy_runinfo
import hotspy_signals
import hotspy_slots
import hotspy_stdio

TIMEOUT_EXIT_CODE = 124
USAGE = "usage: hotspy_harness.py --out FILE [--mode sample|trace] [--rate HZ] [--memory] " \
        "[--memory-mode resident|exact] " \
        "[--timeout SECONDS] [--status-fd FD] [--signal-fd FD] [--children-dir DIR] " \
        "[--census auto|on|off] [--census-sites FILE] -- (script.py | -m module) [args...]"

# Files whose code is the harness, never the program: kept out of stacks, tracebacks and stats.
# Sibling modules are named by path because the mode-specific ones (cProfile, tracemalloc) are
# imported only when their mode is used, which keeps start-up cheap.
_MODULES = ("hotspy_caches", "hotspy_census", "hotspy_children", "hotspy_memory", "hotspy_monitor", "hotspy_native",
            "hotspy_profile_file", "hotspy_runinfo",
            "hotspy_sampler", "hotspy_signals", "hotspy_slots", "hotspy_stdio", "hotspy_tracer")
HARNESS_PATH = (lambda: None).__code__.co_filename
HARNESS_FILES = frozenset(
    [(lambda: None).__code__.co_filename] + [os.path.join(sys.path[0], name + ".py") for name in _MODULES]
)


class UsageError(Exception):
    pass


def parse_options(argv):
    options = {"out": None, "mode": "sample", "rate": 1000.0, "memory": False, "timeout": None,
               "status_fd": None, "signal_fd": None, "children_dir": None, "census": "auto", "census_sites": None, "module": None, "target": None, "args": []}
    i = 0
    while i < len(argv) and argv[i] != "--":
        name = argv[i]
        if name == "--memory":
            options["memory"] = options["memory"] or "resident"
            i += 1
            continue
        if name not in ("--out", "--mode", "--rate", "--timeout", "--status-fd", "--memory-mode", "--signal-fd",
                        "--children-dir", "--census", "--census-sites") or i + 1 >= len(argv):
            raise UsageError("unknown or incomplete option %r" % name)
        value = argv[i + 1]
        try:
            if name == "--out":
                options["out"] = os.path.abspath(value)
            elif name == "--children-dir":
                options["children_dir"] = os.path.abspath(value)
            elif name == "--census":
                if value not in ("auto", "on", "off"):
                    raise ValueError(value)
                options["census"] = value
            elif name == "--census-sites":
                options["census_sites"] = os.path.abspath(value)
            elif name == "--mode":
                if value not in ("sample", "trace"):
                    raise ValueError(value)
                options["mode"] = value
            elif name == "--memory-mode":
                if value not in ("resident", "exact"):
                    raise ValueError(value)
                options["memory"] = value
            elif name == "--rate":
                options["rate"] = float(value)
                if not 1 <= options["rate"] <= 100000:
                    raise ValueError(value)
            elif name == "--timeout":
                options["timeout"] = float(value)
                if options["timeout"] <= 0:
                    raise ValueError(value)
            elif name == "--signal-fd":
                options["signal_fd"] = int(value)
            else:
                options["status_fd"] = int(value)
        except ValueError:
            raise UsageError("bad value %r for %s" % (value, name))
        i += 2
    rest = argv[i + 1:]
    if options["out"] is None or not rest:
        raise UsageError("--out and a program to run are required")
    if rest[0] == "-m":
        if len(rest) < 2:
            raise UsageError("-m needs a module name")
        options["module"] = rest[1]
        options["args"] = rest[2:]
    else:
        options["target"] = rest[0]
        options["args"] = rest[1:]
    return options


class Run:
    """One profiled run: its recorders, how it ended, and the one-time profile write."""

    def __init__(self, options):
        self.options = options
        self.pid = os.getpid()
        self.command = (["-m", options["module"]] if options["module"] else [options["target"]]) + options["args"]
        self.cwd = os.getcwd()
        self.start_time = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.exit_code = 0
        self.reason = None
        self.exception = None
        self.kill_with = None
        self.ignored_tids = set()
        self.gc = hotspy_runinfo.GcRecorder()
        self.run_queue = hotspy_runinfo.RunQueue()
        self.slots = hotspy_slots.Census(self.ignored_tids)
        self.sampler = None
        self.tracer = None
        self.census = None
        # Imported here, before the program's directory replaces ours in sys.path[0].
        self.memory = None
        if options["memory"]:
            import hotspy_memory
            self.memory = hotspy_memory.recorder(options["memory"], HARNESS_FILES)
            self.slots.exclusive = getattr(self.memory, "window_lock", None)
        if options["mode"] == "sample":
            import hotspy_sampler
            self._recorder_module = hotspy_sampler
        else:
            import hotspy_tracer
            self._recorder_module = hotspy_tracer
        self._finishing = False
        self._finish_lock = threading.Lock()
        self._wall_start = None
        self._cpu_start = None
        self._monitor = None

    def prepare(self, stop_codes):
        """Build the recorders; raises UsageError when the platform cannot do the mode."""
        if self.options["mode"] == "sample":
            if not hasattr(signal, "setitimer"):
                raise UsageError("--mode sample needs signal.setitimer, which this platform lacks; use --mode trace")
            interval = 1.0 / self.options["rate"]
            resident = self.memory if self.memory is not None and self.memory.mode == "resident" else None
            self.sampler = self._recorder_module.Sampler(interval, stop_codes, HARNESS_FILES, self.ignored_tids, resident)
            self.sampler.redeliver = hotspy_signals.redeliver
            if self.options["census"] != "off":
                self.census = _census(self.options)
                self.sampler.on_tick = self.census.tick
            hotspy_signals.pause_while_redelivering(self.sampler.pause, self.sampler.resume)
        else:
            self.tracer = self._recorder_module.Tracer()
        self._monitor = hotspy_monitor.Monitor(
            self.ignored_tids, status_fd=self.options["status_fd"], timeout=self.options["timeout"],
            on_timeout=self.on_timeout, memory=self.memory,
            samples=(lambda: self.sampler.samples) if self.sampler else None, run_queue=self.run_queue)

    def begin(self):
        """Start recording: called by the execute function right before the program's code runs,
        so no harness frame is on the stack that cProfile or the sampler sees."""
        self.gc.start()
        self.run_queue.start()
        self._wall_start = time.perf_counter()
        if self.memory:
            # after the wall clock's start, so no memory point is time-stamped past the run's end
            self.memory.start()
        self._cpu_start = time.process_time()
        if self._monitor.needed:
            self._monitor.start(self._wall_start)
        self.slots.start(self._wall_start, self._monitor.native_ids)
        # Frames of ours below the program's (begin's caller and down; exec() counts one more).
        depth, frame = 0, sys._getframe(1)
        while frame is not None:
            depth, frame = depth + 1, frame.f_back
        hotspy_signals.keep_recursion_room(depth + (1 if self.options["target"] and sys.version_info < (3, 12) else 0),
                                          bool(self.sampler))
        if self.sampler:
            if self.census is not None:
                self.census.wall_start = self._wall_start
            self.sampler.start()
            wall_start = self._wall_start
            hotspy_signals.watch_sigalrm(self.sampler, lambda: time.perf_counter() - wall_start, self.on_fatal_alarm)
        else:
            hotspy_signals.watch_sigalrm(None, None, self.on_fatal_alarm)
            self.tracer.start()

    def program_returned(self):
        """The program's top level is done; threads and atexit handlers may still run."""
        if self.tracer:
            self.tracer.stop_main()

    def exited(self, status):
        """The program called os._exit(status): keep its status and what was recorded so far."""
        self.exit_code = status & 0xFF
        self.program_returned()
        self.finish()

    def before_exec(self):
        """The program replaces itself with os.exec*: what ran until now is the profile."""
        self.reason = "exec"
        self.program_returned()
        interrupt = signal.getsignal(signal.SIGINT)
        self.finish()
        # finish() ignores SIGINT while it writes; an ignored signal stays ignored across exec
        hotspy_signals.set_handler(signal.SIGINT, interrupt)

    def program_handlers(self):
        """signal number -> the handler the program would have where ours is installed now."""
        handlers = {}
        if signal.getsignal(signal.SIGTERM) == self.on_sigterm:
            handlers[signal.SIGTERM] = signal.SIG_DFL
        alarm = signal.getsignal(signal.SIGALRM)
        if self.sampler is not None and self.sampler.handler is not None and alarm is self.sampler.handler:
            handlers[signal.SIGALRM] = self.sampler.previous_handler
        elif hotspy_signals.program_sigalrm(alarm) is not None:
            handlers[signal.SIGALRM] = hotspy_signals.program_sigalrm(alarm)
        return handlers

    def on_sigterm(self, signum, frame):
        self._killed_by(signum, "SIGTERM")

    def on_fatal_alarm(self, signum, frame):
        """SIGALRM with the program's handler at SIG_DFL: it would die of it; so it does, with a profile."""
        self._killed_by(signum, "SIGALRM")

    def _killed_by(self, signum, reason):
        if os.getpid() != self.pid:
            # A child forked where no at-fork hook ran (a C extension's fork()) still has our
            # handler: without hotspy the signal would have killed it (and flushed nothing).
            hotspy_signals.set_handler(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            hotspy_signals.real_exit(128 + signum)
        if self._finishing:
            return
        self.reason = reason
        self.exit_code = 128 + signum
        self.kill_with = signum
        self.program_returned()
        self.finish()

    def on_timeout(self):
        """Runs in the monitor thread: the main thread may be anywhere, so end the process here."""
        self.reason = "timeout"
        self.exit_code = TIMEOUT_EXIT_CODE
        self.program_returned()
        if not self.finish():
            return
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        hotspy_signals.real_exit(TIMEOUT_EXIT_CODE)

    def finish(self):
        """Stop recording and write the profile, once. Returns False if another thread is doing it."""
        if os.getpid() != self.pid:
            return False  # a forked child running our atexit handler: the profile is the parent's
        if self._finishing or not self._finish_lock.acquire(False):
            return False
        self._finishing = True
        if self.memory is not None and hasattr(self.memory, "program_over"):
            # before any work of ours: allocation windows would charge it to the program
            self.memory.program_over()
        in_main = threading.current_thread() is threading.main_thread()
        if in_main:
            # A second Ctrl-C must not cut the profile write short.
            hotspy_signals.set_handler(signal.SIGINT, signal.SIG_IGN)
        wall = time.perf_counter() - self._wall_start if self._wall_start is not None else 0.0
        cpu = time.process_time() - self._cpu_start if self._cpu_start is not None else 0.0
        if self.sampler:
            self.sampler.stop()
        if self.census is not None:
            self.census.stop()
        self.gc.stop()
        try:
            document = self.document(wall, cpu)
            if self.options["children_dir"]:
                hotspy_children.merge(document, self.options["children_dir"])
            hotspy_profile_file.write_profile(self.options["out"], document)
        except Exception as error:
            sys.stderr.write("hotspy harness: cannot write the profile %s: %s\n" % (self.options["out"], error))
        if in_main and self.kill_with is not None:
            self._die_of(self.kill_with)
        return True

    def document(self, wall, cpu):
        sections, threads = hotspy_profile_file.recorded_sections(self.sampler, self.tracer, HARNESS_FILES)
        sample_mode = self.options["mode"] == "sample"
        run_queue, main_run_queue = self.run_queue.totals()
        meta = {
            "command": self.command,
            "pid": self.pid,
            "python": _python_version(),
            "executable": sys.executable,
            "mode": self.options["mode"],
            "rate": self.options["rate"] if sample_mode else None,
            "interval": 1.0 / self.options["rate"] if sample_mode else None,
            "startTime": self.start_time,
            "cwd": self.cwd,
            "wallTime": wall,
            "cpuTime": cpu,
            "peakRss": hotspy_runinfo.peak_rss(),
            "threads": threads,
            "samples": self.sampler.samples if self.sampler else None,
            "foldedSamples": self.sampler.folded if self.sampler else None,
            "foldDepth": self._recorder_module.MAX_FRAMES if self.sampler else None,
            "samplingStopped": self.sampler.given_up if self.sampler else None,
            "exitCode": self.exit_code,
            "partial": self.reason is not None or self.exit_code != 0,
            "reason": self.reason,
            "exception": self.exception,
            "gc": self.gc.as_dict(),
            "caches": hotspy_caches.safe_collect(),
            "slots": hotspy_slots.safe_finish(self.slots),
            "runQueueTime": run_queue,
            "mainRunQueueTime": main_run_queue,
            "threadCpuTimes": self.run_queue.thread_cpu(self._monitor.native_ids if self._monitor else ()),
        }
        document = {"version": 1, "meta": meta}
        document.update(sections)
        if self.memory:
            document["memory"] = self.memory.finish(wall)
        if self.census is not None:
            document["census"] = self.census.as_dict()
        return document

    def _die_of(self, signum):
        """End the process by the signal itself, as Python does, so the parent sees the same status."""
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        hotspy_signals.set_handler(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        hotspy_signals.real_exit(128 + signum)


def _census(options):
    """The census of hot functions (hotspy_census.py); its candidate lines come from a file."""
    sites = []
    if options["census_sites"]:
        try:
            sites = hotspy_census.load_sites(options["census_sites"])
        except (OSError, ValueError) as error:
            sys.stderr.write("hotspy harness: cannot read %s: %s\n" % (options["census_sites"], error))
    return hotspy_census.Census(HARNESS_FILES, forced=options["census"] == "on", sites=sites)


def _python_version():
    # What platform.python_version() returns, without importing platform.
    return sys.version.split()[0]


def strip_harness(traceback):
    """The traceback without the harness's frames: those that run the program, and at the end
    hotspy_stdio's write when a write to unbuffered stdout failed."""
    while traceback is not None and traceback.tb_frame.f_code.co_filename in HARNESS_FILES:
        traceback = traceback.tb_next
    last_program, entry = None, traceback
    while entry is not None:
        if entry.tb_frame.f_code.co_filename not in HARNESS_FILES:
            last_program = entry
        entry = entry.tb_next
    if last_program is not None:
        last_program.tb_next = None
    return traceback


def describe_exception(error, traceback):
    import traceback as tb_module
    return {
        "type": type(error).__qualname__ if type(error).__module__ in ("builtins", "__main__")
        else "%s.%s" % (type(error).__module__, type(error).__qualname__),
        "message": str(error),
        "traceback": "".join(tb_module.format_exception(type(error), error, traceback)),
    }


def exit_status(code):
    """What the interpreter makes of SystemExit(code)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    return 1


def prepare_script(path):
    """Set up __main__ and sys.path[0] for a script file the way the interpreter does."""
    import importlib.machinery
    import io
    import types

    if not os.path.exists(path):
        sys.stderr.write("%s: can't open file %r: [Errno 2] No such file or directory\n"
                         % (sys.executable, os.path.abspath(path)))
        return None
    if not getattr(sys.flags, "safe_path", False):
        sys.path[0] = os.path.dirname(os.path.realpath(path)) if os.path.isfile(path) else path
    if not os.path.isfile(path):
        # A directory or a zip archive with a __main__.py: the interpreter runs it as a module.
        import runpy

        def execute_archive(begin):
            begin()
            runpy._run_module_as_main("__main__", False)
        return execute_archive
    filename = os.path.abspath(path) if sys.version_info >= (3, 9) else path
    with io.open_code(path) as source:
        data = source.read()
    module = types.ModuleType("__main__")
    module.__file__ = filename
    module.__cached__ = None
    module.__loader__ = importlib.machinery.SourceFileLoader("__main__", filename)
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
    code = compile(data, filename, "exec", dont_inherit=True)

    def execute_script(begin):
        begin()
        exec(code, module.__dict__)
    return execute_script


def prepare_module(name):
    import runpy
    import types

    if not getattr(sys.flags, "safe_path", False):
        sys.path[0] = os.getcwd()
    # runpy runs the module in the dict of sys.modules["__main__"]: give it a fresh module.
    sys.modules["__main__"] = types.ModuleType("__main__")
    sys.modules["__main__"].__builtins__ = __builtins__

    def execute_module(begin):
        begin()
        runpy._run_module_as_main(name, True)
    return execute_module


def main(argv):
    try:
        options = parse_options(argv)
    except UsageError as error:
        sys.stderr.write("hotspy harness: %s\n%s\n" % (error, USAGE))
        return 2
    if options["status_fd"] is not None:
        try:
            os.set_inheritable(options["status_fd"], False)
            os.set_blocking(options["status_fd"], False)
        except OSError:
            options["status_fd"] = None

    run = Run(options)
    hotspy_signals.install(run, HARNESS_FILES, options["signal_fd"])
    run.gc.redeliver = hotspy_signals.redeliver
    if run.memory is not None and run.memory.mode == "resident":
        hotspy_signals.on_fork_child(run.memory.in_forked_child)
    hotspy_signals.pause_while_redelivering(run.gc.pause, run.gc.resume)
    hotspy_signals.rescue_from_callbacks([run.gc._callback])
    if options["mode"] == "sample":
        run.replaced_streams = hotspy_stdio.keep_whole_writes()
    # Registered before the program runs, so it runs after every handler the program registers.
    atexit.register(run.finish)
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, run.on_sigterm)

    run.module = sys.modules["__main__"]  # keeps our globals alive once __main__ is replaced
    sys.argv[:] = ([options["target"]] if options["target"] else ["-m"]) + options["args"]
    try:
        execute = prepare_module(options["module"]) if options["module"] else prepare_script(options["target"])
    except BaseException as error:  # e.g. a SyntaxError in the script, reported like python does
        execute = _raiser(error)
    if execute is None:
        run.exit_code = 2
        run.reason = "exception"
        return 2

    import runpy
    stop_codes = [execute.__code__, runpy._run_code.__code__, threading.Thread._bootstrap_inner.__code__]
    try:
        run.prepare(stop_codes)
    except UsageError as error:
        sys.stderr.write("hotspy harness: %s\n" % error)
        return 2
    if options["children_dir"]:
        hotspy_children.enable(run, options["children_dir"], stop_codes, os.path.dirname(os.path.abspath(HARNESS_PATH)))
    # Last, so that a forked child takes a SIGTERM only once every at-fork hook has run.
    hotspy_signals.hold_over_fork(signal.SIGTERM)
    try:
        execute(run.begin)
    except SystemExit as error:
        run.program_returned()
        run.exit_code = exit_status(error.code)
        raise
    except BaseException as error:
        run.program_returned()
        traceback = strip_harness(error.__traceback__)
        run.exception = describe_exception(error, traceback)
        if isinstance(error, KeyboardInterrupt):
            run.reason = "SIGINT"
            run.exit_code = 128 + signal.SIGINT
            run.kill_with = signal.SIGINT
        else:
            run.reason = "exception"
            run.exit_code = 1
        # The default hook prints the exception's own __traceback__, not its tb argument.
        sys.excepthook(type(error), error.with_traceback(traceback), traceback)
        return run.exit_code
    run.program_returned()
    return 0


def _raiser(error):
    def execute(begin):
        raise error
    return execute


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
