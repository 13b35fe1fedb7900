"""What the tier-3 idiom rewrites (HS301-HS310) gain on the running CPython.

Each case times the form a rule flags ("before") against the rewrite it suggests ("after") on
the same input, alternating the two in rounds so load on a shared machine hits both alike, and
prints the median of before/after over the rounds: above 1 the rewrite is faster, below 1 it
is slower. Standard library only; run it with every interpreter you care about:

    for v in 3.8 3.10 3.11 3.12 3.13; do python$v benchmarks/idiom-speedups/measure.py; done

`--rounds N` (default 7), `--only SUBSTRING` to run some cases.
"""
import argparse
import statistics
import sys
import timeit
from collections import Counter, defaultdict


class Item:
    __slots__ = ("amount", "role")

    def __init__(self, amount, role):
        self.amount = amount
        self.role = role


N = 10_000
INTS = list(range(N))
ITEMS = [Item(i % 97, "user") for i in range(N)]
STRS = [str(i) for i in range(N)]
DICT = {i: i for i in range(N)}
WORDS = [str(i % 1000) for i in range(N)]
SMALL = list(range(8))


# --- HS303: hand-written aggregates ------------------------------------------------------
def sum_loop(xs):
    total = 0
    for x in xs:
        total += x.amount
    return total


def sum_gen(xs):
    return sum(x.amount for x in xs)


def sum_plain_loop(xs):
    # also the direct loop that HS306 and HS308 suggest
    total = 0
    for x in xs:
        total += x
    return total


def sum_plain(xs):
    return sum(xs)


def any_loop(xs):
    for x in xs:
        if x.role == "admin":
            return True
    return False


def any_gen(xs):
    return any(x.role == "admin" for x in xs)


def any_filter_gen(xs):
    # the rewrite that keeps the test inside C: any(True for x in xs if cond)
    return any(True for x in xs if x.role == "admin")


def max_loop(xs):
    best = 0
    for x in xs:
        if x > best:
            best = x
    return best


def max_builtin(xs):
    return max(xs, default=0)


def max_attr_loop(xs):
    best = 0
    for x in xs:
        if x.amount > best:
            best = x.amount
    return best


def max_attr_gen(xs):
    return max((x.amount for x in xs), default=0)


def max_call_loop(xs):
    best = 0
    for x in xs:
        best = max(best, x)
    return best


def max_call_attr_loop(xs):
    best = 0
    for x in xs:
        best = max(best, x.amount)
    return best


def contains_loop(xs, needle=-1):
    for x in xs:
        if x == needle:
            return True
    return False


def contains_in(xs, needle=-1):
    return needle in xs


# --- HS304: append loops ------------------------------------------------------------------
def append_loop(xs):
    out = []
    for x in xs:
        out.append(x * 2)
    return out


def append_comp(xs):
    return [x * 2 for x in xs]


def dict_loop(xs):
    out = {}
    for x in xs:
        out[x] = x * 2
    return out


def dict_comp(xs):
    return {x: x * 2 for x in xs}


# --- HS305: a comprehension passed to a consumer --------------------------------------------
def sum_listcomp(xs):
    return sum([x.amount for x in xs])


def max_listcomp(xs):
    return max([x.amount for x in xs])


def max_gen(xs):
    return max(x.amount for x in xs)


def any_listcomp(xs):
    return any([x.role == "admin" for x in xs])


# --- HS306: index loops ---------------------------------------------------------------------
def index_loop(xs):
    total = 0
    for i in range(len(xs)):
        total += xs[i]
    return total


# --- HS307: dict views ------------------------------------------------------------------------
def items_keys(d):
    n = 0
    for k, _ in d.items():
        n += k
    return n


def iter_keys(d):
    n = 0
    for k in d:
        n += k
    return n


def keys_in(xs, d=DICT):
    return sum(1 for x in xs if x in d.keys())


def dict_in(xs, d=DICT):
    return sum(1 for x in xs if x in d)


# --- HS308: copies before iterating ------------------------------------------------------------
def copy_loop(xs):
    n = 0
    for x in list(xs):
        n += x
    return n


# --- HS309: try/except in a loop ---------------------------------------------------------------
def try_inside(xs):
    total = 0
    for x in xs:
        try:
            total += x
        except TypeError:
            break
    return total


def try_outside(xs):
    total = 0
    try:
        for x in xs:
            total += x
    except TypeError:
        pass
    return total


# --- HS310: map/filter with a lambda ------------------------------------------------------------
def map_lambda(xs):
    return list(map(lambda x: x * 2, xs))


# --- HS301 / HS302: counting and grouping -------------------------------------------------------
def count_loop(words):
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return counts


def count_counter(words):
    return Counter(words)


def group_loop(words):
    groups = {}
    for w in words:
        if w[0] not in groups:
            groups[w[0]] = []
        groups[w[0]].append(w)
    return groups


def group_defaultdict(words):
    groups = defaultdict(list)
    for w in words:
        groups[w[0]].append(w)
    return groups


def early(xs):
    """The first item matches: `any` can stop at once."""
    return [Item(0, "admin")] + xs


CASES = [
    # (name, before, after, input)
    ("HS303 sum: `total += x.amount` loop vs sum(genexpr)", sum_loop, sum_gen, ITEMS),
    ("HS303 sum: `total += x` loop vs sum(xs)", sum_plain_loop, sum_plain, INTS),
    ("HS303 any: early-return loop vs any(genexpr), no match", any_loop, any_gen, ITEMS),
    ("HS303 any: early-return loop vs any(True for .. if ..), no match", any_loop, any_filter_gen, ITEMS),
    ("HS303 max: `if x > best` loop vs max(xs)", max_loop, max_builtin, INTS),
    ("HS303 max: `if x.amount > best` loop vs max(genexpr)", max_attr_loop, max_attr_gen, ITEMS),
    ("HS303 max: `best = max(best, x)` loop vs max(xs)", max_call_loop, max_builtin, INTS),
    ("HS303 max: `best = max(best, x.amount)` loop vs max(genexpr)", max_call_attr_loop, max_attr_gen, ITEMS),
    ("HS303 in: `if x == e: return True` loop vs `e in xs`, no match", contains_loop, contains_in, INTS),
    ("HS304 append loop vs list comprehension", append_loop, append_comp, INTS),
    ("HS304 append loop vs list comprehension, 8 items", append_loop, append_comp, SMALL),
    ("HS304 dict store loop vs dict comprehension", dict_loop, dict_comp, INTS),
    ("HS305 sum([listcomp]) vs sum(genexpr)", sum_listcomp, sum_gen, ITEMS),
    ("HS305 max([listcomp]) vs max(genexpr)", max_listcomp, max_gen, ITEMS),
    ("HS305 any([listcomp]) vs any(genexpr), no match", any_listcomp, any_gen, ITEMS),
    ("HS305 any([listcomp]) vs any(genexpr), first matches", any_listcomp, any_gen, early(ITEMS)),
    ("HS306 range(len(xs)) index loop vs direct loop", index_loop, sum_plain_loop, INTS),
    ("HS307 `for k, _ in d.items()` vs `for k in d`", items_keys, iter_keys, DICT),
    ("HS307 `x in d.keys()` vs `x in d`", keys_in, dict_in, INTS),
    ("HS308 `for x in list(xs)` vs `for x in xs`", copy_loop, sum_plain_loop, INTS),
    ("HS309 try inside the loop vs around it", try_inside, try_outside, INTS),
    ("HS310 list(map(lambda)) vs list comprehension", map_lambda, append_comp, INTS),
    ("HS301 dict.get counting loop vs Counter", count_loop, count_counter, WORDS),
    ("HS302 `if k not in d` grouping vs defaultdict", group_loop, group_defaultdict, WORDS),
]


def per_call(fn, arg, number):
    return timeit.timeit(lambda: fn(arg), number=number) / number


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    print(f"# Python {sys.version.split()[0]}: speed-up = before / after (median of {args.rounds} alternating rounds)")
    for name, before, after, data in CASES:
        if args.only not in name:
            continue
        assert before(data) == after(data) or name.startswith("HS309"), name
        number = max(1, int(0.02 / max(per_call(before, data, 1), 1e-7)))
        ratios = []
        for _ in range(args.rounds):
            b = per_call(before, data, number)
            a = per_call(after, data, number)
            ratios.append(b / a)
        print(f"{statistics.median(ratios):6.2f}x  {name}  (n={len(data)})")


if __name__ == "__main__":
    main()
