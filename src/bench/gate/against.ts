// `--against REV`: the suite as it was at a git revision, extracted read-only with
// `git archive` into a temporary directory (no worktree, no change to the repository).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { UsageError } from '../../errors.js';

export interface AgainstSource {
  /** The old suite file to run. */
  suite: string;
  label: string;
  cleanup: () => void;
}

export function resolveAgainst(against: string, suite: string): AgainstSource {
  if (existsSync(against)) return { suite: resolve(against), label: against, cleanup: () => {} };
  const suitePath = resolve(suite);
  const git = (args: string[], cwd: string) =>
    execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let root: string;
  try {
    root = git(['rev-parse', '--show-toplevel'], dirname(suitePath));
  } catch {
    throw new UsageError(`--against ${against}: not a file, and ${suite} is not in a git repository`);
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${against}^{commit}`], root);
  } catch {
    throw new UsageError(`--against ${against}: neither a file nor a git revision`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'hotspy-against-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const tar = join(dir, 'tree.tar');
    git(['archive', '--format=tar', '-o', tar, against], root);
    execFileSync('tar', ['-xf', tar, '-C', dir], { stdio: 'ignore' });
  } catch (error) {
    cleanup();
    throw new UsageError(`--against ${against}: git archive failed`, { cause: error });
  }
  const old = join(dir, relative(root, suitePath));
  if (!existsSync(old)) {
    cleanup();
    throw new UsageError(`--against ${against}: ${relative(root, suitePath)} does not exist at that revision`);
  }
  return { suite: old, label: against, cleanup };
}
