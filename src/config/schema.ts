// The `[tool.hotspy]` table: keys as written in TOML (kebab-case), each with its description,
// default and example, so the settings docs and the validation come from one place.
import { z } from 'zod';

export interface OptionDoc {
  description: string;
  default: string;
  example: string;
}

export const optionDocs: Record<string, OptionDoc> = {
  select: {
    description: 'Rules to enable, by code or prefix: `HS1` (tier 1), `HS10` (HS100-HS109), `HS101`, or `ALL`',
    default: '["ALL"]',
    example: 'select = ["HS1", "HS301"]',
  },
  ignore: {
    description: 'Rules to disable, by code or prefix; applied after `select`',
    default: '[]',
    example: 'ignore = ["HS105"]',
  },
  exclude: {
    description: 'Files and folders to skip, as gitignore patterns relative to the pyproject.toml folder (on top of .gitignore)',
    default: '[]',
    example: 'exclude = ["migrations/", "*_pb2.py"]',
  },
  'per-file-ignores': {
    description: 'Rules to disable in the files matching a glob (gitignore syntax, relative to the pyproject.toml folder)',
    default: '{}',
    example: '"per-file-ignores" = { "tests/**" = ["HS1"] }',
  },
  'target-version': {
    description: 'Oldest Python version the code must run on, "3.10" or "py310"; defaults to `[project] requires-python`, else 3.10',
    default: '"3.10"',
    example: 'target-version = "3.11"',
  },
};

const codes = z.array(z.string());

export const hotspyTableSchema = z.strictObject({
  select: codes.optional().describe(optionDocs.select.description),
  ignore: codes.optional().describe(optionDocs.ignore.description),
  exclude: z.array(z.string()).optional().describe(optionDocs.exclude.description),
  'per-file-ignores': z.record(z.string(), codes).optional().describe(optionDocs['per-file-ignores'].description),
  'target-version': z.string().optional().describe(optionDocs['target-version'].description),
});

export type HotspyTable = z.infer<typeof hotspyTableSchema>;

export const TABLE_KEYS = Object.keys(hotspyTableSchema.shape);
