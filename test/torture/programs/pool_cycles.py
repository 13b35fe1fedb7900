# Pools started and terminated in a row: every `with Pool` ends with Pool.terminate(), which
# SIGTERMs workers that may not have run yet (a loaded machine) or that are about to block on the
# pool's queue lock. Under hotspy a worker took that SIGTERM in a Python handler of ours, which did
# not always run: it stayed blocked and the pool's join waited forever (seen within 60 cycles).
from multiprocessing import Pool


def square(x):
    return x * x


if __name__ == "__main__":
    total = 0
    for _ in range(15):
        with Pool(4) as pool:
            total += sum(pool.map(square, range(100)))
    print(total)
