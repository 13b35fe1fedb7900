// The modules a file imports at its top level, for `python3 -X importtime` runs.
import { namedChildren } from './syntax.js';
import { parsePython } from './parser.js';

/** Module names imported by top-level statements (`import a.b` -> `a.b`, `from c import d` -> `c`). */
export function topLevelImports(text: string): string[] {
  const tree = parsePython(text);
  try {
    const modules = new Set<string>();
    for (const stmt of namedChildren(tree.rootNode)) {
      if (stmt.type === 'import_statement') {
        for (const item of namedChildren(stmt)) {
          const name = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
          if (name?.type === 'dotted_name') modules.add(name.text);
        }
      } else if (stmt.type === 'import_from_statement') {
        const module = stmt.childForFieldName('module_name');
        if (module?.type === 'dotted_name') modules.add(module.text);
      }
    }
    return [...modules];
  } finally {
    tree.delete();
  }
}
