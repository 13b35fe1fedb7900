import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { checkOptions, type CheckFlags } from '../../src/cli/options.js';

function parse(argv: string): { paths: string[]; flags: CheckFlags } {
  const command = new Command('check').argument('[paths...]').exitOverride();
  for (const option of checkOptions()) command.addOption(option);
  command.parse(argv.split(' ').filter(Boolean), { from: 'user' });
  return { paths: command.args, flags: command.opts<CheckFlags>() };
}

describe('hotspy check flags', () => {
  it('has defaults: text format, cache on, confidence medium', () => {
    expect(parse('')).toEqual({ paths: [], flags: { format: 'text', cache: true, confidence: 'medium' } });
  });

  it('splits comma lists and accumulates repeated --select / --ignore', () => {
    const { flags } = parse('--select HS1,HS301 --select HS2 --ignore HS105 src');
    expect(flags.select).toEqual(['HS1', 'HS301', 'HS2']);
    expect(flags.ignore).toEqual(['HS105']);
  });

  it('reads the other flags', () => {
    const { paths, flags } = parse('a.py pkg --target-version py311 --format sarif -o out.sarif --no-cache --fix --config x/pyproject.toml');
    expect(paths).toEqual(['a.py', 'pkg']);
    expect(flags).toMatchObject({ targetVersion: 'py311', format: 'sarif', output: 'out.sarif', cache: false, fix: true, config: 'x/pyproject.toml' });
  });

  it('rejects an unknown format', () => {
    expect(() => parse('--format xml')).toThrow(/Allowed choices are text, json, sarif, github/);
  });
});
