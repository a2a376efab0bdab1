import { describe, expect, it } from 'vitest';
import { globMatch, isGlob } from '../../../generator/model/glob.js';

describe(globMatch.name, () => {
  it.each([
    ['*', 'Account', true],
    ['*History', 'AccountHistory', true],
    ['*History', 'HistoryAccount', false],
    ['*__c', 'Invoice__c', true],
    ['Invoice?__c', 'Invoice2__c', true],
    ['Invoice?__c', 'Invoice__c', false],
    ['Account', 'account', false],
    ['a.b', 'axb', false],
    ['Billing*', 'BillingCity', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(globMatch(pattern, name)).toBe(expected);
  });

  it('tells globs from names', () => {
    expect(isGlob('*__c')).toBe(true);
    expect(isGlob('Account')).toBe(false);
  });
});
