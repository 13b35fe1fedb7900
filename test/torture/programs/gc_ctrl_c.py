# A SIGINT that arrives during a collection runs its handler in the first Python code after it:
# the harness's GC callback, where the KeyboardInterrupt was reported as ignored and the program
# ran on. The signal comes from a thread of the program, during one of many long collections.
import gc
import os
import signal
import sys
import threading
import time

keep = [[i] for i in range(300000)]
threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
start = time.monotonic()
try:
    while time.monotonic() - start < 5:
        gc.collect()
except KeyboardInterrupt:
    print("interrupted")
    sys.exit(3)
print("not interrupted")
