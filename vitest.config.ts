import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // NumPy/pandas/Numba for the numeric tests, built once per constraints file.
    globalSetup: ['test/sci/global-setup.ts'],
  },
});
