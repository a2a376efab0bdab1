/**
 * Type-level tests of the finer generated types: multi-select picklists
 * (branded, built and read by helpers), dependent picklists (a typed rule per
 * controller value, checked by `isDependentValueAllowed`), polymorphic references narrowed by
 * `isRecordOfType`, and compound fields selected once (their components).
 * `tsc --noEmit` checks the `@ts-expect-error` lines; vitest runs the rest.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Account$RecordType,
  accountRecordTypeIds,
  type Event,
  isRecordOfType,
} from './golden/recorded/expected/index.js';
import {
  type Account,
  type Account$Segments__c,
  accountSyncDown,
  type Contact,
  contactSyncDown,
  type Invoice__c,
  type Invoice__c$Channels__c,
  type Invoice__cUpdate,
  invoice__c$Settlement__c$ByController,
  invoice__c$Territory__c$ByController,
  isDependentValueAllowed,
  joinMultiPicklist,
  type MultiPicklist,
  type SubQueryResult,
  splitMultiPicklist,
} from './golden/sample/expected/index.js';

describe('multi-select picklists', () => {
  it('are branded strings built by joinMultiPicklist and read by splitMultiPicklist', () => {
    const channels = joinMultiPicklist<Invoice__c$Channels__c>(['Email', 'Portal', 'Email']);
    expect(channels).toBe('Email;Portal');
    expectTypeOf(splitMultiPicklist(channels)).toEqualTypeOf<Invoice__c$Channels__c[]>();
    expect(splitMultiPicklist(channels)).toEqual(['Email', 'Portal']);
    expect(splitMultiPicklist<Invoice__c$Channels__c>(null)).toEqual([]);
    const update: Invoice__cUpdate = { Id: 'a01', Channels__c: channels };
    expect(update.Channels__c).toBe('Email;Portal');
    expectTypeOf<
      Account['Segments__c']
    >().toEqualTypeOf<MultiPicklist<Account$Segments__c> | null>();
    const wrong = () => {
      // @ts-expect-error a restricted multi-select picklist refuses a value not in the describe
      joinMultiPicklist<Invoice__c$Channels__c>(['Email', 'Fax']);
      // @ts-expect-error a plain string does not pass for a multi-select value
      const plain: Invoice__cUpdate = { Id: 'a01', Channels__c: 'Email;Fax' };
      void plain;
    };
    void wrong;
  });
});

describe('dependent picklists', () => {
  it('map each controller value to the values it allows, and check a pair', () => {
    const rule = invoice__c$Territory__c$ByController;
    expect(rule.controllerField).toBe('Region__c');
    expect(rule.allowed.EMEA).toEqual(['UK', 'DE', 'Remote']);
    expect(isDependentValueAllowed(rule, 'EMEA', 'UK')).toBe(true);
    expect(isDependentValueAllowed(rule, 'APAC', 'UK')).toBe(false);
    expect(isDependentValueAllowed(rule, 'APAC', null)).toBe(true);
    expect(isDependentValueAllowed(rule, null, 'UK')).toBe(false);
    const invoice = { Region__c: 'AMER', Territory__c: 'BR' } as Pick<
      Invoice__c,
      'Region__c' | 'Territory__c'
    >;
    expect(isDependentValueAllowed(rule, invoice.Region__c, invoice.Territory__c)).toBe(true);
    // A checkbox controller is keyed by false and true.
    const settlement = invoice__c$Settlement__c$ByController;
    expect(isDependentValueAllowed(settlement, false, 'Pending')).toBe(true);
    expect(isDependentValueAllowed(settlement, true, 'Pending')).toBe(false);
    const wrong = () => {
      // @ts-expect-error Mars is not a value of the restricted controller Region__c
      isDependentValueAllowed(rule, 'Mars', 'UK');
      // @ts-expect-error FR is not a value of Territory__c
      isDependentValueAllowed(rule, 'EMEA', 'FR');
      // @ts-expect-error a checkbox controller takes a boolean
      isDependentValueAllowed(settlement, 'true', 'Card');
    };
    void wrong;
  });
});

describe('polymorphic references', () => {
  it('narrow to one target type with isRecordOfType', () => {
    const event = {
      What: { attributes: { type: 'Account' }, Id: '001', AnnualRevenue: 5 },
    } as unknown as Event;
    if (isRecordOfType(event.What, 'Account')) {
      expectTypeOf(event.What.AnnualRevenue).toEqualTypeOf<number | null | undefined>();
      expect(event.What.AnnualRevenue).toBe(5);
    } else {
      throw new Error('expected an Account');
    }
    expect(isRecordOfType(event.What, 'Case')).toBe(false);
    if (isRecordOfType(event.What, 'Case')) {
      // @ts-expect-error a Case has no AnnualRevenue
      void event.What.AnnualRevenue;
    }
  });
});

describe('child relationships', () => {
  it('type the sub-query results of generated children on the read shape', () => {
    expectTypeOf<Account['Contacts']>().toEqualTypeOf<SubQueryResult<Contact> | null | undefined>();
    const account = {
      Contacts: { totalSize: 1, done: true, records: [{ LastName: 'Coyote' }] },
    } as unknown as Account;
    expectTypeOf(account.Contacts?.records[0]?.LastName).toEqualTypeOf<string | undefined>();
    expect(account.Contacts?.records.map((c) => c.LastName)).toEqual(['Coyote']);
  });
});

describe('record types', () => {
  it('map developer names to ids, a name given twice keeping its first id', () => {
    expectTypeOf<Account$RecordType>().toEqualTypeOf<
      'HH_Account' | 'Organization' | 'PersonAccount' | 'Master'
    >();
    expect(accountRecordTypeIds).toEqual({
      HH_Account: '0125j000000RqVkAAK',
      Organization: '0125j000000RqVlAAK',
      PersonAccount: '0125j000000bo4yAAA',
      Master: '012000000000000AAA',
    });
    const wrong = () => {
      // @ts-expect-error not a record type of Account
      void accountRecordTypeIds.Business;
    };
    void wrong;
  });
});

describe('compound fields', () => {
  it('are selected once by sync down: the components, not the compound', () => {
    const select = (query: string) => query.replace(/^SELECT (.*) FROM .*$/, '$1').split(', ');
    const accountFields = select(accountSyncDown.target.query);
    expect(accountFields).toContain('BillingCity');
    expect(accountFields).not.toContain('BillingAddress');
    const contactFields = select(contactSyncDown.target.query);
    expect(contactFields).toContain('Site_Location__Latitude__s');
    expect(contactFields).not.toContain('Site_Location__c');
    expectTypeOf<Pick<Account, 'BillingAddress'>>().toEqualTypeOf<{
      BillingAddress?: Account['BillingAddress'];
    }>();
  });
});
