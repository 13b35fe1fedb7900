// `hotspy rules`: the registry -> a table or JSON on stdout.
import { Command, Option } from 'commander';
import { useColor } from './color.js';

export function rulesCommand(setExit: (code: number) => void): Command {
  return new Command('rules')
    .description('List the rules: id, name, tier, severity, fixable, equivalents')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { format: 'text' | 'json' }) => {
      const { allRules } = await import('../rules/index.js');
      const { renderRulesJson, renderRulesTable } = await import('../report/rule-docs.js');
      process.stdout.write(opts.format === 'json' ? renderRulesJson(allRules) : renderRulesTable(allRules, { color: useColor() }));
      setExit(0);
    });
}
