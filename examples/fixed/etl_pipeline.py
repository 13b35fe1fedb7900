"""Fixed: the active SKUs are a set, so each check is O(1).

Nightly enrichment job: tag each order with its product's category.

The reference table of active products is loaded once, then every order
record is checked against it before being enriched. Run it directly:

    python3 examples/etl_pipeline.py
"""
import random
import time


def load_reference_table(size):
    """The active product catalogue, as the upstream export gives it: a list of rows."""
    rng = random.Random(7)
    return [
        {"sku": f"SKU-{n:06d}", "category": rng.choice(["books", "garden", "toys", "tools"])}
        for n in range(0, size * 2, 2)
    ]


def extract_orders(count, catalogue_size):
    rng = random.Random(42)
    return [
        {"order": i, "sku": f"SKU-{rng.randrange(catalogue_size * 2):06d}", "qty": rng.randint(1, 5)}
        for i in range(count)
    ]


def enrich(orders, reference):
    active_skus = {row["sku"] for row in reference}
    categories = {row["sku"]: row["category"] for row in reference}
    enriched = []
    rejected = 0
    for order in orders:
        if order["sku"] in active_skus:
            enriched.append({**order, "category": categories[order["sku"]]})
        else:
            rejected += 1
    return enriched, rejected


def summarise(enriched):
    per_category = {}
    for row in enriched:
        per_category[row["category"]] = per_category.get(row["category"], 0) + row["qty"]
    return per_category


def main():
    started = time.perf_counter()
    reference = load_reference_table(1_000)
    orders = extract_orders(200_000, 1_000)
    enriched, rejected = enrich(orders, reference)
    totals = summarise(enriched)
    elapsed = time.perf_counter() - started
    print(f"enriched {len(enriched)} orders, rejected {rejected}, in {elapsed:.2f} s")
    for category in sorted(totals):
        print(f"  {category:8} {totals[category]:8d} items")


if __name__ == "__main__":
    main()
