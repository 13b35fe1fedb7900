# `with Pool(4)`: __exit__ terminates the workers with SIGTERM and joins them. Under hotspy the
# workers inherited the harness's SIGTERM handler, which returned without exiting: a hang.
from multiprocessing import Pool


def square(x):
    return x * x


if __name__ == "__main__":
    with Pool(4) as pool:
        print(sum(pool.map(square, range(1000))))
