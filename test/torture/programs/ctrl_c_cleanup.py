# Ctrl-C caught by the program, which then cleans up for a while: a second SIGINT must not
# interrupt the clean-up, and no KeyboardInterrupt may surface in hotspy's code.
import sys
import time

print("ready", flush=True)
try:
    time.sleep(10)
except KeyboardInterrupt:
    print("cleaning up", flush=True)
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        sum(range(1000))
    print("clean")
    sys.exit(3)
