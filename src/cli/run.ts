// `hotspy run`: profile the program, check its source, print the ranked advice; exits with the
// program's own status. Flags -> doctor/run-program -> a reporter.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { targetOf } from './profile.js';
import { censusFlag, positiveInteger, withProfileOptions, type ProfileFlags } from './profile-options.js';
import { useColor } from './color.js';
import { targetVersionArgument } from './options.js';
import type { SetExit } from './commands.js';

const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface RunFlags extends ProfileFlags {
  format: Format;
  html?: string;
  includeLibs?: boolean;
  output?: string;
  targetVersion?: string;
}

export function runCommand(setExit: SetExit): Command {
  return withProfileOptions(new Command('run'))
    .description('Profile a Python program, check its source, and print what to fix first (also: hotspy script.py)')
    .option('--html <file>', 'also write the HTML report (flame graph, per-line heat, advice)')
    .addOption(new Option('--format <format>', 'how to print the advice').choices(FORMATS).default('text'))
    .option('--output <file>', "write the report to a file instead of stdout (the program's own output stays on stdout)")
    .option('--include-libs', 'also check the standard library and installed packages the profile shows')
    .option(
      '--target-version <version>',
      'oldest Python the code runs on: 3.8 to 3.14 (or py38...py314); default from [tool.hotspy] target-version, else the profiled interpreter\'s version',
      targetVersionArgument,
    )
    .option('--top <n>', 'pieces of advice shown in the text report (default 5)', positiveInteger)
    .action(async (script: string | undefined, args: string[], flags: RunFlags) => {
      const { target, programArgs } = targetOf(script, args, flags.module);
      const { runProgram } = await import('../doctor/run-program.js');
      const result = await runProgram({
        target,
        args: programArgs,
        mode: flags.mode,
        rate: flags.rate,
        memory: flags.memory,
        memoryMode: flags.memoryMode,
        children: flags.children,
        census: censusFlag(flags.census),
        timeout: flags.timeout,
        python: flags.python,
        out: flags.out,
        includeLibs: flags.includeLibs,
        targetVersion: flags.targetVersion,
      });
      setExit(result.run.exitCode, 'program');
      let htmlPath: string | undefined;
      if (flags.html) {
        const { writeRunHtml } = await import('../doctor/run-program.js');
        htmlPath = resolve(flags.html);
        await writeRunHtml(result, htmlPath, process.cwd());
      }
      const color = !flags.output && useColor();
      const text = await render(flags.format, result.report, { htmlPath, profilePath: result.run.profilePath, top: flags.top, color });
      if (flags.output) await writeFile(flags.output, text);
      else process.stdout.write(text);
    });
}

async function render(
  format: Format,
  report: import('../doctor/types.js').DoctorReport,
  extra: { htmlPath?: string; profilePath: string; top?: number; color: boolean },
): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../report/run-json.js')).renderRunJson(report, extra);
    case 'markdown':
      return (await import('../report/run-markdown.js')).renderRunMarkdown(report);
    case 'sarif': {
      const { renderCheckSarif } = await import('../report/check-sarif.js');
      const { allRules } = await import('../rules/index.js');
      const result = { findings: report.findings, errors: [], filesChecked: report.files.length, filesCached: 0 };
      return renderCheckSarif(result, { cwd: process.cwd(), rules: allRules });
    }
    default: {
      const { renderRunText } = await import('../report/run-text.js');
      return renderRunText(report, extra);
    }
  }
}
