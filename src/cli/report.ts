// `hotspy report FILE`: read any supported profile and print its summary or convert it.
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { positiveInteger } from './profile-options.js';
import { useColor } from './color.js';

const FORMATS = ['text', 'json', 'speedscope', 'collapsed', 'pprof'] as const;
type Format = (typeof FORMATS)[number];

export interface ReportFlags {
  format: Format;
  output?: string;
  top?: number;
  verbose?: boolean;
  html?: string;
  advice?: boolean;
}

export function reportCommand(setExit: (code: number) => void): Command {
  return new Command('report')
    .description('Read a profile (hotspy JSON, cProfile .prof, speedscope, collapsed stacks, pprof) and print or convert it')
    .argument('<file>', 'the profile to read; its format is detected from its content')
    .addOption(new Option('--format <format>', 'a text summary, or the profile converted to another format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--top <n>', 'rows per table in the text summary', positiveInteger)
    .option('--verbose', 'say which format the file was read as')
    .option('--html <file>', "also write the HTML report; the profile's source files are checked too when they can be read")
    .option('--advice', 'print the ranked advice for the profiled code, as `hotspy run` does (its source files must be readable)')
    .action(async (file: string, flags: ReportFlags) => {
      if (flags.format === 'pprof' && flags.output === undefined && process.stdout.isTTY) {
        throw new UsageError('pprof output is binary and stdout is a terminal', { hint: `write it to a file: hotspy report ${file} --format pprof -o profile.pb.gz` });
      }
      const { readProfileFile } = await import('../profile/import/index.js');
      const profile = await readProfileFile(file, { verbose: flags.verbose ? (msg) => process.stderr.write(`hotspy: ${msg}\n`) : undefined });
      if (flags.html !== undefined) {
        const { writeProfileHtml } = await import('../doctor/run-program.js');
        await writeProfileHtml(profile, flags.html, process.cwd());
        process.stderr.write(`hotspy: HTML report written to ${flags.html}\n`);
      }
      let output: string | Uint8Array;
      if (flags.advice) {
        if (flags.format !== 'text') throw new UsageError('--advice prints text; use it without --format');
        const { diagnoseProfile } = await import('../doctor/run-program.js');
        const { renderRunText } = await import('../report/run-text.js');
        const { report } = await diagnoseProfile(profile, { cwd: profile.meta.cwd ?? process.cwd() });
        output = renderRunText(report, { profilePath: file, top: flags.top, color: flags.output === undefined && useColor() });
      } else if (flags.format === 'text') {
        const { renderProfileText } = await import('../report/profile-text.js');
        const toTerminal = flags.output === undefined && useColor();
        output = renderProfileText(profile, { color: toTerminal, top: flags.top });
      } else {
        const { exportProfile } = await import('../profile/export/index.js');
        output = exportProfile(profile, flags.format);
      }
      if (flags.output !== undefined) {
        await writeFile(flags.output, output);
        process.stderr.write(`hotspy: wrote ${flags.format} to ${flags.output}\n`);
      } else {
        process.stdout.write(output);
      }
      setExit(0);
    });
}
