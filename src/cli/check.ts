// `hotspy check [paths...]`: flags -> checkPaths -> reporter -> exit status
// (0 clean, 1 findings or per-file errors, 2 nothing could be checked or bad usage/config).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { CheckResult } from '../check/result.js';
import { HotspyError } from '../errors.js';
import { checkOptions, type CheckFlags } from './options.js';
import { useColor } from './color.js';
import { nounFor } from '../plural.js';

export function checkCommand(setExit: (code: number) => void): Command {
  const command = new Command('check')
    .description('Scan Python files for performance anti-patterns (static, nothing is run)')
    .argument('[paths...]', 'files or folders to check', []);
  for (const option of checkOptions()) command.addOption(option);
  return command.action(async (paths: string[], flags: CheckFlags) => {
    setExit(await runCheck(paths, flags));
  });
}

async function runCheck(paths: string[], flags: CheckFlags): Promise<number> {
  const { checkPaths } = await import('../check/index.js');
  const { renderCheckResult } = await import('../report/check-index.js');
  const cwd = process.cwd();
  const progress = progressLine();
  let result: CheckResult;
  try {
    result = await checkPaths(paths, {
      cwd,
      config: flags.config,
      select: flags.select,
      ignore: flags.ignore,
      targetVersion: flags.targetVersion,
      confidence: flags.confidence,
      cache: flags.cache,
      cacheDir: flags.cacheDir,
      fix: flags.fix,
      diff: flags.diff,
      onProgress: progress.update,
    });
  } finally {
    progress.clear();
  }

  const nothingChecked = result.filesChecked === 0 && result.errors.length > 0;
  if (result.filesChecked === 0 && result.errors.length === 0) {
    process.stderr.write(`hotspy: warning: no Python files found in ${paths.length ? paths.join(', ') : '.'}\n`);
  }

  if (flags.diff) {
    emit(result.diff ?? '', flags.output);
    for (const error of result.errors) process.stderr.write(`hotspy: error: ${error.path}: ${error.message}\n`);
    return nothingChecked ? 2 : result.diff ? 1 : 0;
  }

  const { readSourceText } = await import('../check/decode.js');
  const sources = new Map<string, string | undefined>();
  const readSource = (path: string) => {
    if (!sources.has(path)) sources.set(path, readSourceText(resolve(cwd, path)));
    return sources.get(path);
  };
  const color = !flags.output && flags.format === 'text' && useColor();
  emit(renderCheckResult(flags.format, result, { color, cwd, readSource }), flags.output);
  if (nothingChecked) return 2;
  return result.findings.length > 0 || result.errors.length > 0 ? 1 : 0;
}

function emit(text: string, output: string | undefined): void {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(output, text);
  } catch (error) {
    throw new HotspyError(`cannot write the report to ${output}`, { cause: error });
  }
}

/** `files done/total` on stderr when it is a terminal and the run takes over a second. */
function progressLine(): { update: (done: number, total: number) => void; clear: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, clear: () => {} };
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < 1000 || (now - last < 100 && done < total)) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\x1b[2Khotspy check: ${done}/${total} ${nounFor(total, 'file')}`);
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}
