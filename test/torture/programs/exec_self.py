# The program replaces itself (os.execv): interval timers survive execve, so the sampler's timer
# killed the new program with SIGALRM (status 142).
import os
import sys

sum(range(100000))
sys.stdout.flush()
os.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(0.3); print('exec ok')"])
