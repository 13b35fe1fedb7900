"""The guides' caching claims as a hotspy bench suite (see run.mjs beside it).

Each group's first benchmark is the uncached (or badly cached) form; run.mjs compares the
others in the group against it. Every cached benchmark clears its cache first, so one call
times the misses of its working set and the hits of the repeats, as a real run pays them.
"""
import re
from functools import lru_cache

# 10,000 calls, 50 distinct argument tuples: a 99.5 % hit ratio
_CALLS = [(f"SKU{i % 50}", 1 + i % 50 % 7) for i in range(10_000)]
_RATES = {f"SKU{i}": 1.0 + i / 100 for i in range(50)}


def _price(sku, qty):
    # a small pure pricing rule: a few dozen operations, a few microseconds
    base = _RATES[sku] * qty
    for tier in (10, 20, 50, 100):
        if qty >= tier:
            base *= 0.98
    tax = round(base * 0.2, 2)
    return round(base + tax + sum(ord(c) for c in sku) % 7 / 100, 2)


_price_cached = lru_cache(maxsize=None)(_price)
_price_small = lru_cache(maxsize=32)(_price)


def setup_price_plain():
    return _CALLS


def bench_price_plain(calls):
    return sum(_price(s, q) for s, q in calls)


def setup_price_lru_cache():
    return _CALLS


def bench_price_lru_cache(calls):
    _price_cached.cache_clear()
    return sum(_price_cached(s, q) for s, q in calls)


def setup_price_lru_too_small():
    return _CALLS


def bench_price_lru_too_small(calls):
    # maxsize=32 below the 50-tuple working set, calls cycling through it: LRU evicts each entry just before its reuse
    _price_small.cache_clear()
    return sum(_price_small(s, q) for s, q in calls)


# a function cheaper than the cache lookup itself
def _double(x):
    return x * 2 + 1


_double_cached = lru_cache(maxsize=None)(_double)
_SMALL = [i % 50 for i in range(10_000)]


def setup_cheap_plain():
    return _SMALL


def bench_cheap_plain(xs):
    return sum(_double(x) for x in xs)


def setup_cheap_lru_cache():
    return _SMALL


def bench_cheap_lru_cache(xs):
    _double_cached.cache_clear()
    return sum(_double_cached(x) for x in xs)


# --- re.compile in a loop (HS205): re's own cache answers, the lookup remains -----------
_LINES = [f"order-{i} shipped" for i in range(2_000)]
_ORDER = re.compile(r"order-(\d+)")


def setup_regex_compile_in_loop():
    return _LINES


def bench_regex_compile_in_loop(lines):
    return sum(1 for line in lines if re.compile(r"order-(\d+)").match(line))


def setup_regex_hoisted():
    return _LINES


def bench_regex_hoisted(lines):
    return sum(1 for line in lines if _ORDER.match(line))


# --- more patterns than re's cache holds (512): every compile is a real one ------------
_MANY = [rf"order-(\d+)x{i}" for i in range(600)]
_MANY_COMPILED = [re.compile(p) for p in _MANY]


def setup_patterns_overflow():
    return _LINES


def bench_patterns_overflow(lines):
    return sum(1 for i, line in enumerate(lines) if re.compile(_MANY[i % 600]).match(line))


def setup_patterns_precompiled():
    return _LINES


def bench_patterns_precompiled(lines):
    return sum(1 for i, line in enumerate(lines) if _MANY_COMPILED[i % 600].match(line))
