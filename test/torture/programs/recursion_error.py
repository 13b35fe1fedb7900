# Recursion without end, caught: RecursionError as without hotspy, at the depth it would have.
import sys


def down(n):
    return down(n + 1)


try:
    down(0)
except RecursionError:
    # not the message: it names the C call that hit the limit, which depends on where that was
    print("RecursionError")
print("limit", sys.getrecursionlimit())
sys.setrecursionlimit(2000)
print("limit", sys.getrecursionlimit())
