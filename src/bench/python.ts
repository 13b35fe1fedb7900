// Which python3 runs the benchmarks. Resolved once to the real executable: version-manager
// shims (pyenv, asdf) are shell scripts that add ~80 ms per process and hide the interpreter
// from valgrind, which would then count the shim's shell instead.
import { execFileSync } from 'node:child_process';
import { harnessFile } from '../assets.js';
import { HarnessError } from '../errors.js';
import { defaultPython } from '../profile/runner.js';

export interface PythonInfo {
  executable: string;
  version: string;
  implementation: string;
}

let cached: PythonInfo | undefined;

export function resolvePython(): PythonInfo {
  if (cached) return cached;
  const command = defaultPython();
  let out: string;
  try {
    out = execFileSync(
      command,
      ['-c', 'import sys, platform; print(sys.executable); print(platform.python_version()); print(platform.python_implementation())'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 },
    );
  } catch (error) {
    throw new HarnessError(`cannot run ${command}`, {
      cause: error,
      hint: 'install Python 3.8+ as `python3`, or point HOTSPY_PYTHON at an interpreter',
    });
  }
  const [executable, version, implementation] = out.trim().split('\n');
  cached = { executable: executable || command, version: version ?? 'unknown', implementation: implementation ?? 'unknown' };
  return cached;
}

/** The timing worker, in the harness directory of every layout (see assets.ts). */
export function runnerPath(): string {
  return harnessFile('bench_runner.py');
}

/** The gate's built-in reference workload (see hotspy_calibration.py), beside the runner. */
export function calibrationPath(): string {
  return harnessFile('hotspy_calibration.py');
}
