# Builds large lists of numbers, sums them and drops them, round after round.


def squares(n):
    return [i * i for i in range(n)]  # top allocation


def checksum(values):
    total = 0
    for v in values[::97]:
        total ^= v
    return total


result = 0
for round_ in range(6):
    data = squares(1_500_000)
    result ^= checksum(data)
    del data
print(result)
