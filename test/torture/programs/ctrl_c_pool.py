# Ctrl-C while a pool works: the program ends and no worker stays behind.
import time
from multiprocessing import Pool


def slow(x):
    time.sleep(60)
    return x


if __name__ == "__main__":
    with Pool(2) as pool:
        print("ready", flush=True)
        try:
            print(pool.map(slow, range(4)))
        except KeyboardInterrupt:
            print("interrupted")
