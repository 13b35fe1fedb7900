// Creates (once) the virtual environment with NumPy, pandas and Numba that numeric tests, examples
// and benchmarks run in. hotspy itself never needs it: its harness is standard library only.
// The folder name carries a hash of the constraints, so a change of pins builds a fresh one.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const constraintsFile = join(root, 'test', 'sci', 'constraints.txt');
const packages = ['numpy', 'pandas', 'numba'];

export function sciVenvDir() {
  if (process.env.HOTSPY_SCI_VENV) return resolve(process.env.HOTSPY_SCI_VENV);
  const digest = createHash('sha256').update(readFileSync(constraintsFile)).digest('hex').slice(0, 12);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hotspy-sci', digest);
}

export function sciPythonPath() {
  return join(sciVenvDir(), 'bin', 'python');
}

/** Returns the venv's python, building the venv first when it is missing or half-built. */
export function ensureSciVenv({ log = () => {} } = {}) {
  const dir = sciVenvDir();
  const done = join(dir, '.hotspy-complete');
  if (existsSync(done)) return sciPythonPath();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  log(`creating the NumPy/pandas/Numba environment in ${dir} (once)`);
  execFileSync(process.env.HOTSPY_SCI_BASE_PYTHON || 'python3', ['-m', 'venv', dir], { stdio: 'inherit' });
  const pip = [join(dir, 'bin', 'python'), '-m', 'pip', 'install', '--quiet', '--disable-pip-version-check'];
  execFileSync(pip[0], [...pip.slice(1), '-c', constraintsFile, ...packages], { stdio: 'inherit' });
  writeFileSync(done, `${new Date().toISOString()}\n`);
  return sciPythonPath();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${ensureSciVenv({ log: (m) => process.stderr.write(`${m}\n`) })}\n`);
}
