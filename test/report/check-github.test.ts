import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, renderCheckGithub } from '../../src/report/check-github.js';
import { cleanResult, CWD, sampleResult } from './check-sample.js';

/** Reads a workflow command back the way the Actions runner does. */
function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const m = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  for (const pair of m[2].split(',')) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: m[1], properties, message: unescape(m[3]) };
}

describe('renderCheckGithub', () => {
  it('writes one annotation per finding and per error', () => {
    const lines = renderCheckGithub(sampleResult(), { cwd: CWD }).trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      '::warning file=src/app.py,line=3,col=30,endLine=3,endColumn=46,title=HS101 list-membership-in-loop::' +
        '`u not in BLOCKED` scans the list `BLOCKED` on every loop iteration (O(n) each time)' +
        '%0Ahelp: Build a `set` from `BLOCKED` once before the loop and test membership against it',
    );
  });

  it('maps severities to error, warning and notice', () => {
    const commands = renderCheckGithub(sampleResult(), { cwd: CWD }).trimEnd().split('\n').map((l) => parseCommand(l).command);
    expect(commands).toEqual(['warning', 'notice', 'error', 'error']);
  });

  it('escapes data and properties so they read back unchanged', () => {
    const lines = renderCheckGithub(sampleResult(), { cwd: CWD }).trimEnd().split('\n');
    const keys = parseCommand(lines[1]);
    expect(keys.message).toBe('iterating `d.keys()` builds a view for nothing, weird: chars, 100%\nsecond line\nhelp: Iterate `d` directly');
    const syntax = parseCommand(lines[2]);
    expect(syntax.properties.file).toBe('lib/broken,file.py');
    expect(syntax.properties.title).toBe('HS000 syntax-error');
    expect(parseCommand(lines[3]).properties).toEqual({ file: 'data/blob.py', title: 'hotspy' });
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  });

  it('escapes like the Actions toolkit', () => {
    expect(escapeData('50%\r\nx: y, z')).toBe('50%25%0D%0Ax: y, z');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('writes nothing for a clean run', () => {
    expect(renderCheckGithub(cleanResult(), { cwd: CWD })).toBe('');
  });
});
