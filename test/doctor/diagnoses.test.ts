// Each runtime diagnosis on a profile that should trigger it and on one that should not.
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/index.js';
import type { ImportTime } from '../../src/doctor/diagnoses/context.js';
import { parseImportTime, totalImportTime } from '../../src/doctor/import-time.js';
import { ProfileBuilder } from '../../src/profile/builder.js';
import type { CacheStats, ProfileMeta } from '../../src/profile/model.js';

const APP = '/proj/app.py';

function build(fill: (b: ProfileBuilder) => void, meta: Partial<ProfileMeta>) {
  const b = new ProfileBuilder({ hasCpu: true });
  fill(b);
  Object.assign(b.meta, { command: ['app.py'], cwd: '/proj', exitCode: 0, partial: false, ...meta });
  return b.build('hotspy');
}

function codes(profile: ReturnType<typeof build>): string[] {
  return diagnose({ profile, findings: [], sources: new Map(), files: [APP], cwd: '/proj' }).diagnoses.map((d) => d.code);
}

describe('runtime diagnoses', () => {
  it('HD01 io-bound: low CPU over wall, with the waiting user line named', () => {
    const profile = build((b) => {
      const mod = b.frame('<module>', APP, 1);
      const fetch = b.frame('fetch', APP, 10);
      const recv = b.frame('readinto', '/usr/lib/python3.11/socket.py', 700);
      b.appendSample([mod, fetch, recv], { wall: 1.8, cpu: 0.02 }, [30, 12, 705]);
      b.appendSample([mod], { wall: 0.2, cpu: 0.18 }, [31]);
    }, { wallTime: 2, cpuTime: 0.2, threads: 1 });
    const report = diagnose({ profile, findings: [], sources: new Map(), files: [APP], cwd: '/proj' });
    expect(report.diagnoses[0]!.code).toBe('HD01');
    expect(report.diagnoses[0]!.message).toContain('fetch (app.py:12)');
    expect(report.diagnoses[0]!.figures.cpuRatio).toBeCloseTo(0.1, 3);
  });

  it('HD01 stays silent on a busy program', () => {
    const profile = build((b) => {
      const mod = b.frame('<module>', APP, 1);
      b.appendSample([mod], { wall: 2, cpu: 1.9 }, [5]);
    }, { wallTime: 2, cpuTime: 1.9 });
    expect(codes(profile)).not.toContain('HD01');
  });

  it('HD02 gil-contention: four threads in Python code, one core used', () => {
    const profile = build((b) => {
      const work = b.frame('score', APP, 10);
      const boot = b.frame('_bootstrap', '/usr/lib/python3.11/threading.py', 990);
      const join = b.frame('join', '/usr/lib/python3.11/threading.py', 1100);
      const mod = b.frame('<module>', APP, 1);
      for (let t = 0; t < 4; t++) b.appendSample([boot, work], { wall: 2, cpu: 0.5 }, [995, 14]);
      b.appendSample([mod, join], { wall: 2, cpu: 0 }, [40, 1120]);
    }, { wallTime: 2, cpuTime: 2.05, threads: 5 });
    expect(codes(profile)).toContain('HD02');
  });

  it('HD02 stays silent when the other threads sleep in C (no CPU on their lines)', () => {
    const profile = build((b) => {
      const mod = b.frame('<module>', APP, 1);
      const sleeper = b.frame('poll', APP, 20);
      b.appendSample([mod], { wall: 2, cpu: 1.95 }, [5]);
      for (let t = 0; t < 3; t++) b.appendSample([sleeper], { wall: 2, cpu: 0.001 }, [22]);
    }, { wallTime: 2, cpuTime: 1.96, threads: 4 });
    expect(codes(profile)).not.toContain('HD02');
  });

  it("HD02 from the kernel's per-thread CPU times, even when the sampler missed the workers", () => {
    const fill = (b: ProfileBuilder) => b.appendSample([b.frame('<module>', APP, 1)], { wall: 2, cpu: 0.01 }, [40]);
    const meta = { wallTime: 2, cpuTime: 1.9, runQueueTime: 0.2, threads: 5 };
    expect(codes(build(fill, { ...meta, threadCpuTimes: [0.48, 0.47, 0.47, 0.46, 0.01] }))).toContain('HD02');
    // one thread does the work, the others idle: nothing to contend for
    expect(codes(build(fill, { ...meta, threadCpuTimes: [1.85, 0.02, 0.02, 0.01] }))).not.toContain('HD02');
    // the work is spread but the process used two cores: no GIL in the way
    expect(codes(build(fill, { ...meta, cpuTime: 3.8, threadCpuTimes: [0.95, 0.95, 0.95, 0.95] }))).not.toContain('HD02');
  });

  it('HD03 gc-pressure: collections take a measurable share', () => {
    const fill = (b: ProfileBuilder) => b.appendSample([b.frame('<module>', APP, 1)], { wall: 1, cpu: 1 }, [3]);
    expect(codes(build(fill, { wallTime: 1, cpuTime: 1, gc: { time: 0.2, collections: [900, 80, 6], collected: [0, 0, 0] } }))).toContain('HD03');
    expect(codes(build(fill, { wallTime: 1, cpuTime: 1, gc: { time: 0.005, collections: [9, 0, 0], collected: [0, 0, 0] } }))).not.toContain('HD03');
  });

  /** HD04 on a run of `importWall` seconds importing heavy/__init__.py and `restWall` seconds of the script. */
  function startupDiagnosis(importWall: number, restWall: number, importTimes?: ImportTime[]) {
    const profile = build((b) => {
      const mod = b.frame('<module>', APP, 1);
      const load = b.frame('_find_and_load', '<frozen importlib._bootstrap>', 1165);
      const heavy = b.frame('<module>', '/proj/heavy/__init__.py', 1);
      b.appendSample([mod, load, heavy], { wall: importWall, cpu: importWall }, [2, 1170, 40]);
      b.appendSample([mod], { wall: restWall, cpu: restWall }, [10]);
    }, { wallTime: importWall + restWall, cpuTime: importWall + restWall });
    return diagnose({ profile, findings: [], sources: new Map(), files: [APP], cwd: '/proj', importTimes }).diagnoses.find((x) => x.code === 'HD04');
  }

  it('HD04 slow-startup: most of a short run is spent importing', () => {
    const d = startupDiagnosis(0.6, 0.2);
    expect(d?.message).toContain('heavy/__init__.py');
    expect(d?.figures.importShare).toBeCloseTo(0.75, 3);
  });

  it('HD05 memory-growth: traced memory keeps rising between snapshots', () => {
    const fill = (b: ProfileBuilder) => {
      b.appendSample([b.frame('<module>', APP, 1)], { wall: 1, cpu: 1 }, [3]);
      b.memory = {
        peakTraced: 80e6,
        top: [],
        snapshots: [10e6, 30e6, 50e6, 70e6].map((current, i) => ({ time: i, current, top: [{ file: APP, line: 7, size: current, count: 10 }] })),
      };
    };
    expect(codes(build(fill, { wallTime: 4, cpuTime: 4 }))).toContain('HD05');
  });

  it('HD06 call-overhead: a tiny user function called millions of times (trace mode)', () => {
    const b = new ProfileBuilder({});
    const main = b.frame('main', APP, 1);
    const tiny = b.frame('add', APP, 5);
    b.addFunctionCalls(main, { calls: 1, primitiveCalls: 1, selfTime: 1, totalTime: 3 });
    b.addFunctionCalls(tiny, { calls: 4_000_000, primitiveCalls: 4_000_000, selfTime: 2, totalTime: 2 });
    Object.assign(b.meta, { command: ['app.py'], cwd: '/proj', wallTime: 3, mode: 'trace', partial: false });
    const report = diagnose({ profile: b.build('cprofile'), findings: [], sources: new Map(), files: [APP], cwd: '/proj' });
    expect(report.diagnoses.map((d) => d.code)).toContain('HD06');
  });

  it('HD10 cache-health: thresholds on calls and hit ratio, library files ignored', () => {
    const fill = (b: ProfileBuilder) => b.appendSample([b.frame('<module>', APP, 1)], { wall: 1, cpu: 1 }, [3]);
    const cache: CacheStats = { file: APP, line: 4, name: 'f', hits: 70, misses: 30, maxsize: null, currsize: 30 };
    const run = (c: CacheStats) => codes(build(fill, { wallTime: 1, cpuTime: 1, caches: [c] }));
    expect(run(cache)).toContain('HD10'); // 70 % of 100 calls
    expect(run({ ...cache, hits: 80, misses: 20, currsize: 20 })).not.toContain('HD10'); // 80 %: healthy
    expect(run({ ...cache, hits: 60, misses: 39 })).not.toContain('HD10'); // 99 calls: too few to judge
    expect(run({ ...cache, file: '/usr/lib/python3.11/fnmatch.py' })).not.toContain('HD10');
    expect(codes(build(fill, { wallTime: 1, cpuTime: 1 }))).not.toContain('HD10'); // a profile from before caches
  });

  it('reads -X importtime output: top-level imports, heaviest first', () => {
    const stderr = [
      'import time: self [us] | cumulative | imported package',
      'import time:       300 |        300 |   _json',
      'import time:      1200 |       1500 | json',
      'import time:     90000 |     250000 | pandas',
    ].join('\n');
    expect(parseImportTime(stderr).map((m) => m.module)).toEqual(['pandas', 'json']);
  });

  it('merges -X importtime rows by top-level package, never counting a nested import twice', () => {
    const stderr = [
      'import time:       352 |        352 |     xml',
      'import time:      6096 |       6839 |   xml.dom',
      'import time:      2658 |      11200 | xml.dom.minidom',
      'import time:      1000 |       4000 | xml.sax',
      'import time:      1299 |      13630 | json',
    ].join('\n');
    const times = parseImportTime(stderr);
    expect(times.map((t) => t.module)).toEqual(['xml', 'json']);
    expect(times[0]!.cumulative).toBeCloseTo(0.0152, 6);
    expect(times[1]!.cumulative).toBeCloseTo(0.01363, 6);
    expect(totalImportTime(times)).toBeCloseTo(0.02883, 6);
  });

  it('HD04 gives the total and the heaviest from the same -X importtime run', () => {
    // the samples see less of the import than -X importtime does: 125 ms against 155 + 20 ms
    const importTimes = [{ module: 'numpy', cumulative: 0.155, self: 0.01 }, { module: 'json', cumulative: 0.02, self: 0.002 }];
    const d = startupDiagnosis(0.125, 0.2, importTimes);
    expect(d?.message).toMatch(/^Importing modules took 175 ms .*heaviest: numpy 155 ms, json 20 ms$/);
    expect(d?.figures.importTime).toBeCloseTo(0.175, 3);
    expect(d?.figures.sampledImportTime).toBeCloseTo(0.125, 3);
  });
});
