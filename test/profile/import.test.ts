// Each importer on a small fixture whose numbers are worked out by hand, plus format detection.
import { describe, expect, it } from 'vitest';
import { readProfileBytes, readProfileFile } from '../../src/profile/import/index.js';
import { hottestLines, topFunctions, totalWeight } from '../../src/profile/query.js';
import { FIXTURES, fixture, fn, line } from './helpers.js';
import { join } from 'node:path';

describe('hotspy profile JSON', () => {
  const profile = readProfileBytes(fixture('hotspy/sample.json'), 'sample.json');

  it('reads the run metadata and ignores unknown keys', () => {
    expect(profile.format).toBe('hotspy');
    expect(profile.meta).toMatchObject({ command: ['job.py', '--fast'], python: '3.11.7', mode: 'sample', wallTime: 1, cpuTime: 0.6, peakRss: 52428800, threads: 2, samples: 1000, exitCode: 0, partial: false });
    expect(profile.meta.gc).toEqual({ time: 0.02, collections: [12, 1, 0], collected: [100, 4, 0] });
    expect(profile.memory?.top[0]).toEqual({ file: '/work/job.py', line: 14, size: 524288, count: 1000 });
    expect(profile.hasCpu).toBe(true);
  });

  it('derives self and total per function, counting recursion once', () => {
    expect(fn(profile, 'crunch')).toMatchObject({ selfWall: 0.5, totalWall: 0.5, samples: 500 });
    expect(fn(profile, 'crunch').selfCpu).toBeCloseTo(0.4, 12);
    expect(fn(profile, 'main')).toMatchObject({ selfWall: 0, samples: 900 });
    expect(fn(profile, 'main').totalWall).toBeCloseTo(0.9, 12);
    expect(fn(profile, 'fib')).toMatchObject({ selfWall: 0.2, totalWall: 0.2, calls: null });
    expect(totalWeight(profile).wall).toBeCloseTo(1.0, 12);
  });

  it('gives per-line self and inclusive weights, a line counted once per stack', () => {
    expect(line(profile, '/work/job.py', 14)).toMatchObject({ selfWall: 0.4, totalWall: 0.4, selfCpu: 0.39 });
    expect(line(profile, '/work/job.py', 31)).toMatchObject({ selfWall: 0, totalWall: 0.2 });
    expect(line(profile, '/work/job.py', 32)).toMatchObject({ selfWall: 0.2, totalWall: 0.2 });
    expect(line(profile, '/work/job.py', 40).totalWall).toBeCloseTo(0.9, 12);
    expect(hottestLines(profile, 1)[0]).toMatchObject({ line: 14 });
    expect(topFunctions(profile, 'total', 2).map((f) => profile.frames[f.frame]!.name)).toEqual(['<module>', 'main']);
  });

  it('reads the minimal summary-only shape', () => {
    const minimal = readProfileBytes(fixture('hotspy/minimal.json'), 'x.json');
    expect(fn(minimal, 'enrich')).toMatchObject({ selfWall: 0.8, totalWall: 1.0, selfCpu: 0.79, calls: null });
    expect(line(minimal, 'script.py', 14)).toMatchObject({ selfWall: 0.7, selfCpu: 0.69 });
    expect(minimal.hasCpu).toBe(true);
  });
});

describe('speedscope', () => {
  it('replays evented profiles into self and total time', () => {
    const profile = readProfileBytes(fixture('speedscope/evented.speedscope.json'), 'evented.speedscope.json');
    expect(profile.format).toBe('speedscope');
    expect(profile.unit).toBe('seconds');
    expect(fn(profile, 'main').selfWall).toBeCloseTo(0.03, 12);
    expect(fn(profile, 'main').totalWall).toBeCloseTo(0.1, 12);
    expect(fn(profile, 'load').selfWall).toBeCloseTo(0.02, 12);
    expect(fn(profile, 'load').totalWall).toBeCloseTo(0.06, 12);
    expect(fn(profile, 'parse').totalWall).toBeCloseTo(0.05, 12);
    expect(profile.root.children).toHaveLength(1);
    expect(profile.root.children[0]!.children.map((c) => profile.frames[c.frame]!.name).sort()).toEqual(['load', 'parse']);
  });

  it('merges sampled profiles (threads) and per-line frames of one function', () => {
    const profile = readProfileBytes(fixture('speedscope/sampled.json'), 'sampled.json');
    expect(profile.meta.threads).toBe(2);
    expect(fn(profile, 'work').selfWall).toBeCloseTo(0.3, 12);
    expect(fn(profile, 'work').totalWall).toBeCloseTo(0.55, 12);
    expect(profile.frames[fn(profile, 'work').frame]!.line).toBe(12);
    expect(fn(profile, 'fetch').selfWall).toBeCloseTo(0.55, 12);
    expect(line(profile, 'job.py', 13).totalWall).toBeCloseTo(0.45, 12);
    expect(line(profile, 'net.py', 5).selfWall).toBeCloseTo(0.55, 12);
    expect(profile.hasCpu).toBe(false);
  });
});

describe('collapsed stacks', () => {
  it('reads py-spy raw output with CRLF line ends, comments and blank lines', () => {
    const profile = readProfileBytes(fixture('collapsed/py-spy.txt'), 'py-spy.txt');
    expect(profile.format).toBe('collapsed');
    expect(profile.unit).toBe('samples');
    expect(profile.meta.samples).toBe(100);
    expect(fn(profile, 'main')).toMatchObject({ totalWall: 95, selfWall: 0 });
    expect(fn(profile, 'load')).toMatchObject({ totalWall: 80, selfWall: 30 });
    expect(fn(profile, 'parse')).toMatchObject({ selfWall: 50 });
    expect(fn(profile, '<built-in method sum>')).toMatchObject({ selfWall: 15 });
    expect(fn(profile, 'thread (0x7f12)')).toMatchObject({ totalWall: 5 });
    expect(line(profile, 'app.py', 41).totalWall).toBe(65);
    expect(line(profile, 'app.py', 12)).toMatchObject({ selfWall: 30, totalWall: 80 });
  });
});

describe('format detection', () => {
  it('logs the format chosen', async () => {
    const messages: string[] = [];
    await readProfileFile(join(FIXTURES, 'collapsed/py-spy.txt'), { verbose: (m) => messages.push(m) });
    expect(messages).toEqual(['Importing as collapsed stacks']);
  });

  it('recognizes each format by content under an unknown name', () => {
    expect(readProfileBytes(fixture('hotspy/sample.json'), 'data').format).toBe('hotspy');
    expect(readProfileBytes(fixture('speedscope/sampled.json'), 'data').format).toBe('speedscope');
    expect(readProfileBytes(fixture('speedscope/evented.speedscope.json'), 'data').format).toBe('speedscope');
    expect(readProfileBytes(fixture('collapsed/py-spy.txt'), 'data').format).toBe('collapsed');
  });
});
