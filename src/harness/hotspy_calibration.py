"""hotspy gate's reference workload: fixed pure-Python work timed beside a suite.

The gate runs bench_calibration in the same rounds as the suite's benchmarks, with the same
runner and clock, and records it in the baseline. Later, how much slower or faster it got
says how much the machine itself drifted between the two runs (a neighbour's load, CPU
frequency, cache pressure), and each benchmark's change is divided by it.

It mixes the two kinds of work most Python code does: interpreter-bound integer arithmetic
in a loop, and short-lived allocations (strings, a list, a dict). Never change it without
changing the baseline format: baselines written with another workload are not comparable.
Standard library only, no imports.
"""


def bench_calibration():
    total = 0
    for i in range(600):
        total += i * i ^ (i >> 3)
    words = [str(i) for i in range(150)]
    index = {w: n for n, w in enumerate(words)}
    return total + len(",".join(words)) + len(index)
