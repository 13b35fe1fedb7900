# A forked child ended by SIGTERM dies of it (it inherited the harness's handler, which returned).
import os
import signal
import time

pid = os.fork()
if pid == 0:
    time.sleep(10)
    os._exit(0)
time.sleep(0.2)
os.kill(pid, signal.SIGTERM)
_, status = os.waitpid(pid, 0)
print("child killed by signal", os.WTERMSIG(status) if os.WIFSIGNALED(status) else None)
