# A hot loop at recursion depth 20,000: a full stack walk per sample made it 30x slower in sample
# mode. The sampler walks at most MAX_FRAMES frames and folds the rest.
import os
import sys

sys.setrecursionlimit(25_000)


def work(n):
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def descend(depth, n):
    if depth == 0:
        return work(n)
    return descend(depth - 1, n)


for _ in range(int(os.environ.get("HOTSPY_BENCH_LOOPS", "1"))):
    descend(20_000, 300_000)
