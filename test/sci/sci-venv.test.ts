import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sciPython } from './sci-python.js';

describe('numeric test environment', () => {
  it('holds numpy, pandas and numba at the pinned versions', () => {
    const pins = new Map(
      readFileSync('test/sci/constraints.txt', 'utf8')
        .split('\n')
        .filter((line) => /^[a-z]/.test(line))
        .map((line) => line.split('==') as [string, string]),
    );
    const out = execFileSync(sciPython(), [
      '-c',
      'import numpy, pandas, numba; print(numpy.__version__, pandas.__version__, numba.__version__)',
    ]).toString().trim().split(' ');
    expect(out).toEqual([pins.get('numpy'), pins.get('pandas'), pins.get('numba')]);
  });
});
