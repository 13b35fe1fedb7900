"""Fixed: a process pool runs the pure-Python scoring on every core.

Score a batch of documents on several processes.

Each document's score is pure-Python arithmetic, so the threads take turns
holding the GIL and the batch runs no faster than on one thread.

    python3 examples/cpu_threads.py
"""
import time
from concurrent.futures import ProcessPoolExecutor


def score(seed, rounds):
    """A pure-Python checksum: loops and integer arithmetic, no I/O."""
    value = seed
    total = 0
    for i in range(rounds):
        value = (value * 1103515245 + 12345) & 0x7FFFFFFF
        total += value % 97
    return total


def score_batch(seeds, rounds, workers):
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(score, seeds, [rounds] * len(seeds)))


def main():
    seeds = list(range(1, 17))
    started = time.perf_counter()
    results = score_batch(seeds, 800_000, workers=4)
    elapsed = time.perf_counter() - started
    print(f"scored {len(results)} documents, checksum {sum(results)}, in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
