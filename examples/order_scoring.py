"""Order scoring job: give every order a score from its price, quantity and country.

The orders arrive as a pandas DataFrame; the score is computed row by row, as the
first version of the job was written. Run it with a Python that has pandas:

    python examples/order_scoring.py
"""
import numpy as np
import pandas as pd


def load_orders(count):
    rng = np.random.default_rng(3)
    return pd.DataFrame({
        "price": rng.uniform(1.0, 500.0, count),
        "qty": rng.integers(1, 20, count),
        "country": rng.choice(["FR", "DE", "US", "JP"], count),
    })


def score_orders(orders: pd.DataFrame) -> pd.Series:
    scores = []
    for _, row in orders.iterrows():
        rate = 0.2 if row["country"] == "FR" else 0.1
        scores.append(row["price"] * row["qty"] * (1.0 + rate))
    return pd.Series(scores, index=orders.index)


def main():
    orders = load_orders(60_000)
    scores = score_orders(orders)
    print(f"scored {len(scores)} orders, total {scores.sum():,.0f}")


if __name__ == "__main__":
    main()
