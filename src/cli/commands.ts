// Every command of the CLI, in help order. Each factory builds a commander Command whose
// action calls one library entry point and reports its exit status through `setExit`.
import type { Command } from 'commander';
import { benchCommand } from './bench.js';
import { checkCommand } from './check.js';
import { complexityCommand } from './complexity.js';
import { gateCommand } from './gate.js';
import { profileCommand } from './profile.js';
import { reportCommand } from './report.js';
import { ruleCommand } from './rule.js';
import { rulesCommand } from './rules.js';
import { runCommand } from './run.js';

/** `origin: 'program'` marks the profiled program's own status, kept even when stdout's reader left. */
export type SetExit = (code: number, origin?: 'program') => void;
export type CommandFactory = (setExit: SetExit) => Command;

export const commandFactories: CommandFactory[] = [
  runCommand,
  checkCommand,
  profileCommand,
  benchCommand,
  complexityCommand,
  gateCommand,
  reportCommand,
  rulesCommand,
  ruleCommand,
];
