// The registry: every rule, in id order. test/rules/registry.test.ts checks that each file
// under src/rules/ named HS<id>-<name>.ts is listed here.
import type { Rule } from './define-rule.js';
import HS101 from './HS101-list-membership-in-loop.js';
import HS104 from './HS104-string-concat-in-loop.js';
import HS105 from './HS105-list-concat-in-loop.js';
import HS106 from './HS106-sort-in-loop.js';
import HS107 from './HS107-list-front-operations.js';
import HS108 from './HS108-list-search-method-in-loop.js';
import HS109 from './HS109-array-append-in-loop.js';
import HS110 from './HS110-exponential-recursion.js';
import HS103 from './HS103-quadratic-pairwise-loop.js';
import HS102 from './HS102-linear-search-loop.js';
import HS201 from './HS201-unbounded-cache.js';
import HS202 from './HS202-cache-on-method.js';
import HS203 from './HS203-cache-on-impure-function.js';
import HS204 from './HS204-cached-mutable-result.js';
import HS205 from './HS205-regex-compile-in-loop.js';
import HS206 from './HS206-loop-invariant-pure-call.js';
import HS308 from './HS308-unnecessary-list-copy.js';
import HS307 from './HS307-dict-keys-misuse.js';
import HS304 from './HS304-manual-comprehension.js';
import HS305 from './HS305-materialized-argument.js';
import HS309 from './HS309-try-except-in-loop.js';
import HS310 from './HS310-map-lambda.js';
import HS306 from './HS306-index-loop.js';
import HS301 from './HS301-manual-counter.js';
import HS302 from './HS302-manual-grouping.js';
import HS303 from './HS303-manual-aggregate.js';
import HS401 from './HS401-whole-file-read.js';
import HS402 from './HS402-materialized-pipeline.js';
import HS403 from './HS403-slots-candidate.js';
import HS406 from './HS406-heavy-import-at-module-level.js';
import HS407 from './HS407-print-in-loop.js';
import HS503 from './HS503-numpy-elementwise-loop.js';
import HS504 from './HS504-numpy-vectorize.js';
import HS508 from './HS508-numeric-hot-loop.js';
import HS505 from './HS505-pandas-row-iteration.js';
import HS506 from './HS506-pandas-cellwise-writes.js';
import HS507 from './HS507-column-order-access.js';
import HS509 from './HS509-pandas-groupby-apply.js';
import HS601 from './HS601-threads-for-cpu-work.js';

export const allRules: readonly Rule[] = [
  HS101,
  HS104,
  HS105,
  HS106,
  HS107,
  HS108,
  HS109,
  HS110,
  HS103,
  HS102,
  HS201,
  HS202,
  HS203,
  HS204,
  HS205,
  HS206,
  HS308,
  HS307,
  HS304,
  HS305,
  HS309,
  HS310,
  HS306,
  HS301,
  HS302,
  HS303,
  HS401,
  HS402,
  HS403,
  HS406,
  HS407,
  HS503,
  HS504,
  HS508,
  HS505,
  HS506,
  HS507,
  HS509,
  HS601,
].sort((a, b) => a.id.localeCompare(b.id));

export function ruleById(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id.toUpperCase());
}
