"""Fixed: the same loop compiled to machine code by Numba (`@njit` on the function).

Sensor level tracker: smooth each sensor's readings, and jump to a new level on a step.
Each level depends on the one before it (a recurrence with a branch), so the loop has no
NumPy expression; it takes arrays and floats only, which is what Numba compiles.
Run it with a Python that has NumPy and Numba:

    python examples/fixed/sensor_levels.py
"""
import numpy as np
from numba import njit


@njit(cache=True)
def track_levels(readings: np.ndarray, decay: float, step: float) -> np.ndarray:
    sensors, steps = readings.shape
    levels = np.empty((sensors, steps))
    for s in range(sensors):
        level = readings[s, 0]
        for t in range(steps):
            x = readings[s, t]
            if abs(x - level) > step:
                level = x
            else:
                level = level * decay + x * (1.0 - decay)
            levels[s, t] = level
    return levels


def main():
    rng = np.random.default_rng(7)
    readings = rng.normal(0.0, 1.0, (120, 40_000)).cumsum(axis=1)
    levels = track_levels(readings, 0.9, 2.5)
    print(f"{levels.shape[0]} sensors, final levels mean {levels[:, -1].mean():.3f}")


if __name__ == "__main__":
    main()
