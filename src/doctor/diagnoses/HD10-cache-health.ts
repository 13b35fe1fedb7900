// HD10 cache-health: the user's lru_caches as `cache_info()` saw them at exit. A cache that misses
// most of its calls costs a hash, a lock and memory per call and saves little; a full bounded
// cache that keeps missing evicts entries it is asked for again.
import { percent } from '../advise.js';
import type { CacheStats } from '../../profile/model.js';
import { isHotspyHarnessFile, isLibraryFile } from '../user-code.js';
import { round, type DiagnosisCheck } from './context.js';

/** RULES.md: a cache below this hit ratio is not paying for itself. */
const MIN_HIT_RATIO = 0.8;
/** Fewer calls than this say nothing about the cache, whatever the ratio. */
const MIN_CALLS = 100;
/** At most this many caches are named in the message; figures keep the worst one. */
const SHOWN = 3;

interface Verdict {
  cache: CacheStats;
  calls: number;
  ratio: number;
  /** Full and bounded: the misses are (also) evictions, a larger maxsize may keep the working set. */
  full: boolean;
}

export function judgeCache(cache: CacheStats): Verdict | undefined {
  const calls = cache.hits + cache.misses;
  if (calls < MIN_CALLS) return undefined;
  const ratio = cache.hits / calls;
  if (ratio >= MIN_HIT_RATIO) return undefined;
  const full = cache.maxsize !== null && cache.maxsize > 0 && cache.currsize >= cache.maxsize;
  return { cache, calls, ratio, full };
}

function remedy(v: Verdict): string {
  const c = v.cache;
  if (v.full) {
    // The working set is unknown from cache_info(); an unbounded run measures it as currsize.
    return `raise maxsize above ${c.maxsize} (a run with maxsize=None shows the working set as its currsize), or drop the cache if its arguments rarely repeat`;
  }
  if (c.maxsize === 0) return 'maxsize=0 caches nothing: give it a size or remove the decorator';
  return 'its arguments rarely repeat: drop the cache (it costs a hash and memory per call), or cache a narrower function whose arguments do repeat';
}

export const cacheHealth: DiagnosisCheck = {
  code: 'HD10',
  name: 'cache-health',
  check({ profile, isUser, displayPath }) {
    const verdicts = (profile.meta.caches ?? [])
      // A module the sampler never landed in is still the user's: the harness already kept libraries out.
      .filter((c) => isUser(c.file) || (!isLibraryFile(c.file) && !isHotspyHarnessFile(c.file)))
      .map(judgeCache)
      .filter((v): v is Verdict => v !== undefined)
      .sort((a, b) => b.cache.misses - a.cache.misses);
    if (verdicts.length === 0) return undefined;
    const describe = (v: Verdict): string => {
      const c = v.cache;
      const size = `${c.currsize}/${c.maxsize === null ? 'unbounded' : `maxsize=${c.maxsize}`}`;
      return `${c.name} (${displayPath(c.file)}:${c.line}): ${c.hits} hits, ${c.misses} misses, hit ratio ${percent(v.ratio)}, size ${size}${v.full ? ', full: evicting' : ''}; ${remedy(v)}`;
    };
    const worst = verdicts[0]!;
    const more = verdicts.length > SHOWN ? `; and ${verdicts.length - SHOWN} more` : '';
    return {
      code: 'HD10',
      name: 'cache-health',
      message: `${verdicts.length === 1 ? 'A cache' : `${verdicts.length} caches`} of your code hit less than ${percent(MIN_HIT_RATIO)} of the time: ${verdicts.slice(0, SHOWN).map(describe).join('; ')}${more}`,
      advice:
        'A full bounded cache that keeps missing evicts what it needs again: raise `maxsize` to hold the working set. A cache whose arguments rarely repeat only adds cost: remove it',
      figures: {
        caches: verdicts.length,
        function: worst.cache.name,
        location: `${displayPath(worst.cache.file)}:${worst.cache.line}`,
        hits: worst.cache.hits,
        misses: worst.cache.misses,
        hitRatio: round(worst.ratio),
        currsize: worst.cache.currsize,
        maxsize: worst.cache.maxsize === null ? 'unbounded' : worst.cache.maxsize,
      },
      priority: 5,
    };
  },
};
