# Ctrl-C while the program waits: its own KeyboardInterrupt traceback, status 130 (killed by SIGINT).
import time

total = 0
for i in range(100000):
    total += i
print("ready", flush=True)
time.sleep(10)
print("not interrupted")
