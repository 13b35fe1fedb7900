import type { Node } from '../python/parser.js';
import { calleeName, identifierNodes, isWithin, namedChildren, stringLiteral } from '../python/syntax.js';
import { defineRule, type RuleContext } from './define-rule.js';

type MessageId = 'heavy';

/**
 * Libraries whose import alone takes a noticeable share of a short run (hundreds of milliseconds for
 * most of them on a warm disk; `python3 -X importtime -c "import pandas"`).
 */
const HEAVY = new Set([
  'numpy', 'pandas', 'scipy', 'matplotlib', 'seaborn', 'plotly', 'torch', 'tensorflow', 'keras', 'jax', 'sklearn',
  'statsmodels', 'sympy', 'numba', 'polars', 'pyarrow', 'dask', 'xgboost', 'lightgbm', 'transformers', 'cv2',
  'nltk', 'spacy', 'boto3', 'botocore', 'networkx', 'bokeh', 'altair', 'skimage', 'tables', 'h5py',
]);

/** Heavy libraries that import others of the list themselves: while they stay at the top, those load anyway. */
const PULLS: Record<string, string[]> = {
  pandas: ['numpy'], scipy: ['numpy'], matplotlib: ['numpy'], numba: ['numpy'], bokeh: ['numpy'], cv2: ['numpy'],
  sklearn: ['numpy', 'scipy'], skimage: ['numpy', 'scipy'], xgboost: ['numpy', 'scipy'], lightgbm: ['numpy', 'scipy'],
  statsmodels: ['numpy', 'scipy', 'pandas'], seaborn: ['numpy', 'pandas', 'matplotlib'], plotly: ['numpy'],
  tables: ['numpy'], h5py: ['numpy'], torch: ['numpy'], tensorflow: ['numpy'], keras: ['numpy'], jax: ['numpy'],
  transformers: ['numpy', 'torch'], boto3: ['botocore'], nltk: ['numpy'], spacy: ['numpy'],
};

const BAD = `import argparse
import pandas as pd


def summarize(path):
    frame = pd.read_csv(path)
    print(frame.describe())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command")
    parser.add_argument("path")
    args = parser.parse_args()
    if args.command == "summary":
        summarize(args.path)


if __name__ == "__main__":
    main()
`;

const GOOD = `import argparse


def summarize(path):
    import pandas as pd

    frame = pd.read_csv(path)
    print(frame.describe())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command")
    parser.add_argument("path")
    args = parser.parse_args()
    if args.command == "summary":
        summarize(args.path)


if __name__ == "__main__":
    main()
`;

/** The `if __name__ == "__main__":` block at the top level, if any. */
function mainGuard(root: Node): Node | undefined {
  for (const stmt of namedChildren(root)) {
    if (stmt.type !== 'if_statement') continue;
    const cond = stmt.childForFieldName('condition');
    if (!cond || cond.type !== 'comparison_operator') continue;
    const parts = namedChildren(cond);
    const texts = parts.map((p) => (p.type === 'string' ? stringLiteral(p) : p.text));
    if (texts.includes('__name__') && texts.includes('__main__')) return stmt;
  }
  return undefined;
}

/** Functions the main block calls unconditionally (`main()`, `sys.exit(main())`, `raise SystemExit(main())`). */
function calledByMain(guard: Node): Set<string> {
  const names = new Set<string>();
  const consequence = guard.childForFieldName('consequence');
  for (const stmt of consequence ? namedChildren(consequence) : []) {
    const stack = [stmt];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (n.type === 'if_statement' || n.type === 'try_statement' || n.type === 'for_statement' || n.type === 'while_statement') continue;
      if (n.type === 'call') {
        const name = calleeName(n);
        if (name && !name.includes('.')) names.add(name);
      }
      for (const child of n.namedChildren) if (child) stack.push(child);
    }
  }
  return names;
}

/** Names a top-level import binds, with the heavy library behind each. */
function heavyBindings(stmt: Node): { name: string; library: string }[] {
  const out: { name: string; library: string }[] = [];
  if (stmt.type === 'import_statement') {
    for (const item of namedChildren(stmt)) {
      const dotted = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
      const alias = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : undefined;
      const library = dotted?.text.split('.')[0];
      if (!library || !HEAVY.has(library)) continue;
      out.push({ name: alias ?? library, library });
    }
  } else if (stmt.type === 'import_from_statement') {
    const library = stmt.childForFieldName('module_name')?.text.split('.')[0];
    if (!library || !HEAVY.has(library)) return out;
    for (const item of namedChildren(stmt).slice(1)) {
      if (item.type === 'wildcard_import') return [];
      const name = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : item.text;
      if (name && !name.includes('.')) out.push({ name, library });
    }
  }
  return out;
}

/** The top-level function (or method of a top-level class) whose body holds `node`, or undefined. */
function bodyOwner(node: Node): Node | undefined {
  let owner: Node | undefined;
  for (let current: Node | null = node; current; current = current.parent) {
    const parent: Node | null = current.parent;
    if (parent?.type === 'function_definition' && parent.childForFieldName('body')?.id === current.id) owner = parent;
    if (parent?.type === 'function_definition' && parent.childForFieldName('body')?.id !== current.id) owner = undefined; // signature: runs at def time
  }
  return owner;
}

/** Reads of `name`, and strings spelling it (names listed in `__all__` are re-exported: module-level uses). */
function references(root: Node, name: string): Node[] {
  const strings: Node[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === 'string' && stringLiteral(n) === name) strings.push(n);
    for (const child of n.namedChildren) if (child) stack.push(child);
  }
  return [...identifierNodes(root, name), ...strings];
}

/**
 * Every top-level import of one heavy library: the library loads once any of them runs, so the move
 * gains only when all the names they bind are used in the same one function. Reported once, at the
 * first statement.
 */
function check(ctx: RuleContext<MessageId>, root: Node, mainCalls: Set<string>): void {
  const byLibrary = new Map<string, { stmts: Node[]; names: string[] }>();
  for (const stmt of namedChildren(root)) {
    if (stmt.type !== 'import_statement' && stmt.type !== 'import_from_statement') continue;
    for (const { name, library } of heavyBindings(stmt)) {
      const entry = byLibrary.get(library) ?? { stmts: [], names: [] };
      if (!entry.stmts.includes(stmt)) entry.stmts.push(stmt);
      entry.names.push(name);
      byLibrary.set(library, entry);
    }
  }
  const movable = new Map<string, { fn: Node; stmts: Node[]; names: string[] }>();
  for (const [library, { stmts, names }] of byLibrary) {
    if (names.some((name) => (ctx.facts.module.bindings.get(name) ?? []).length !== 1)) continue;
    const owners: (Node | undefined)[] = [];
    for (const name of names) {
      const uses = stmts.reduce<Node[]>((found, stmt) => found.filter((n) => !isWithin(n, stmt)), references(root, name));
      if (uses.length === 0) owners.push(undefined);
      for (const use of uses) owners.push(bodyOwner(use));
    }
    const first = owners[0];
    if (!first || owners.some((o) => o?.id !== first.id)) continue;
    const fnName = first.childForFieldName('name')?.text ?? '';
    // the function runs on every start anyway: moving the import saves nothing
    if (mainCalls.has(fnName)) continue;
    movable.set(library, { fn: first, stmts, names });
  }
  for (const [library, { fn: first, stmts, names }] of movable) {
    // a library that stays at the top and imports this one loads it anyway (pandas loads numpy)
    if ([...byLibrary.keys()].some((other) => other !== library && !movable.has(other) && PULLS[other]?.includes(library))) continue;
    const fnName = first.childForFieldName('name')?.text ?? '';
    ctx.report({
      node: stmts[0],
      messageId: 'heavy',
      data: { statement: stmts[0].text.split('\n')[0], library, name: names.join('`, `'), fn: fnName, line: first.startPosition.row + 1 },
      related: [first.childForFieldName('name') ?? first, ...stmts.slice(1)],
    });
  }
}

export default defineRule<MessageId>({
  id: 'HS406',
  name: 'heavy-import-at-module-level',
  tier: 4,
  severity: 'info',
  equivalents: [],
  fixable: false,
  messages: {
    heavy: '`{{statement}}` loads {{library}} on every start of this script, but `{{name}}` is used only in `{{fn}}()` (line {{line}}): import it there',
  },
  docs: {
    summary: 'A heavy library imported at the top of a script that needs it in one function only',
    what:
      'Checks, in a script with an `if __name__ == "__main__":` block, for a top-level `import` of a heavy library ' +
      '(numpy, pandas, scipy, matplotlib, torch, tensorflow, sklearn and the like) when every name the top-level ' +
      'imports of that library bind is used only inside the body of the same one function, and that function is ' +
      'not called unconditionally by the main block. One finding per library, at its first import.',
    why:
      'Importing a heavy library takes a large share of a short run on every start of the script (measured on a ' +
      'loaded machine: numpy 0.25-0.49 s, pandas 1.5-3.1 s, against 7-9 ms for a bare interpreter; ' +
      'docs/measured-claims.md), also for `--help` and for the subcommands that never touch the library. For a command-line ' +
      'tool run many times a day that is most of its wall time (`python3 -X importtime script.py` shows it; ' +
      '`hotspy run` reports it as HD04 slow-startup). Imported inside the function, the cost is paid only when the ' +
      'function runs, once: later imports are a dictionary lookup in `sys.modules`.',
    example: { bad: BAD, good: GOOD },
    fix:
      'Move the import into the function that uses it. Keep it at the top when the main path always needs it, or ' +
      'when importing has side effects the rest of the script relies on (a backend selected with `matplotlib.use`, ' +
      'a plugin registered at import).',
    notes:
      'Silent when the name is used at module level, in a function signature, decorator or default (evaluated at ' +
      'definition time), in more than one function, listed in `__all__`, bound twice, or when the one function is ' +
      'called unconditionally from the main block (every run pays for it anyway), or when another heavy library ' +
      'that stays at the top imports it anyway (pandas, scipy, matplotlib and most others load numpy). Modules ' +
      'without a main block are libraries: their importers decide. A module inside a heavy package (its own ' +
      '`__init__` loads the library first) cannot be told from its text: moving its import gains nothing.',
  },
  create(ctx) {
    return {
      module(root: Node) {
        const guard = mainGuard(root);
        if (guard) check(ctx, root, calledByMain(guard));
      },
    };
  },
});
