// Binding kinds of NumPy and pandas values, read from a real Python file: every bare expression
// statement marked `# kind: K` must be reported as K (and no other kind).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileFacts } from '../../src/python/facts.js';
import { initPython, parsePython, type Node } from '../../src/python/parser.js';

const path = new URL('../fixtures/python/array_kinds.py', import.meta.url).pathname;

beforeAll(async () => {
  await initPython();
});

describe('array and frame kinds', () => {
  it('every `# kind:` line of array_kinds.py', () => {
    const text = readFileSync(path, 'utf8');
    const tree = parsePython(text);
    try {
      const facts = new FileFacts(tree, text, new Set());
      const lines = text.split('\n');
      const problems: string[] = [];
      let checked = 0;
      const visit = (node: Node) => {
        if (node.type === 'expression_statement' || node.type === 'return_statement') {
          const row = node.startPosition.row;
          const marker = /# kind: (\w+)/.exec(lines[row]);
          const expr = node.namedChildren[0];
          if (marker && expr) {
            checked++;
            const got = facts.bindings.kindOf(expr);
            if (got !== marker[1]) problems.push(`array_kinds.py:${row + 1}: expected ${marker[1]}, got ${got}: ${lines[row].trim()}`);
          }
        }
        for (const child of node.namedChildren) if (child) visit(child);
      };
      visit(tree.rootNode);
      expect(problems.join('\n')).toBe('');
      expect(checked).toBe(lines.filter((l) => /# kind: \w+/.test(l)).length - 1);
    } finally {
      tree.delete();
    }
  });
});
