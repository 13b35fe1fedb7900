"""Fixed: the builder collects lines in a list and joins them once.

Render a plain-text sales report, one line per sale, into a builder object.

    python3 examples/report_builder.py
"""
import random
import time


class ReportBuilder:
    def __init__(self, title):
        self.parts = [f"{title}\n{'=' * len(title)}\n"]

    def add_sales(self, sales):
        for sale in sales:
            self.parts.append(f"{sale['day']:>4} {sale['region']:<8} {sale['amount']:>10.2f}\n")

    def render(self):
        return "".join(self.parts)


def make_sales(count):
    rng = random.Random(3)
    return [
        {"day": rng.randint(1, 365), "region": rng.choice(["north", "south", "east", "west"]), "amount": rng.uniform(5, 500)}
        for _ in range(count)
    ]


def main():
    sales = make_sales(15_000)
    started = time.perf_counter()
    builder = ReportBuilder("Sales 2026")
    builder.add_sales(sales)
    report = builder.render()
    elapsed = time.perf_counter() - started
    print(f"report of {len(sales)} sales, {len(report)} characters, built in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
