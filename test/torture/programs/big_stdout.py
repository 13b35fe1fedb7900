# 50 MB on stdout.
import sys

line = "0123456789" * 10 + "\n"
chunk = line * 1000
for _ in range(500):
    sys.stdout.write(chunk)
