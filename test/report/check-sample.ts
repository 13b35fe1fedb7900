// A small `hotspy check` result shared by the reporter tests: two files, a fixable finding,
// an info finding, a syntax error and a file that could not be read.
import type { Finding } from '../../src/check/finding.js';
import type { CheckResult } from '../../src/check/result.js';

export const CWD = '/home/dev/project';

export const SOURCES: Record<string, string> = {
  [`${CWD}/src/app.py`]: [
    'BLOCKED = ["a", "b"]',
    'def visible(users):',
    '\treturn [u for u in users if u not in BLOCKED]',
    'for k in d.keys():',
    '    pass',
    '',
  ].join('\n'),
};

const membership: Finding = {
  rule: 'HS101',
  name: 'list-membership-in-loop',
  tier: 1,
  severity: 'warning',
  path: `${CWD}/src/app.py`,
  line: 3,
  column: 30,
  endLine: 3,
  endColumn: 46,
  message: '`u not in BLOCKED` scans the list `BLOCKED` on every loop iteration (O(n) each time)',
  equivalents: [],
  fix: { description: 'Build a `set` from `BLOCKED` once before the loop and test membership against it' },
  loopDepth: 1,
  function: { name: 'visible', line: 2 },
};

const keys: Finding = {
  rule: 'HS307',
  name: 'dict-keys-misuse',
  tier: 3,
  severity: 'info',
  path: `${CWD}/src/app.py`,
  line: 4,
  column: 10,
  endLine: 4,
  endColumn: 18,
  message: 'iterating `d.keys()` builds a view for nothing, weird: chars, 100%\nsecond line',
  equivalents: ['SIM118', 'PERF102'],
  fix: {
    description: 'Iterate `d` directly',
    edits: [{ line: 4, column: 10, endLine: 4, endColumn: 18, content: 'd' }],
  },
};

const syntax: Finding = {
  rule: 'HS000',
  name: 'syntax-error',
  tier: 0,
  severity: 'error',
  path: 'lib/broken,file.py',
  line: 7,
  column: 1,
  endLine: 7,
  endColumn: 4,
  message: 'Syntax error: unexpected `)))`; the rest of the file is checked as far as it parses',
  equivalents: [],
  fix: null,
};

export function sampleResult(): CheckResult {
  return {
    findings: [membership, keys, syntax],
    errors: [{ path: `${CWD}/data/blob.py`, message: 'not UTF-8 text (invalid byte 0xff at offset 12)' }],
    filesChecked: 12,
    filesCached: 3,
  };
}

export function cleanResult(): CheckResult {
  return { findings: [], errors: [], filesChecked: 4, filesCached: 0 };
}

export const readSource = (path: string): string | undefined => SOURCES[path];
