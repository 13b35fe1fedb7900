# Many small Python calls through deep recursion: the worst case for a tracing profiler.
import os


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


for _ in range(int(os.environ.get("HOTSPY_BENCH_LOOPS", "1"))):
    fib(22)
