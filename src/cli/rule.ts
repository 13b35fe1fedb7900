// `hotspy rule HS101`: one rule's documentation, found by id or name.
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { useColor } from './color.js';

export function ruleCommand(setExit: (code: number) => void): Command {
  return new Command('rule')
    .description("Print a rule's documentation")
    .argument('<rule>', 'a rule id (HS101) or name (list-membership-in-loop)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .action(async (query: string, opts: { format: 'text' | 'markdown' | 'json' }) => {
      const { allRules } = await import('../rules/index.js');
      const docs = await import('../report/rule-docs.js');
      const found = docs.findRule(allRules, query);
      if (!('rule' in found)) {
        const hint = found.suggestions.length
          ? `did you mean ${found.suggestions.map((r) => `${r.id} (${r.name})`).join(' or ')}?`
          : 'run `hotspy rules` to list them';
        throw new UsageError(`unknown rule "${query}"`, { hint });
      }
      if (opts.format === 'json') process.stdout.write(docs.renderRuleJson(found.rule));
      else if (opts.format === 'markdown') process.stdout.write(docs.renderRuleMarkdown(found.rule));
      else process.stdout.write(docs.renderRuleText(found.rule, { color: useColor() }));
      setExit(0);
    });
}
