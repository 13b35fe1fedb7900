// Runtime type observation (issue 8): the census recorded the operand's type on hot candidate
// lines whose kind the static facts did not know (python/runtime-kinds.ts). Where every
// observation agreed, the rules run again on that file with the observed kind overlaid, so
// HS101 / HS107 / HS108 report with their own logic (invariance, growing lists, queues) and the
// run's type as evidence. A kind the run did not see stays unknown: the rules stay silent.
import type { Finding } from '../check/finding.js';
import { lintSource } from '../check/lint-source.js';
import type { CensusSite, Profile } from '../profile/model.js';
import type { ValueKind } from '../python/bindings.js';
import { kindOfObservation, observedKey } from '../python/runtime-kinds.js';
import { ruleById } from '../rules/index.js';

const OBSERVED_RULES = ['HS101', 'HS107', 'HS108'];

/** Findings the observed kinds add to the static ones (absolute paths, like `findings`). */
export function observedKindFindings(
  profile: Profile,
  sources: ReadonlyMap<string, string>,
  findings: readonly Finding[],
): Finding[] {
  const sites = (profile.census?.sites ?? []).filter((s) => s.observations > 0);
  if (sites.length === 0) return [];
  const rules = OBSERVED_RULES.map((id) => ruleById(id)).filter((r) => r !== undefined);
  const targetVersion = versionOf(profile.meta.python);
  const byFile = new Map<string, { kinds: Map<string, ValueKind>; sites: CensusSite[] }>();
  for (const site of sites) {
    const kind = kindOfObservation(site.types);
    if (!kind) continue;
    const entry = byFile.get(site.file) ?? { kinds: new Map<string, ValueKind>(), sites: [] as CensusSite[] };
    entry.kinds.set(observedKey(site.line, site.expression), kind);
    entry.sites.push(site);
    byFile.set(site.file, entry);
  }
  const known = new Set(findings.map((f) => `${f.path}:${f.line}:${f.rule}`));
  const added: Finding[] = [];
  for (const [file, { kinds, sites: fileSites }] of byFile) {
    const text = sources.get(file);
    if (text === undefined) continue;
    const { findings: again } = lintSource(file, text, rules, { targetVersion }, kinds);
    for (const f of again) {
      if (known.has(`${f.path}:${f.line}:${f.rule}`)) continue;
      const site = fileSites.find((s) => s.line >= f.line && s.line <= f.endLine);
      if (!site) continue; // a finding the overlay did not cause (a static one under a suppression filter)
      known.add(`${f.path}:${f.line}:${f.rule}`);
      const type = site.types[0]!;
      const evidence = `observed at run time: \`${site.expression}\` was a ${type.type} on all ${site.observations} checks (up to ${type.maxLen} items)`;
      added.push({ ...f, confidence: 'high', evidence, message: `${f.message} (${evidence})` });
    }
  }
  return added;
}

function versionOf(python: string | undefined): [number, number] {
  const m = /^(\d+)\.(\d+)/.exec(python ?? '');
  return m ? [Number(m[1]), Number(m[2])] : [3, 10];
}
