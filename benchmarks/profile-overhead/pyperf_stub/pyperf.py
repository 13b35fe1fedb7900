"""The few pyperf names the pyperformance programs use, so they run without pyperf installed.

Each benchmark function runs HOTSPY_BENCH_LOOPS times instead of pyperf's calibrated loops.
"""

import argparse
import os
import time

perf_counter = time.perf_counter
LOOPS = int(os.environ.get("HOTSPY_BENCH_LOOPS", "1"))


class Runner:
    def __init__(self, *args, **kwargs):
        self.argparser = argparse.ArgumentParser()
        self.metadata = {}

    def parse_args(self, args=None):
        return self.argparser.parse_args([])

    def bench_func(self, name, func, *args, **kwargs):
        for _ in range(LOOPS):
            func(*args)

    def bench_time_func(self, name, func, *args, **kwargs):
        return func(LOOPS, *args)
