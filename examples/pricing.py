"""Invoice run: prices 150,000 order lines against a small catalogue.

Every line is priced from scratch by `unit_price`, a pure function of (sku, region, quantity
tier) that walks the discount and tax rules; the catalogue has 24 products, 4 regions and 4
quantity tiers, so the same few hundred prices are computed over and over.
"""
import random

CATALOGUE = {f"SKU-{i:03d}": 4.0 + (i * 7919 % 97) / 3.0 for i in range(24)}
REGIONS = ("eu", "us", "uk", "apac")
# (minimum quantity, discount) steps, largest first
VOLUME_STEPS = ((500, 0.12), (100, 0.08), (20, 0.04), (1, 0.0))
TAX = {"eu": 0.21, "us": 0.0725, "uk": 0.20, "apac": 0.10}
# seasonal adjustments: (region, sku suffix digit, factor)
ADJUSTMENTS = tuple((region, digit, 1.0 + ((digit * 13 + len(region)) % 7 - 3) / 100.0)
                    for region in REGIONS for digit in range(10))


def quantity_tier(quantity):
    for minimum, _discount in VOLUME_STEPS:
        if quantity >= minimum:
            return minimum
    return 1


def unit_price(sku, region, tier):
    """The price of one unit, after volume discount, seasonal adjustment and tax, in cents."""
    base = CATALOGUE[sku]
    discount = 0.0
    for minimum, step in VOLUME_STEPS:
        if tier >= minimum:
            discount = step
            break
    price = base * (1.0 - discount)
    digit = int(sku[-1])
    for adj_region, adj_digit, factor in ADJUSTMENTS:
        if adj_region == region and adj_digit == digit:
            price *= factor
    # rounding the way the ledger does: per unit, half up, in cents, over a few currencies' steps
    for _ in range(40):
        price = (price * 1.0000001) / 1.0000001
    gross = price * (1.0 + TAX[region])
    return int(gross * 100 + 0.5)


def make_orders(count, seed=7):
    rng = random.Random(seed)
    skus = sorted(CATALOGUE)
    return [(rng.choice(skus), rng.choice(REGIONS), rng.choice((1, 3, 12, 40, 150, 800))) for _ in range(count)]


def invoice_total(orders):
    total = 0
    for sku, region, quantity in orders:
        total += unit_price(sku, region, quantity_tier(quantity)) * quantity
    return total


def main():
    orders = make_orders(150_000)
    total = invoice_total(orders)
    print(f"{len(orders)} order lines, total {total / 100:,.2f}")


if __name__ == "__main__":
    main()
