"""hotspy's timing worker: one process runs one benchmark (or one input size) and exits.

Usage: python3 bench_runner.py SPEC.json RESULT.json

The spec says what to run; the result is written to RESULT.json and never to stdout,
because the code under test may print: its stdout belongs to it, not to us.
Standard library only, Python 3.8+.
"""

import gc
import importlib.util
import itertools
import json
import os
import sys
import time

# inspect, pickle and traceback are imported where used: under callgrind every import at
# start-up costs seconds, and the instruction count runs need none of them.



def both_clocks(cpu=time.process_time, wall=time.perf_counter):
    return cpu(), wall()


# Every timing reads both clocks; the spec's "clock" picks which one is the value. CPU time
# (the default) leaves out the moments another process held the CPU, which on a shared
# machine is most of the noise; wall time is kept so a benchmark that waits can be spotted.
TIMER = both_clocks


class BenchFailure(Exception):
    """A failure in the code under test, reported as data (stage says where)."""

    def __init__(self, stage, exc):
        super().__init__(str(exc))
        self.stage = stage
        self.exc = exc


def load_module(path):
    path = os.path.abspath(path)
    directory = os.path.dirname(path)
    if directory not in sys.path:
        sys.path.insert(0, directory)
    name = os.path.splitext(os.path.basename(path))[0]
    loaded = sys.modules.get(name)
    if loaded is not None and getattr(loaded, "__file__", None) != path:
        # `gate --against`: the old and the new suite, both bench_suite.py, in one process;
        # each keeps its own module so neither replaces the other in sys.modules
        name = "%s@%d" % (name, len(sys.modules))
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise BenchFailure("import", ImportError("cannot import %s" % path))
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:  # SystemExit in a module body is a failure too
        raise BenchFailure("import", exc)
    return module


def positional_arity(fn):
    import inspect

    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 0
    return sum(
        1
        for p in params
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty
    )


def discover(spec):
    module = load_module(spec["file"])
    found = []
    for name, value in vars(module).items():
        if not name.startswith("bench_") or not callable(value):
            continue
        if getattr(value, "__module__", None) != module.__name__:
            continue  # imported from elsewhere
        code = getattr(value, "__code__", None)
        line = code.co_firstlineno if code is not None else 0
        companion = "setup_" + name[len("bench_"):]
        found.append(
            {
                "name": name,
                "line": line,
                "arity": positional_arity(value),
                "setup": companion if callable(getattr(module, companion, None)) else None,
            }
        )
    found.sort(key=lambda b: b["line"])
    return {"benchmarks": found}


def function_timer(spec):
    """A timeit.Timer-like callable (loops -> seconds) for a bench_ function."""
    module = load_module(spec["file"])
    fn = getattr(module, spec["name"], None)
    if not callable(fn):
        raise BenchFailure("import", LookupError("%s has no function %s" % (spec["file"], spec["name"])))
    companion = spec.get("setup")
    if companion:
        try:
            arg = getattr(module, companion)()
        except BaseException as exc:
            raise BenchFailure("setup", exc)

        def inner(loops):
            it = itertools.repeat(None, loops)
            t0 = TIMER()
            for _ in it:
                fn(arg)
            return t0, TIMER()

    else:

        def inner(loops):
            it = itertools.repeat(None, loops)
            t0 = TIMER()
            for _ in it:
                fn()
            return t0, TIMER()

    return inner


STATEMENT_TEMPLATE = """
def inner(_it, _timer):
{setup}
    _t0 = _timer()
    for _i in _it:
{stmt}
    return _t0, _timer()
"""


def indent(source, width):
    lines = source.splitlines() or ["pass"]
    return "\n".join(" " * width + line for line in lines)


def statement_timer(spec):
    """Like timeit.Timer: the setup runs once per timing, outside the clock."""
    for stage, source in (("setup", spec.get("setup") or "pass"), ("statement", spec["stmt"])):
        try:
            compile(source, "<%s>" % stage, "exec")
        except SyntaxError as exc:
            raise BenchFailure(stage, exc)
    source = STATEMENT_TEMPLATE.format(setup=indent(spec.get("setup") or "pass", 4), stmt=indent(spec["stmt"], 8))
    namespace = {}
    exec(compile(source, "<hotspy-bench>", "exec"), namespace)
    inner = namespace["inner"]
    return lambda loops: inner(itertools.repeat(None, loops), TIMER)


class Timed:
    """Runs a loop of `loops` calls; returns the chosen clock's seconds and keeps the wall time."""

    def __init__(self, timer, clock):
        self.timer = timer
        self.index = 0 if clock == "cpu" else 1
        self.walls = []

    def __call__(self, loops):
        # As timeit does: keep the collector out of the clock; it runs between timings.
        enabled = gc.isenabled()
        gc.disable()
        try:
            start, end = self.timer(loops)
        except BaseException as exc:
            raise BenchFailure("run", exc)
        finally:
            if enabled:
                gc.enable()
        self.walls.append((end[1] - start[1]) / loops)
        return end[self.index] - start[self.index]


def make_timer(spec):
    target = spec["target"]
    timer = statement_timer(target) if target["kind"] == "statement" else function_timer(target)
    return Timed(timer, spec.get("clock", "cpu"))


def calibrate(timed, min_time):
    """timeit.autorange, but to min_time: the smallest 1-2-5 loop count whose timing reaches it."""
    loops = 1
    while True:
        for factor in (1, 2, 5):
            number = loops * factor
            if timed(number) >= min_time:
                return number
        loops *= 10


def run_time(spec):
    timed = make_timer(spec)
    loops = spec.get("loops") or calibrate(timed, spec["minTime"])
    reference = spec.get("reference")
    if reference is None:
        warmups = [timed(loops) / loops for _ in range(spec.get("warmups", 1))]
        del timed.walls[:]
        values = [timed(loops) / loops for _ in range(spec["values"])]
        return {"loops": loops, "warmups": warmups, "values": values, "wallValues": list(timed.walls)}
    # The gate's reference workload (hotspy_calibration.py) runs in this same process, each of
    # its values taken just before one of the benchmark's: whatever state the machine is in
    # (a busy neighbour on the sibling hyperthread, the CPU's clock) is shared by the pair.
    ref = Timed(function_timer(reference["target"]), spec.get("clock", "cpu"))
    ref_loops = reference["loops"]
    warmups = []
    for _ in range(spec.get("warmups", 1)):
        ref(ref_loops)
        warmups.append(timed(loops) / loops)
    del timed.walls[:]
    values = []
    ref_values = []
    for _ in range(spec["values"]):
        ref_values.append(ref(ref_loops) / ref_loops)
        values.append(timed(loops) / loops)
    return {
        "loops": loops,
        "warmups": warmups,
        "values": values,
        "wallValues": list(timed.walls),
        "referenceValues": ref_values,
    }


def run_loops(spec):
    """For instruction counting under callgrind: a fixed number of loops and no clock reading that matters."""
    timed = make_timer(spec)
    timed(1)
    timed(spec["loops"])
    return {"loops": spec["loops"]}


def size_of(value):
    try:
        return len(value)
    except TypeError:
        pass
    import pickle

    try:
        return len(pickle.dumps(value))
    except Exception:
        return None


def is_one_shot(value):
    # An iterator is its own iterator: the first call consumes it and every later call would time
    # an empty input (a generator would then fit O(2^n) with a fine R^2).
    try:
        return iter(value) is value
    except TypeError:
        return False


def run_complexity(spec):
    func = getattr(load_module(spec["func"]["file"]), spec["func"]["name"], None)
    gen = getattr(load_module(spec["gen"]["file"]), spec["gen"]["name"], None)
    for ref, obj in ((spec["func"], func), (spec["gen"], gen)):
        if not callable(obj):
            raise BenchFailure("import", LookupError("%s has no function %s" % (ref["file"], ref["name"])))
    n = spec["size"]
    try:
        data = gen(n)
    except BaseException as exc:
        raise BenchFailure("setup", exc)
    if is_one_shot(data):
        raise BenchFailure(
            "input",
            TypeError(
                "returned a %s, an iterator that only the first call can consume; every later call would time an empty input"
                % type(data).__name__
            ),
        )

    def timer(loops):
        it = itertools.repeat(None, loops)
        t0 = TIMER()
        for _ in it:
            func(data)
        return t0, TIMER()

    timed = Timed(timer, spec.get("clock", "cpu"))
    loops = calibrate(timed, spec["minTime"])
    values = [timed(loops) / loops for _ in range(spec["repeats"])]
    return {"loops": loops, "values": values, "inputSize": size_of(data)}


MODES = {"discover": discover, "time": run_time, "loops": run_loops, "complexity": run_complexity}


def main():
    spec_path, result_path = sys.argv[1], sys.argv[2]
    with open(spec_path, encoding="utf-8") as f:
        spec = json.load(f)
    try:
        result = {"ok": True}
        result.update(MODES[spec["mode"]](spec))
    except BenchFailure as failure:
        import traceback

        exc = failure.exc
        result = {
            "ok": False,
            "stage": failure.stage,
            "type": type(exc).__name__,
            "message": str(exc),
            "traceback": "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)[-6:]),
        }
    with open(result_path, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
