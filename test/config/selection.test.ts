import { describe, expect, it } from 'vitest';
import { expandSelectors, selectorProblem, selectRuleIds } from '../../src/config/selection.js';

const ids = ['HS101', 'HS102', 'HS109', 'HS110', 'HS201', 'HS301', 'HS305'];

describe('rule selection', () => {
  it('selects everything when nothing is said', () => {
    expect(selectRuleIds(ids, [{}])).toEqual(ids);
  });

  it('reads prefixes like Ruff: tier, decade, exact code, ALL', () => {
    expect(selectRuleIds(ids, [{ select: ['HS1'] }])).toEqual(['HS101', 'HS102', 'HS109', 'HS110']);
    expect(selectRuleIds(ids, [{ select: ['HS10'] }])).toEqual(['HS101', 'HS102', 'HS109']);
    expect(selectRuleIds(ids, [{ select: ['HS301'] }])).toEqual(['HS301']);
    expect(selectRuleIds(ids, [{ select: ['ALL'] }])).toEqual(ids);
    expect(selectRuleIds(ids, [{ select: ['hs3'] }])).toEqual(['HS301', 'HS305']);
  });

  it('lets the more specific selector win, and ignore win a tie', () => {
    expect(selectRuleIds(ids, [{ select: ['HS1'], ignore: ['HS10'] }])).toEqual(['HS110']);
    expect(selectRuleIds(ids, [{ select: ['HS101'], ignore: ['HS1'] }])).toEqual(['HS101']);
    expect(selectRuleIds(ids, [{ select: ['HS1'], ignore: ['HS1'] }])).toEqual([]);
    expect(selectRuleIds(ids, [{ ignore: ['HS1', 'HS2'] }])).toEqual(['HS301', 'HS305']);
  });

  it('lets a CLI --select start over and a CLI --ignore only remove', () => {
    const config = { select: ['HS1'], ignore: ['HS102'] };
    expect(selectRuleIds(ids, [config, { select: ['HS3'] }])).toEqual(['HS301', 'HS305']);
    expect(selectRuleIds(ids, [config, { ignore: ['HS101'] }])).toEqual(['HS109', 'HS110']);
    expect(selectRuleIds(ids, [config, { select: ['HS102'] }])).toEqual(['HS102']);
  });

  it('explains selectors that are malformed or match no rule', () => {
    expect(selectorProblem('HS1', ids)).toBeUndefined();
    expect(selectorProblem('PERF401', ids)).toMatch(/is not a rule selector/);
    expect(selectorProblem('HS9', ids)).toBe('unknown rule selector "HS9": no rule starts with HS9');
    expect(selectorProblem('HS1011', ids)).toMatch(/is not a rule selector/);
  });

  it('expands per-file-ignores codes to rule ids', () => {
    expect([...expandSelectors(['HS10', 'HS305'], ids)]).toEqual(['HS101', 'HS102', 'HS109', 'HS305']);
  });
});
