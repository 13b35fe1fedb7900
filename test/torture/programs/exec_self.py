# The program replaces itself (os.execv): interval timers survive execve, so the sampler's timer
# killed the new program with SIGALRM (status 142). The new program must also get SIGINT as it
# would (an ignored signal stays ignored across exec).
import os
import sys

sum(range(100000))
sys.stdout.flush()
os.execv(sys.executable, [sys.executable, "-c", "import signal, time; time.sleep(0.3); print('exec ok', signal.getsignal(signal.SIGINT))"])
