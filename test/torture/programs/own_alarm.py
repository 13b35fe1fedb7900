# The program uses SIGALRM itself: it must get it as without hotspy (sample mode uses it).
import signal
import time

fired = []
signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
signal.alarm(1)
start = time.time()
while not fired and time.time() - start < 3:
    sum(range(1000))
print("alarm fired", fired)
signal.setitimer(signal.ITIMER_REAL, 0.05)
time.sleep(0.3)
print("timer fired", fired)
