// `hotspy run`: profile the program, check its source, print the ranked advice; exits with the
// program's own status. Flags -> doctor/run-program -> a reporter.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { targetOf } from './profile.js';

const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface RunFlags {
  mode: 'sample' | 'trace';
  rate?: number;
  memory?: boolean;
  timeout?: number;
  python?: string;
  out: string;
  format: Format;
  module?: string;
  html?: string;
  includeLibs?: boolean;
  top?: number;
  output?: string;
}

export function runCommand(setExit: (code: number) => void): Command {
  return new Command('run')
    .description('Profile a Python program, check its source, and print what to fix first (also: hotspy script.py)')
    .usage('[options] (script.py | -m module) [args...]')
    .argument('[script]', 'the Python script to run')
    .argument('[args...]', "the program's own arguments, passed through untouched")
    .addOption(new Option('--mode <mode>', 'sample: low overhead, wall and CPU time per line; trace: cProfile, exact call counts').choices(['sample', 'trace']).default('sample'))
    .option('--rate <hz>', 'samples per second in sample mode (default 1000)', positiveNumber)
    .option('--memory', 'also record memory allocations with tracemalloc (slows the program down)')
    .option('--timeout <seconds>', 'stop the program after this long, keep the partial profile, exit 124', positiveNumber)
    .option('--python <path>', 'the Python interpreter to run (default python3)')
    .option('-o, --out <file>', 'where to write the profile', 'hotspy-profile.json')
    .option('--html <file>', 'also write the HTML report (flame graph, per-line heat, advice)')
    .addOption(new Option('--format <format>', 'how to print the advice').choices(FORMATS).default('text'))
    .option('--include-libs', 'also check the standard library and installed packages the profile shows')
    .option('--output <file>', "write the report to a file instead of stdout (the program's own output stays on stdout)")
    .option('--top <n>', 'pieces of advice shown in the text report (default 5)', positiveInteger)
    .option('-m, --module <module>', 'run a library module as a script, like python -m')
    .passThroughOptions()
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (script: string | undefined, args: string[], flags: RunFlags) => {
      const { target, programArgs } = targetOf(script, args, flags.module);
      const { runProgram } = await import('../doctor/run-program.js');
      const result = await runProgram({
        target,
        args: programArgs,
        mode: flags.mode,
        rate: flags.rate,
        memory: flags.memory,
        timeout: flags.timeout,
        python: flags.python,
        out: flags.out,
        includeLibs: flags.includeLibs,
      });
      let htmlPath: string | undefined;
      if (flags.html) {
        const { writeRunHtml } = await import('../doctor/run-program.js');
        htmlPath = resolve(flags.html);
        await writeRunHtml(result, htmlPath, process.cwd());
      }
      const color = !flags.output && process.stdout.isTTY === true && !process.env.NO_COLOR;
      const text = await render(flags.format, result.report, { htmlPath, profilePath: result.run.profilePath, top: flags.top, color });
      if (flags.output) await writeFile(flags.output, text);
      else process.stdout.write(text);
      setExit(result.run.exitCode);
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

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
}


