"""Runs one command and prints its wall time, CPU time (user + system) and peak RSS as JSON.

CPU time comes from wait4's rusage of that one child, so it holds up on a loaded machine,
where wall time also counts the time the program spent waiting for a core.
"""

import json
import os
import subprocess
import sys
import time

started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(child.pid, 0)
wall = time.perf_counter() - started
error = child.stderr.read().decode(errors="replace")
code = os.waitstatus_to_exitcode(status)
print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss * 1024,
                  "code": code, "stderr": error[-400:]}))
