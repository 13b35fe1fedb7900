"""A log-processing job that reads every file whole: `readlines()` builds a list of all lines
(HS401 whole-file-read) and a list comprehension parses them all before the one loop that uses
them (HS402 materialized-pipeline), so peak memory grows with the size of the logs. The fixed
version (examples/fixed/log_scan.py) iterates the file and parses lazily: same output."""

import os
import random
import tempfile

LINES = 300_000
LEVELS = ["DEBUG", "INFO", "INFO", "INFO", "WARNING", "ERROR"]


def write_logs(directory, files=2, seed=3):
    rng = random.Random(seed)
    paths = []
    for n in range(files):
        path = os.path.join(directory, f"app-{n}.log")
        with open(path, "w") as out:
            out.writelines(
                f"2024-05-{1 + i % 28:02d}T12:{i % 60:02d}:00 {rng.choice(LEVELS)} worker-{i % 17} "
                f"request {rng.randrange(10**9)} took {rng.randrange(1, 900)} ms\n"
                for i in range(LINES)
            )
        paths.append(path)
    return paths


def parse(line):
    stamp, level, worker, _, request, _, took, _ = line.split(" ")
    return stamp, level, worker, int(took)


def scan(path):
    with open(path) as log:
        lines = log.readlines()
    records = [parse(line) for line in lines]
    errors = 0
    slowest = 0
    for stamp, level, worker, took in records:
        if level == "ERROR":
            errors += 1
        if took > slowest:
            slowest = took
    return errors, slowest


def main():
    with tempfile.TemporaryDirectory() as directory:
        for path in write_logs(directory):
            errors, slowest = scan(path)
            print(f"{os.path.basename(path)}: {errors} errors, slowest {slowest} ms")


if __name__ == "__main__":
    main()
