"""The classic comparisons of the Python performance guides, as a hotspy bench suite.

Each group's first benchmark is the slow form the guides warn about; run.mjs compares
the others in the group against it. Inputs are built by setup_* companions, outside
the timing.
"""
from collections import Counter
from functools import lru_cache
import random

# --- list vs set membership (guides: ~80-400x) ----------------------------------------
_rng = random.Random(1)
_HAYSTACK = list(range(10_000))
_PROBES = [_rng.randrange(20_000) for _ in range(100)]  # about half are present


def setup_membership_list():
    return _HAYSTACK


def bench_membership_list(data):
    return sum(1 for p in _PROBES if p in data)


def setup_membership_set():
    return set(_HAYSTACK)


def bench_membership_set(data):
    return sum(1 for p in _PROBES if p in data)


# --- string += vs "".join (guides: ~30x) ----------------------------------------------
def setup_concat_plus():
    return [str(i) for i in range(10_000)]


def bench_concat_plus(parts):
    s = ""
    for p in parts:
        s += p
    return s


def setup_concat_join():
    return [str(i) for i in range(10_000)]


def bench_concat_join(parts):
    return "".join(parts)


# --- append loop vs map(lambda) vs comprehension (guides: comprehension ~10-15 % faster) -
def setup_build_loop():
    return list(range(10_000))


def bench_build_loop(data):
    out = []
    for x in data:
        out.append(x * 2)
    return out


def setup_build_map():
    return list(range(10_000))


def bench_build_map(data):
    return list(map(lambda x: x * 2, data))


def setup_build_comprehension():
    return list(range(10_000))


def bench_build_comprehension(data):
    return [x * 2 for x in data]


# --- attribute lookup vs local binding in a loop (guides: ~1.3x) ----------------------
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


_P = Point(1, 2)


def bench_attribute_lookup():
    total = 0
    for _ in range(1000):
        total += _P.x + _P.y
    return total


def bench_attribute_local():
    total = 0
    x, y = _P.x, _P.y
    for _ in range(1000):
        total += x + y
    return total


# --- manual dict count vs Counter (guides: 5-10x) -------------------------------------
def setup_count_manual():
    rng = random.Random(2)
    return ["w%d" % rng.randrange(1000) for _ in range(10_000)]


def bench_count_manual(words):
    counts = {}
    for w in words:
        if w in counts:
            counts[w] += 1
        else:
            counts[w] = 1
    return counts


def setup_count_counter():
    return setup_count_manual()


def bench_count_counter(words):
    return Counter(words)


# --- plain recursive fib vs lru_cache fib (guides: caching ~10x, "instant") ---------------
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


@lru_cache(maxsize=None)
def fib_cached(n):
    return n if n < 2 else fib_cached(n - 1) + fib_cached(n - 2)


def bench_fib_plain():
    return fib(20)


def bench_fib_lru_cache():
    fib_cached.cache_clear()  # time the memoized algorithm, not a cache hit
    return fib_cached(20)


# --- __dict__ vs __slots__ attribute access (guides: 30-50 % faster) --------------------
class DictPoint:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class SlotPoint:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y


def setup_attrs_dict():
    return DictPoint(1, 2)


def bench_attrs_dict(p):
    total = 0
    for _ in range(1000):
        total += p.x + p.y
    return total


def setup_attrs_slots():
    return SlotPoint(1, 2)


def bench_attrs_slots(p):
    total = 0
    for _ in range(1000):
        total += p.x + p.y
    return total
