// `# hotspy: ignore[HS101]`, `# hotspy: ignore`, `# noqa: HS101` and bare `# noqa` on a line.

const DIRECTIVE = /#\s*(?:hotspy:\s*ignore(?:\[([^\]]*)\])?|noqa(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?)/gi;

/** Per line (1-based): `'all'` or the set of suppressed codes. */
export type Suppressions = Map<number, 'all' | Set<string>>;

export function findSuppressions(text: string): Suppressions {
  const result: Suppressions = new Map();
  if (!text.includes('#')) return result;
  let line = 1;
  const lines = text.split('\n');
  for (const content of lines) {
    if (content.includes('#')) {
      DIRECTIVE.lastIndex = 0;
      for (let m = DIRECTIVE.exec(content); m; m = DIRECTIVE.exec(content)) {
        const list = m[1] ?? m[2];
        const codes = list === undefined ? undefined : list.split(/[\s,]+/).filter(Boolean).map((c) => c.toUpperCase());
        const current = result.get(line);
        if (!codes || codes.length === 0) result.set(line, 'all');
        else if (current !== 'all') result.set(line, new Set([...(current ?? []), ...codes]));
      }
    }
    line++;
  }
  return result;
}

export function isSuppressed(suppressions: Suppressions, line: number, rule: string): boolean {
  const entry = suppressions.get(line);
  if (!entry) return false;
  return entry === 'all' || entry.has(rule);
}
