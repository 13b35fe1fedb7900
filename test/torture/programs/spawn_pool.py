# A spawn-context pool: fresh interpreters that import this file.
import multiprocessing


def cube(x):
    return x ** 3


if __name__ == "__main__":
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        print(sum(pool.map(cube, range(50))))
