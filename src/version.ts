import { readFileSync } from 'node:fs';

// Read once from package.json so the cache key and `--version` never drift from the release.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

export const HOTSPY_VERSION: string = pkg.version;
