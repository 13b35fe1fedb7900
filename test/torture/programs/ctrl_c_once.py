# A terminal's Ctrl-C reaches every process of the group, hotspy included: the program must get
# exactly one SIGINT (hotspy forwarded a second one).
import signal
import time

got = []
signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
print("ready", flush=True)
deadline = time.monotonic() + 5
while not got and time.monotonic() < deadline:
    time.sleep(0.01)
time.sleep(0.5)
print("SIGINT received", len(got), "time(s)")
