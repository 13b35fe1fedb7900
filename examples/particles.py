"""A particle simulation that keeps a million small objects alive: each Particle carries its own
attribute dict. `hotspy run` counts the live instances (HD08 slots-census) and the bytes
`__slots__` would save; `hotspy check` flags the class where it is created in a loop (HS403).
The fixed version (examples/fixed/particles.py) adds `__slots__` and nothing else."""

import random

COUNT = 1_000_000
STEPS = 3


class Particle:
    def __init__(self, x, y, vx, vy):
        self.x = x
        self.y = y
        self.vx = vx
        self.vy = vy


def spawn(count, seed=7):
    rng = random.Random(seed)
    return [Particle(rng.random(), rng.random(), rng.random() - 0.5, rng.random() - 0.5) for _ in range(count)]


def step(particles, dt):
    for p in particles:
        p.x += p.vx * dt
        p.y += p.vy * dt
        if not 0.0 <= p.x <= 1.0:
            p.vx = -p.vx
        if not 0.0 <= p.y <= 1.0:
            p.vy = -p.vy


def main():
    particles = spawn(COUNT)
    for _ in range(STEPS):
        step(particles, 0.01)
    cx = sum(p.x for p in particles) / len(particles)
    cy = sum(p.y for p in particles) / len(particles)
    print(f"{len(particles)} particles, centre {cx:.4f} {cy:.4f}")


if __name__ == "__main__":
    main()
