// The python of the NumPy/pandas/Numba environment (built by test/sci/global-setup.ts).
import { existsSync } from 'node:fs';
// @ts-expect-error plain ES module without types
import { ensureSciVenv } from '../../scripts/sci-venv.mjs';

export function sciPython(): string {
  const python: string = ensureSciVenv();
  if (!existsSync(python)) throw new Error(`no python at ${python}`);
  return python;
}
