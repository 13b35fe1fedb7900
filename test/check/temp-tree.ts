// Temporary project trees for the check and config tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

/** Writes `files` (relative path -> content) under a fresh temp folder and returns it. */
export function tempTree(files: Record<string, string | Uint8Array>): string {
  const root = mkdtempSync(join(tmpdir(), 'hotspy-check-test-'));
  made.push(root);
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}

export function removeTempTrees(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** A loop that tests membership in a list: HS101 in any rule set. */
export const LIST_IN_LOOP = `names = ["a", "b", "c"]
for word in open("words.txt"):
    if word in names:
        print(word)
`;
