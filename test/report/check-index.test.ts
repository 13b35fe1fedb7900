import { describe, expect, it } from 'vitest';
import { CHECK_FORMATS, isCheckFormat, renderCheckResult } from '../../src/report/check-index.js';
import { CWD, readSource, sampleResult } from './check-sample.js';

describe('renderCheckResult', () => {
  const options = { color: false, cwd: CWD, readSource };

  it('dispatches every format to its reporter', () => {
    const result = sampleResult();
    expect(renderCheckResult('text', result, options)).toContain('src/app.py:3:30: HS101');
    expect(JSON.parse(renderCheckResult('json', result, options)).version).toBe(1);
    expect(JSON.parse(renderCheckResult('sarif', result, options)).version).toBe('2.1.0');
    expect(renderCheckResult('github', result, options)).toMatch(/^::warning file=src\/app.py,/);
  });

  it('knows its format names', () => {
    expect(CHECK_FORMATS).toEqual(['text', 'json', 'sarif', 'github']);
    expect(isCheckFormat('sarif')).toBe(true);
    expect(isCheckFormat('xml')).toBe(false);
  });
});
