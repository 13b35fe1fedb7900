# Runs for a while two frames below the recursion limit: fine without hotspy. The harness's own
# frames below the program and the sampler's handler above it must not push it over.
import sys
import time


def depth():
    frame, n = sys._getframe(), 0
    while frame is not None:
        n, frame = n + 1, frame.f_back
    return n


def descend(n):
    if n > 0:
        return descend(n - 1)
    end = time.perf_counter() + 0.3
    spins = 0
    while time.perf_counter() < end:
        spins += 1
    return depth()


base = depth()
print(descend(sys.getrecursionlimit() - base - 2) == sys.getrecursionlimit() - 1)
