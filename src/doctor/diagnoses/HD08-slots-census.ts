// HD08 slots-census: many live instances of a user class without `__slots__`, counted during the
// run, and the bytes a slots version would save (measured on the run's own interpreter). Advice
// only where the saving matters: 10 MB, or 10 % of the run's peak resident memory.
import { percent } from '../advise.js';
import type { SlotsClass } from '../../profile/model.js';
import { plural } from '../../plural.js';
import { isHotspyHarnessFile, isLibraryFile } from '../user-code.js';
import { round, seconds, type DiagnosisCheck } from './context.js';

const MIN_SAVED_BYTES = 10 * 1024 * 1024;
const MIN_SHARE_OF_PEAK = 0.1;
/** Below this no share of a small program's peak is worth a class rewrite. */
const FLOOR_BYTES = 1024 * 1024;
const SHOWN = 3;

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** True when the saving of `c` clears the threshold against the run's peak resident memory. */
export function worthSlots(c: SlotsClass, peakRss: number | undefined): boolean {
  const saved = c.bytesSaved ?? 0;
  if (saved >= MIN_SAVED_BYTES) return true;
  return peakRss !== undefined && peakRss > 0 && saved >= FLOOR_BYTES && saved >= MIN_SHARE_OF_PEAK * peakRss;
}

export const slotsCensus: DiagnosisCheck = {
  code: 'HD08',
  name: 'slots-census',
  check({ profile, isUser, displayPath }) {
    const peakRss = profile.meta.peakRss;
    const worth = (profile.meta.slots?.classes ?? [])
      .filter((c) => isUser(c.file) || (!isLibraryFile(c.file) && !isHotspyHarnessFile(c.file)))
      .filter((c) => worthSlots(c, peakRss))
      .sort((a, b) => (b.bytesSaved ?? 0) - (a.bytesSaved ?? 0));
    if (worth.length === 0) return undefined;
    const describe = (c: SlotsClass): string => {
      const share = peakRss ? ` (${percent((c.bytesSaved ?? 0) / peakRss)} of the ${megabytes(peakRss)} peak)` : '';
      return (
        `${c.name} (${displayPath(c.file)}:${c.line}): ${c.peak.toLocaleString('en-US')} live instances at ${seconds(c.peakTime)}, ` +
        `${plural(c.attributes ?? 0, 'attribute')} each; \`__slots__\` saves ${c.bytesPerInstance} bytes an instance, ${megabytes(c.bytesSaved ?? 0)}${share}`
      );
    };
    const top = worth[0]!;
    const more = worth.length > SHOWN ? `; and ${worth.length - SHOWN} more` : '';
    return {
      code: 'HD08',
      name: 'slots-census',
      message: `${worth.length === 1 ? 'A class' : `${worth.length} classes`} of your code without \`__slots__\` held many live instances: ${worth.slice(0, SHOWN).map(describe).join('; ')}${more}`,
      advice:
        'Add `__slots__ = (...)` naming every attribute (or `@dataclass(slots=True)` on 3.10+); keep `"__weakref__"` in it if instances are weakly referenced, and check that no code adds other attributes or reads `__dict__`',
      figures: {
        classes: worth.length,
        class: top.name,
        location: `${displayPath(top.file)}:${top.line}`,
        peakInstances: top.peak,
        peakTime: round(top.peakTime),
        attributes: top.attributes ?? 'unknown',
        bytesPerInstance: top.bytesPerInstance ?? 'unknown',
        bytesSaved: top.bytesSaved ?? 0,
        ...(peakRss ? { peakRss } : {}),
        censusCounts: profile.meta.slots?.counts ?? 0,
        censusSeconds: profile.meta.slots?.seconds ?? 0,
      },
      priority: 5,
    };
  },
};
