import sys

lines = sys.stdin.read().splitlines()
print(len(lines), "lines, last:", lines[-1] if lines else None)
