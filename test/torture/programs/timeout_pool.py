# Workers that outlive --timeout: every one must be gone when hotspy returns, or one holding
# stdout keeps `hotspy profile ... | cat` from ever ending.
import time
from multiprocessing import Pool


def slow(x):
    time.sleep(60)
    return x


if __name__ == "__main__":
    with Pool(2) as pool:
        print("ready", flush=True)
        print(pool.map(slow, range(4)))
