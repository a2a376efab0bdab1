/**
 * Type-level tests of the finer generated types: multi-select picklists
 * (branded, built and read by helpers), polymorphic references narrowed by
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
  type Invoice__c$Channels__c,
  type Invoice__cUpdate,
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
