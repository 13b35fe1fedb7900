"""How much of a sample's time the main thread spent inside one native call (C code).

Python runs a signal handler only between bytecodes. The timer expires `interval` after the
handler re-armed it; when the handler runs much later than that, the interpreter could not stop
sooner: it was inside a C function (a NumPy ufunc on a big array, a pandas merge, a regex) that
returned only then. Scalene splits Python and native time the same way. The delay is charged to
the line that made the call, as native time; the rest of the sample is the interpreter's.

Wall time alone would also count the delays of a loaded machine (the thread waiting for a CPU when
the timer fired) as native: the thread's own CPU clock tells them apart. Time in a call that waits
without the CPU (sleep, read, a lock) is interrupted by the signal (PEP 475 retries it after the
handler), so it is not late and not native.
"""

# Timer and scheduling jitter: a handler this little later than due is on time.
SLACK = 0.0002


def native_time(now, cpu_now, armed_at, armed_cpu, interval):
    """Seconds of the interval that just ended spent in one native call (0.0 when on time)."""
    late = now - armed_at - interval
    if late <= SLACK:
        return 0.0
    # CPU the thread used beyond the interval: a late handler on a busy machine used none
    busy = cpu_now - armed_cpu - interval
    if busy <= 0.0:
        return 0.0
    return late if late < busy else busy
