"""The memory and output claims of docs/measured-claims.md ("Objects, files and output"), measured:
    python3 benchmarks/examples/memory_claims.py            # this interpreter
    for v in 3.8 3.10 3.11 3.12 3.13; do python$v benchmarks/examples/memory_claims.py --slots-only; done
Bytes are tracemalloc's (what Python allocates); times are the best of 5."""

import io
import os
import sys
import tempfile
import time
import tracemalloc

N = 1_000_000


def traced(fn):
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def slots_bytes(attributes=3, count=100_000):
    names = ["a%d" % i for i in range(attributes)]
    source = "def __init__(self):\n" + "".join("    self.%s = None\n" % n for n in names)
    sizes = []
    for slots in (False, True):
        namespace = {"__slots__": tuple(names)} if slots else {}
        exec(source, namespace)
        cls = type("C", (), namespace)
        holder = [None] * count
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for i in range(count):
            holder[i] = cls()
        sizes.append((tracemalloc.get_traced_memory()[0] - before) / count)
        tracemalloc.stop()
        del holder
    return sizes


def best(fn, repeats=5):
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return min(times)


def main():
    version = "%d.%d" % sys.version_info[:2]
    for attributes in (1, 3, 5, 8):
        plain, slotted = slots_bytes(attributes)
        print("%s slots, %d attributes: %.0f bytes with a dict, %.0f with __slots__, %.0f saved per instance" % (version, attributes, plain, slotted, plain - slotted))
    if "--slots-only" in sys.argv:
        return

    def as_list():
        total = 0
        for v in [x * 2 for x in range(N)]:
            total += v

    def as_generator():
        total = 0
        for v in (x * 2 for x in range(N)):
            total += v

    print("%s pipeline of %d ints: list peak %.1f MB, generator peak %.3f MB; time list %.3f s, generator %.3f s" % (
        version, N, traced(as_list) / 1e6, traced(as_generator) / 1e6, best(as_list), best(as_generator)))

    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "lines.txt")
        with open(path, "w") as f:
            f.writelines("line %d of a log file with some text in it\n" % i for i in range(500_000))
        size = os.path.getsize(path)

        def whole():
            with open(path) as f:
                for line in f.readlines():
                    pass

        def streamed():
            with open(path) as f:
                for line in f:
                    pass

        print("%s %.1f MB file, 500000 lines: readlines() peak %.1f MB, iteration peak %.3f MB; time %.3f s vs %.3f s" % (
            version, size / 1e6, traced(whole) / 1e6, traced(streamed) / 1e6, best(whole), best(streamed)))

        rows = [(i, "name-%d" % i, i * 0.5) for i in range(200_000)]
        out_path = os.path.join(directory, "out.txt")

        def per_item():
            with open(out_path, "w") as out:
                for i, name, price in rows:
                    print(f"{i},{name},{price:.2f}", file=out)

        def joined():
            with open(out_path, "w") as out:
                out.write("".join(f"{i},{name},{price:.2f}\n" for i, name, price in rows))

        a, b = best(per_item), best(joined)
        print("%s 200000 lines to a file: print per line %.3f s, one write of the joined lines %.3f s (%.1fx)" % (version, a, b, a / b))


if __name__ == "__main__":
    main()
