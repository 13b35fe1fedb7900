# SIGALRM with its default action ends the program with status 142; the profile is still written.
import signal

print(signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL), flush=True)
signal.alarm(1)
while True:
    sum(range(1000))
