// Builds the NumPy/pandas/Numba virtual environment once, before any test file runs, so that
// parallel test files never race to create it and no test pays its install time.
// @ts-expect-error plain ES module without types
import { ensureSciVenv } from '../../scripts/sci-venv.mjs';

export default function setup(): void {
  ensureSciVenv({ log: (message: string) => process.stderr.write(`${message}\n`) });
}
