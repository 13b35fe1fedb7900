// Rule selection with Ruff-like prefixes: `ALL`, `HS1` (tier 1), `HS10` (HS100-HS109), `HS101`.
// The most specific selector that matches a rule decides; on a tie `ignore` wins. A later layer
// (the CLI) starts over when it selects, and only removes rules when it merely ignores.

export interface SelectionLayer {
  select?: string[];
  ignore?: string[];
}

const SELECTOR = /^(ALL|HS\d{0,3})$/;

/** Canonical form of a selector, or undefined when it is not one. */
export function normalizeSelector(text: string): string | undefined {
  const upper = text.trim().toUpperCase();
  return SELECTOR.test(upper) ? upper : undefined;
}

export function selectorMatches(selector: string, ruleId: string): boolean {
  return selector === 'ALL' || ruleId.startsWith(selector);
}

/** Why a selector is unusable against the known rule ids, or undefined when it is fine. */
export function selectorProblem(text: string, ruleIds: readonly string[]): string | undefined {
  const selector = normalizeSelector(text);
  if (!selector) return `"${text}" is not a rule selector (ALL, a prefix like HS1 or HS10, or a code like HS101)`;
  if (!ruleIds.some((id) => selectorMatches(selector, id))) return `unknown rule selector "${text}": no rule starts with ${selector}`;
  return undefined;
}

function specificity(selector: string): number {
  return selector === 'ALL' ? 0 : selector.length;
}

/** Whether the layer turns the rule on (true), off (false), or does not mention it (undefined). */
function decide(layer: SelectionLayer, ruleId: string): boolean | undefined {
  let best = -1;
  let on: boolean | undefined;
  for (const raw of layer.select ?? []) {
    const s = normalizeSelector(raw);
    if (s && selectorMatches(s, ruleId) && specificity(s) > best) {
      best = specificity(s);
      on = true;
    }
  }
  for (const raw of layer.ignore ?? []) {
    const s = normalizeSelector(raw);
    if (s && selectorMatches(s, ruleId) && specificity(s) >= best) {
      best = specificity(s);
      on = false;
    }
  }
  return on;
}

/** The rule ids left on after applying the layers in order (a missing first `select` means ALL). */
export function selectRuleIds(ruleIds: readonly string[], layers: readonly SelectionLayer[]): string[] {
  const on = new Set<string>();
  layers.forEach((layer, index) => {
    const base: SelectionLayer = index === 0 && !layer.select ? { ...layer, select: ['ALL'] } : layer;
    if (base.select) on.clear();
    for (const id of ruleIds) {
      const verdict = decide(base, id);
      if (verdict === true && base.select) on.add(id);
      else if (verdict === false) on.delete(id);
    }
  });
  return ruleIds.filter((id) => on.has(id));
}

/** The rule ids a list of selectors names (for `per-file-ignores`). */
export function expandSelectors(selectors: readonly string[], ruleIds: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const raw of selectors) {
    const s = normalizeSelector(raw);
    if (!s) continue;
    for (const id of ruleIds) if (selectorMatches(s, id)) out.add(id);
  }
  return out;
}
