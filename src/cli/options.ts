// `hotspy check` flags as data: the help text comes from this table, and tests parse argv with it.
import { Option } from 'commander';
import { parseTargetVersionFlag } from '../config/target-version.js';

export const TARGET_VERSION_HELP =
  'oldest Python the code runs on: 3.8 to 3.14 (or py38...py314); default from [tool.hotspy] target-version, else requires-python in the nearest pyproject.toml, else 3.10';

/** Checks `--target-version` while parsing, so `hotspy run` refuses it before the program runs. */
export function targetVersionArgument(value: string): string {
  parseTargetVersionFlag(value);
  return value;
}

export interface CheckFlagSpec {
  flags: string;
  description: string;
  choices?: readonly string[];
  defaultValue?: string;
  /** Comma-separated values, repeatable: `--select HS1,HS301 --select HS2`. */
  list?: boolean;
}

export const checkFlagSpecs: readonly CheckFlagSpec[] = [
  { flags: '--select <codes>', description: 'rules to run, by code or prefix (HS1 = tier 1, HS10 = HS100-HS109, ALL); replaces the config\'s select', list: true },
  { flags: '--ignore <codes>', description: 'rules to skip, by code or prefix; added to the config\'s ignore', list: true },
  { flags: '--target-version <version>', description: TARGET_VERSION_HELP },
  { flags: '--confidence <level>', description: 'least confidence to report: high, medium (default) or low (all findings, also those the code shows run over a handful of items, and test files)', choices: ['high', 'medium', 'low'], defaultValue: 'medium' },
  { flags: '--format <format>', description: 'output format', choices: ['text', 'json', 'sarif', 'github'], defaultValue: 'text' },
  { flags: '-o, --output <file>', description: 'write the report to a file instead of stdout' },
  { flags: '--config <path>', description: 'use this pyproject.toml (or hotspy.toml) for every file instead of the nearest one' },
  { flags: '--fix', description: 'apply the safe fixes in place' },
  { flags: '--diff', description: 'print a unified diff of what --fix would change, without writing; exit 1 when there is one' },
  { flags: '--no-cache', description: 'neither read nor write .hotspy_cache/' },
  { flags: '--cache-dir <dir>', description: 'keep the cache here instead of .hotspy_cache/ in the project root' },
];

export interface CheckFlags {
  select?: string[];
  ignore?: string[];
  targetVersion?: string;
  confidence: 'high' | 'medium' | 'low';
  format: 'text' | 'json' | 'sarif' | 'github';
  output?: string;
  config?: string;
  fix?: boolean;
  diff?: boolean;
  cache: boolean;
  cacheDir?: string;
}

export function checkOptions(): Option[] {
  return checkFlagSpecs.map((spec) => {
    const option = new Option(spec.flags, spec.description);
    if (spec.choices) option.choices(spec.choices);
    if (spec.defaultValue !== undefined) option.default(spec.defaultValue);
    if (spec.list) option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), ...splitList(value)]);
    return option;
  });
}

function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
