# Object creation, attribute access and method calls on small classes.
import os


class Vector:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def add(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def scaled(self, k):
        return Vector(self.x * k, self.y * k)


def simulate(steps):
    position = Vector(0.0, 0.0)
    velocity = Vector(1.0, 0.5)
    for _ in range(steps):
        position = position.add(velocity.scaled(0.01))
    return position


for _ in range(int(os.environ.get("HOTSPY_BENCH_LOOPS", "1"))):
    simulate(50_000)
