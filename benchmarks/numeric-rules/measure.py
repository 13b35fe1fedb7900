"""The speed-ups the Tier 5 NumPy/pandas rule docs claim, measured on this machine.

Run with the numeric environment's python (numpy, pandas, numba pinned in test/sci/constraints.txt):

    $(node scripts/sci-venv.mjs) benchmarks/numeric-rules/measure.py [HS503 HS505 ...]

Each case times the rule's "bad" shape and its fix on the same data, interleaved, best of
several repeats, and checks that both give the same result before printing the ratio.
"""
import sys
import timeit

import numpy as np
import pandas as pd

N = 1_000_000
ROWS = 20_000
rng = np.random.default_rng(0)
a = rng.normal(size=N)
b = rng.normal(size=N)
frame = pd.DataFrame({
    "price": rng.uniform(1, 100, ROWS),
    "qty": rng.integers(1, 10, ROWS),
    "country": rng.choice(["FR", "DE", "US"], ROWS),
})


# HS503 ------------------------------------------------------------------------------------------
def hs503_loop(a, b):
    out = np.empty(len(a))
    for i in range(len(a)):
        out[i] = a[i] * 2 + b[i]
    return out


def hs503_vector(a, b):
    return a * 2 + b


def hs503_count_loop(a, limit=0.5):
    count = 0
    for x in a:
        if x > limit:
            count += 1
    return count


def hs503_count_vector(a, limit=0.5):
    return int(np.count_nonzero(a > limit))


# HS505 ------------------------------------------------------------------------------------------
def hs505_iterrows(df):
    totals = []
    for _, row in df.iterrows():
        totals.append(row["price"] * row["qty"])
    return pd.Series(totals, index=df.index)


def hs505_itertuples(df):
    totals = []
    for row in df.itertuples():
        totals.append(row.price * row.qty)
    return pd.Series(totals, index=df.index)


def hs505_apply(df):
    return df.apply(lambda row: row["price"] * 0.2 if row["country"] == "FR" else row["price"] * 0.1, axis=1)


def hs505_where(df):
    return pd.Series(np.where(df["country"] == "FR", df["price"] * 0.2, df["price"] * 0.1), index=df.index)


def hs505_columns(df):
    return df["price"] * df["qty"]


# HS506 ------------------------------------------------------------------------------------------
def hs506_loc(df):
    df = df.copy()
    df["total"] = 0.0
    for i in df.index:
        df.loc[i, "total"] = df.loc[i, "price"] * df.loc[i, "qty"]
    return df["total"]


def hs506_at(df):
    df = df.copy()
    df["total"] = 0.0
    for i in df.index:
        df.at[i, "total"] = df.at[i, "price"] * df.at[i, "qty"]
    return df["total"]


def hs506_column(df):
    df = df.copy()
    df["total"] = df["price"] * df["qty"]
    return df["total"]


# HS507 ------------------------------------------------------------------------------------------
square = rng.normal(size=(2000, 2000))


def hs507_columns(m):
    out = np.empty(m.shape[1])
    for j in range(m.shape[1]):
        out[j] = m[:, j].std()
    return out


def hs507_axis(m):
    return m.std(axis=0)


def hs507_fortran(m):
    f = np.asfortranarray(m)
    out = np.empty(f.shape[1])
    for j in range(f.shape[1]):
        out[j] = f[:, j].std()
    return out


# groupby-apply ----------------------------------------------------------------------------------
groups = pd.DataFrame({"key": rng.integers(0, 1000, ROWS * 10), "value": rng.normal(size=ROWS * 10)})


def group_apply(df):
    return df.groupby("key")["value"].apply(lambda s: s.mean())


def group_agg(df):
    return df.groupby("key")["value"].mean()


def group_apply_frame(df):
    return df.groupby("key").apply(lambda g: g["value"].sum(), include_groups=False)


def group_sum(df):
    return df.groupby("key")["value"].sum()


def best(fn, *args, number=1, repeat=5):
    return min(timeit.repeat(lambda: fn(*args), number=number, repeat=repeat)) / number


def same(x, y):
    if isinstance(x, pd.Series):
        return np.allclose(x.to_numpy(dtype=float), np.asarray(y, dtype=float))
    return np.allclose(x, y)


CASES = [
    ("HS503 out[i] = a[i] * 2 + b[i]", hs503_loop, hs503_vector, (a, b), f"{N:,} float64"),
    ("HS503 count a[i] > limit", hs503_count_loop, hs503_count_vector, (a,), f"{N:,} float64"),
    ("HS505 iterrows price * qty", hs505_iterrows, hs505_columns, (frame,), f"{ROWS:,} rows"),
    ("HS505 itertuples price * qty", hs505_itertuples, hs505_columns, (frame,), f"{ROWS:,} rows"),
    ("HS505 apply(axis=1) tax", hs505_apply, hs505_where, (frame,), f"{ROWS:,} rows"),
    ("HS506 df.loc[i, c] = ... in a loop", hs506_loc, hs506_column, (frame.head(ROWS // 10),), f"{ROWS // 10:,} rows"),
    ("HS506 df.at[i, c] = ... in a loop", hs506_at, hs506_column, (frame,), f"{ROWS:,} rows"),
    ("HS507 m[:, j].std() per column", hs507_columns, hs507_axis, (square,), f"{square.shape[0]}x{square.shape[1]} float64"),
    ("HS507 same loop on asfortranarray", hs507_columns, hs507_fortran, (square,), f"{square.shape[0]}x{square.shape[1]} float64"),
    ("HS509 groupby().apply(mean)", group_apply, group_agg, (groups,), f"{len(groups):,} rows, 1,000 groups"),
    ("HS509 groupby().apply(frame sum)", group_apply_frame, group_sum, (groups,), f"{len(groups):,} rows, 1,000 groups"),
]

if __name__ == "__main__":
    print(f"numpy {np.__version__}, pandas {pd.__version__}, python {sys.version.split()[0]}")
    selected = [c for c in CASES if not any(arg.startswith("HS") for arg in sys.argv[1:]) or any(c[0].startswith(arg) for arg in sys.argv[1:] if arg.startswith("HS"))]
    for name, slow, fast, args, size in selected:
        assert same(slow(*args), fast(*args)), name
        repeat = 3
        t_slow = t_fast = float("inf")
        for _ in range(repeat):  # interleaved: a load spike hits both sides
            t_slow = min(t_slow, best(slow, *args, repeat=1))
            t_fast = min(t_fast, best(fast, *args, repeat=3))
        print(f"{name:40s} {size:28s} {t_slow * 1e3:10.1f} ms {t_fast * 1e3:9.2f} ms {t_slow / t_fast:8.1f}x")
