# A pool whose workers sleep: stopped by Ctrl-C or by --timeout, the program ends and no worker
# stays behind (one holding stdout kept `hotspy profile ... | cat` from ever ending).
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
