# os.fork: the child runs, exits with its own status, and the parent reads it.
import os
import sys

pid = os.fork()
if pid == 0:
    print("child", sum(range(1000)), flush=True)
    sys.exit(5)
_, status = os.waitpid(pid, 0)
print("parent saw", os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8)
