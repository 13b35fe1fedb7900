# os._exit skips atexit, where the harness writes the profile: the status must stay 7 and the
# profile must still be written.
import os
import sys

total = 0
for i in range(300000):
    total += i % 7
print(total)
sys.stdout.flush()
os._exit(7)
