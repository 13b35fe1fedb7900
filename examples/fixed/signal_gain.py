"""Fixed: one vector expression over the whole array (`np.clip` of the scaled signal).

Signal conditioning: remove the offset of a sampled signal, scale it, and clip it.
Run it with a Python that has NumPy:

    python examples/fixed/signal_gain.py
"""
import numpy as np


def condition(signal: np.ndarray, offset: float, gain: float, limit: float) -> np.ndarray:
    return np.clip((signal - offset) * gain, -limit, limit)


def main():
    rng = np.random.default_rng(11)
    signal = rng.normal(0.5, 2.0, 1_500_000)
    out = condition(signal, 0.5, 1.8, 3.0)
    print(f"{len(out)} samples, {np.count_nonzero(np.abs(out) >= 3.0)} clipped, mean {out.mean():.4f}")


if __name__ == "__main__":
    main()
