"""Unbuffered stdout and stderr that lose no output while the sampler's signals arrive.

With `python -u` or PYTHONUNBUFFERED (common in containers), sys.stdout writes straight to a raw
FileIO, and TextIOWrapper ignores how much of a write went through. A write to a full pipe that
a signal interrupts returns short, and the rest is dropped: Python does that with any signal,
and the sampler's thousand SIGALRM a second made it routine (50 MB through a pipe lost ~1 %).
In sample mode those two streams get a raw file that finishes every write; everything else
about them (encoding, errors, buffering, name, mode) stays as it was.
"""

import io
import sys


class WholeWrites(io.FileIO):
    def write(self, data):
        done = io.FileIO.write(self, data)
        if done is None:  # a non-blocking fd that would block: as FileIO says
            return None
        view = memoryview(data).cast("B")
        while done < len(view):
            more = io.FileIO.write(self, view[done:])
            if more is None:
                break
            done += more
        return done


def keep_whole_writes():
    """Swap unbuffered sys.stdout and sys.stderr for equivalents over WholeWrites. Returns the
    streams replaced: the caller keeps them, so that they are never finalized."""
    replaced = []
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if type(stream) is not io.TextIOWrapper or type(getattr(stream, "buffer", None)) is not io.FileIO:
            continue
        raw = stream.buffer
        try:
            stream.flush()
            whole = WholeWrites(raw.fileno(), "wb", closefd=False)
            whole.name = raw.name
            text = io.TextIOWrapper(whole, encoding=stream.encoding, errors=stream.errors, newline="\n",
                                    line_buffering=stream.line_buffering, write_through=stream.write_through)
            text.mode = stream.mode
        except (AttributeError, OSError, ValueError, TypeError):
            continue
        replaced.append(stream)
        if getattr(sys, "__%s__" % name, None) is stream:
            setattr(sys, "__%s__" % name, text)
        setattr(sys, name, text)
    return replaced
