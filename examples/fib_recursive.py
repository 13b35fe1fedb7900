"""Price a ladder of options with a recursive lattice, no memoization.

The number of paths through the lattice doubles with each step, although
only O(n^2) distinct (step, ups) states exist.

    python3 examples/fib_recursive.py
"""
import time


def paths(steps, ups):
    """How many ways a walk of `steps` moves can end with exactly `ups` up-moves."""
    if ups == 0 or ups == steps:
        return 1
    return paths(steps - 1, ups - 1) + paths(steps - 1, ups)


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def main():
    started = time.perf_counter()
    ladder = [paths(22, k) for k in range(0, 23, 2)]
    sequence = [fib(n) for n in range(27)]
    elapsed = time.perf_counter() - started
    print(f"ladder total {sum(ladder)}, fib(26) = {sequence[-1]}, in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
