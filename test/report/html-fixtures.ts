// Profiles and doctor reports the HTML report tests render: a small ETL run with one hot line,
// an I/O wait (wall but no CPU) and a cold finding, and the hostile-names profile.
import { join } from 'node:path';
import type { DoctorReport } from '../../src/doctor/types.js';
import { ProfileBuilder, type Profile } from '../../src/profile/model.js';
import { readProfileFile } from '../../src/profile/import/index.js';

export const HOSTILE_PROFILE = join(import.meta.dirname, '../fixtures/profiles/hostile/hostile-names.hotspy.json');

export const ETL_SOURCE = `import time


def load_reference():
    return [str(i) for i in range(5000)]


def wait_for_api():
    time.sleep(0.2)


def process_records(records, reference):
    kept = []
    for record in records:
        if record in reference:
            kept.append(record)
    return kept


def main():
    reference = load_reference()
    wait_for_api()
    records = [str(i) for i in range(20000)]
    return process_records(records, reference)


main()
`;

/** 4.6 s of wall time: 3.2 s in process_records (3.0 s on line 15), 1 s asleep in wait_for_api. */
export function etlProfile(): Profile {
  const b = new ProfileBuilder({ unit: 'seconds', hasCpu: true });
  const module = b.frame('<module>', 'etl.py', 1);
  const main = b.frame('main', 'etl.py', 20);
  const load = b.frame('load_reference', 'etl.py', 4);
  const wait = b.frame('wait_for_api', 'etl.py', 8);
  const sleep = b.frame('time.sleep', '', 0);
  const proc = b.frame('process_records', 'etl.py', 12);
  b.appendSample([module, main, proc], { wall: 3.0, cpu: 2.9, samples: 300 }, [27, 24, 15]);
  b.appendSample([module, main, proc], { wall: 0.2, cpu: 0.2, samples: 20 }, [27, 24, 16]);
  b.appendSample([module, main, wait, sleep], { wall: 1.0, cpu: 0.001, samples: 100 }, [27, 22, 9, 0]);
  b.appendSample([module, main, load], { wall: 0.3, cpu: 0.3, samples: 30 }, [27, 21, 5]);
  b.appendSample([module, main], { wall: 0.1, cpu: 0.1, samples: 10 }, [27, 23]);
  Object.assign(b.meta, {
    command: ['python3', 'etl.py'],
    mode: 'sample',
    rate: 100,
    python: '3.11.2',
    wallTime: 4.7,
    cpuTime: 3.5,
    peakRss: 52_428_800,
    threads: 1,
    samples: 460,
    exitCode: 0,
    gc: { time: 0.05, collections: [12, 3, 1], collected: [5000, 200, 10] },
  });
  return b.build('hotspy');
}

export function etlReport(profile: Profile): DoctorReport {
  const measured = { share: 0.7, cpuShare: 0.89, totalTime: 3.2, selfTime: 3.0, samples: 320, scope: 'loop' as const };
  return {
    version: 1,
    meta: profile.meta,
    shares: 'wall',
    advice: [
      {
        rank: 1,
        kind: 'finding',
        rule: 'HS101',
        name: 'list-membership-in-loop',
        tier: 1,
        severity: 'warning',
        path: 'etl.py',
        line: 15,
        endLine: 15,
        function: { name: 'process_records', line: 12 },
        message: '`record in reference` scans a list on every loop iteration',
        why: 'A list membership test is O(n); inside a loop it makes the loop O(n*m)',
        fix: 'Build a `set` from `reference` before the loop',
        gain: '10x-1000x',
        speedup: { low: 2.7, high: 3.3 },
        expectedSaving: 0.66,
        share: 0.7,
        cpuShare: 0.89,
        measured,
        source: '        if record in reference:',
      },
      {
        rank: 2,
        kind: 'hotspot',
        rule: 'HOT',
        name: 'hot-spot',
        tier: null,
        severity: 'info',
        path: 'etl.py',
        line: 9,
        endLine: 9,
        function: { name: 'wait_for_api', line: 8 },
        message: '`wait_for_api` holds 21% of the run with no static finding',
        why: 'Time spent here is waiting, not computing',
        fix: 'Overlap the wait with other work, or cache the response',
        gain: 'up to 21%',
        speedup: { low: 1.1, high: 1.1 },
        expectedSaving: 0.1,
        share: 0.21,
        cpuShare: 0,
        measured: null,
        questions: ['Is this waiting on I/O?', 'Is it called with the same arguments again and again?'],
      },
    ],
    cold: [
      {
        rank: 0,
        kind: 'finding',
        rule: 'HS105',
        name: 'comprehension-in-loop',
        tier: 3,
        severity: 'info',
        path: 'etl.py',
        line: 5,
        endLine: 5,
        message: 'a cold finding at `load_reference`',
        why: 'it is cold',
        fix: 'leave it',
        gain: '1.1x',
        speedup: { low: 1, high: 1.005 },
        expectedSaving: 0.001,
        share: 0.065,
        cpuShare: 0.09,
        measured: null,
      },
    ],
    diagnoses: [
      {
        code: 'HD01',
        name: 'io-bound',
        message: 'The process used the CPU for 74% of the wall time',
        advice: 'Overlap waiting with `asyncio` or threads',
        figures: { cpuWallRatio: 0.74, waitingShare: 0.21 },
        priority: 1,
      },
    ],
    findings: [
      {
        rule: 'HS101',
        name: 'list-membership-in-loop',
        tier: 1,
        severity: 'warning',
        path: 'etl.py',
        line: 15,
        column: 12,
        endLine: 15,
        endColumn: 31,
        message: '`record in reference` scans a list on every loop iteration',
        equivalents: [],
        fix: { description: 'Build a `set` from `reference` before the loop' },
        measured,
      },
      {
        rule: 'HS202',
        name: 'append-in-loop',
        tier: 2,
        severity: 'info',
        path: 'etl.py',
        line: 16,
        column: 12,
        endLine: 16,
        endColumn: 32,
        message: '`kept.append` in a loop could be a comprehension',
        equivalents: [],
        fix: null,
        measured: null,
      },
    ],
    files: ['etl.py'],
  };
}

const PWN_SCRIPT = '<script>window.__pwned=1</script>';
const PWN_IMG = '<img src=x onerror="window.__pwned=1">';

export const HOSTILE_STRINGS = [PWN_SCRIPT, PWN_IMG, '</style>', '</script>'];

export async function hostileProfile(): Promise<Profile> {
  return readProfileFile(HOSTILE_PROFILE);
}

/** A doctor report whose every free-text field carries markup, pointing into the hostile files. */
export function hostileReport(profile: Profile): DoctorReport {
  const path = profile.frames[1]!.file;
  const base = etlReport(profile);
  const advice = base.advice.map((a) => ({
    ...a,
    path,
    line: 4,
    endLine: 4,
    function: { name: PWN_IMG, line: 3 },
    message: `${PWN_SCRIPT} \`${PWN_IMG}\``,
    why: `</style>${PWN_IMG}`,
    fix: `</script>${PWN_SCRIPT}`,
    gain: PWN_IMG,
    source: PWN_SCRIPT,
    ...(a.questions ? { questions: [PWN_IMG] } : {}),
  }));
  return {
    ...base,
    meta: profile.meta,
    shares: 'wall',
    advice,
    cold: base.cold.map((a) => ({ ...a, path, message: PWN_SCRIPT })),
    diagnoses: [{ code: PWN_IMG, name: '</style>', message: PWN_SCRIPT, advice: PWN_IMG, figures: { [PWN_SCRIPT]: PWN_IMG }, priority: 1 }],
    findings: base.findings.map((f) => ({ ...f, path, rule: PWN_IMG, message: PWN_SCRIPT })),
    files: [path],
  };
}

/** Source text for the hostile file: markup on the profiled lines. */
export function hostileSources(profile: Profile): Map<string, string> {
  const lines = ['# hostile', `name = "${PWN_SCRIPT}"`, `def f():  # </style>`, `    return "${PWN_IMG}"`, '    </script>', '    pass'];
  return new Map([[profile.frames[1]!.file, lines.join('\n')]]);
}

/**
 * A parent waiting 2 s on two workers that each burn 1.9 s of CPU in `count`: the flame graph's
 * top levels are the processes, then their threads.
 */
export function poolProfile(): Profile {
  const b = new ProfileBuilder({ unit: 'seconds', hasCpu: true });
  const module = b.frame('<module>', 'pool.py', 1);
  const wait = b.frame('wait', 'threading.py', 300);
  const count = b.frame('count', 'pool.py', 9);
  const parent = b.levelFrame('process', 'process 100');
  const main = b.levelFrame('thread', 'thread MainThread');
  b.appendSample([parent, main, module, wait], { wall: 2.0, cpu: 0.05, samples: 200 }, [0, 0, 8, 320]);
  for (const pid of [101, 102]) {
    b.appendSample([b.levelFrame('process', `process ${pid}`), main, module, count], { wall: 1.95, cpu: 1.9, samples: 195 }, [0, 0, 7, 10]);
  }
  Object.assign(b.meta, {
    command: ['pool.py'],
    mode: 'sample',
    wallTime: 2.0,
    cpuTime: 3.85,
    pid: 100,
    processes: [
      { pid: 100, how: 'root', command: ['pool.py'], wallTime: 2.0, cpuTime: 0.05, exitCode: 0 },
      { pid: 101, ppid: 100, how: 'fork', command: ['pool.py'], wallTime: 1.95, cpuTime: 1.9, exitCode: 143 },
      { pid: 102, ppid: 100, how: 'fork', command: ['pool.py'], wallTime: 1.95, cpuTime: 1.9 },
    ],
    exitCode: 0,
  });
  return b.build('hotspy');
}
