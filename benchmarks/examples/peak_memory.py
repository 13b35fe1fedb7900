"""Runs a script as __main__ under tracemalloc and writes its traced peak (bytes) to a file:
    python3 peak_memory.py OUT script.py
The script's own output goes where it always goes; only the figure goes to OUT."""

import runpy
import sys
import tracemalloc

out, script = sys.argv[1], sys.argv[2]
sys.argv = [script]
tracemalloc.start()
try:
    runpy.run_path(script, run_name="__main__")
finally:
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    with open(out, "w") as f:
        f.write("%d\n" % peak)
