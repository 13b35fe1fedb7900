"""Write a cProfile-shaped .prof file of at least the requested size (MB) to the given path.

The stats dict has the shape cProfile.Profile.create_stats() builds:
(file, line, funcname) -> (cc, nc, tt, ct, {caller (file, line, funcname): (nc, cc, tt, ct)}).
File and function names are shared string objects, as code objects share them in a real run,
so marshal writes them once and then references (FLAG_REF / TYPE_REF) exactly as cProfile's do.
"""
import marshal
import random
import sys

path, target_mb = sys.argv[1], float(sys.argv[2])
rng = random.Random(1234)
files = [sys.intern(f"/srv/app/pkg{i // 40}/module_{i}.py") for i in range(2000)]
names = [sys.intern(f"function_{i}") for i in range(20000)]

stats = {}
keys = []
n_functions = 0
approx_bytes = 0
while approx_bytes < target_mb * 1024 * 1024 * 1.02:
    f = files[rng.randrange(len(files))]
    key = (f, rng.randrange(1, 5000), names[rng.randrange(len(names))])
    if key in stats:
        continue
    callers = {}
    for _ in range(rng.randrange(1, 12)):
        if not keys:
            break
        ck = keys[rng.randrange(len(keys))]
        nc = rng.randrange(1, 100000)
        callers[(ck[0], ck[1], ck[2])] = (nc, nc - rng.randrange(0, 3) if nc > 3 else nc, rng.random(), rng.random() * 2)
    nc = sum(v[0] for v in callers.values()) or 1
    stats[key] = (nc, nc, rng.random() * 10, rng.random() * 20, callers)
    keys.append(key)
    n_functions += 1
    approx_bytes += 40 + 48 * len(callers)

with open(path, "wb") as out:
    marshal.dump(stats, out)
print(n_functions)
