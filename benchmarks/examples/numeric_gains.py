"""Loop-level speed-ups of the numeric examples: the hot function of each example against the
one of its fixed/ version, on the example's own data, timed in one process (CPU time, best of N,
interleaved). Run with the numeric venv's python (`node scripts/sci-venv.mjs` prints it):

    $(node scripts/sci-venv.mjs) benchmarks/examples/numeric_gains.py [repeats]

Numba's compile time is paid once before timing (the fixed example caches it on disk); its import
time is measured separately, since the whole-run figures of benchmarks/examples include it.
"""
import importlib.util
import os
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def load(path, name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(ROOT, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def best_cpu(fn, repeats):
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def import_cpu(module):
    code = "import time, resource; import %s; r = resource.getrusage(resource.RUSAGE_SELF); print(r.ru_utime + r.ru_stime)" % module
    base = "import time, resource; r = resource.getrusage(resource.RUSAGE_SELF); print(r.ru_utime + r.ru_stime)"
    with_module = min(float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(3))
    bare = min(float(subprocess.check_output([sys.executable, "-c", base])) for _ in range(3))
    return with_module - bare


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rows = []

    slow, fast = load("examples/order_scoring.py", "slow_scoring"), load("examples/fixed/order_scoring.py", "fast_scoring")
    orders = slow.load_orders(60_000)
    rows.append(("order_scoring: iterrows vs column arithmetic (60,000 rows)",
                 lambda m=slow: m.score_orders(orders), lambda m=fast: m.score_orders(orders)))

    slow, fast = load("examples/signal_gain.py", "slow_signal"), load("examples/fixed/signal_gain.py", "fast_signal")
    import numpy as np
    signal = np.random.default_rng(11).normal(0.5, 2.0, 1_500_000)
    rows.append(("signal_gain: element loop vs np.clip expression (1.5M samples)",
                 lambda m=slow: m.condition(signal, 0.5, 1.8, 3.0), lambda m=fast: m.condition(signal, 0.5, 1.8, 3.0)))

    slow, fast = load("examples/sensor_levels.py", "slow_levels"), load("examples/fixed/sensor_levels.py", "fast_levels")
    readings = np.random.default_rng(7).normal(0.0, 1.0, (120, 40_000)).cumsum(axis=1)
    # the fixed function's own code, compiled here without the on-disk cache (keyed by module name)
    from numba import njit
    jitted = njit(fast.track_levels.py_func)
    compile_start = time.process_time()
    jitted(readings[:1, :10], 0.9, 2.5)
    compiled = time.process_time() - compile_start
    rows.append(("sensor_levels: Python recurrence vs @njit (120 x 40,000)",
                 lambda m=slow: m.track_levels(readings, 0.9, 2.5), lambda: jitted(readings, 0.9, 2.5)))

    print("| loop | before (CPU s) | after (CPU s) | speed-up |")
    print("|---|---|---|---|")
    for label, before, after in rows:
        b = best_cpu(before, repeats)
        a = best_cpu(after, repeats)
        print("| %s | %.3f | %.4f | %.0fx |" % (label, b, a, b / a))
    print()
    print("Numba compile of track_levels (first call, no cache): %.2f s CPU" % compiled)
    for module in ("numpy", "pandas", "numba"):
        print("import %s: %.2f s CPU (best of 3, fresh interpreter)" % (module, import_cpu(module)))


if __name__ == "__main__":
    main()
