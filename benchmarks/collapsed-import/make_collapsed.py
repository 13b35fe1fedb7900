"""Writes a collapsed-stacks file (py-spy `--format raw` style) with N distinct stacks.

The stacks are paths in a synthetic call tree, as a real program's are: 3,000 functions in 150
modules; every line is a distinct root-to-node path (mostly 2 to 4 frames deep, about 100 bytes,
as in the 1-million-stack, 106 MB file of the issue) with a sample count.
Usage: python3 make_collapsed.py OUT.folded [STACKS]
"""
import random
import sys


def main():
    out = sys.argv[1]
    stacks = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    rng = random.Random(13)
    verbs = ["handle", "parse", "compute", "load", "render", "check", "map", "merge", "find", "dump"]
    functions = ["%s_records_%d (app/pkg%d/module%d.py:%d)" % (verbs[i % 10], i, i % 12, i % 150, rng.randint(1, 900)) for i in range(3000)]
    by_depth = [["main (app.py:12)"]]
    cumulative = [0.30, 0.75, 0.95, 1.0]  # share of new stacks 1, 2, 3, 4 calls below main
    seen = set()
    with open(out, "w", encoding="utf-8") as f:
        written = 0
        while written < stacks:
            r = rng.random()
            depth = next(d for d, c in enumerate(cumulative, 1) if r < c)
            if depth >= len(by_depth) or not by_depth[depth - 1]:
                depth = len(by_depth)
            parent = rng.choice(by_depth[depth - 1])
            path = parent + ";" + functions[rng.randrange(len(functions))]
            if path in seen:
                continue
            seen.add(path)
            if depth == len(by_depth):
                by_depth.append([])
            by_depth[depth].append(path)
            f.write("%s %d\n" % (path, rng.randint(1, 40)))
            written += 1


if __name__ == "__main__":
    main()
