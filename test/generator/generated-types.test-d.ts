/**
 * Type tests of the generated code (the sample golden output), run by vitest's
 * typecheck (`*.test-d.ts`): picklist unions, nullability, the update shape,
 * references, and the rows of a generated soup's typed `select`. Nothing here
 * runs; a wrong type fails the test.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { memoryStore } from '../helpers/store-helpers.js';
import {
  type Account,
  type Account$Industry,
  type Account$Segments__c,
  type AccountUpdate,
  bindAccountSoup,
  bindInvoice__cSoup,
  type Contact,
  type Invoice__c,
  type Invoice__cUpdate,
  type MultiPicklist,
  type Opportunity,
  type SObjectRef,
} from './golden/sample/expected/index.js';

/** The keys a type requires (not optional). */
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

describe('generated record types', () => {
  it('restricted picklists are closed unions, unrestricted ones open', () => {
    expectTypeOf<Account['Rating']>().toEqualTypeOf<'Hot' | 'Warm' | 'Cold' | null>();
    expectTypeOf<'Banking'>().toExtend<Account$Industry>();
    expectTypeOf<'Some new industry'>().toExtend<Account$Industry>();
    expectTypeOf<'Lukewarm'>().not.toExtend<NonNullable<Account['Rating']>>();
  });

  it('picklist values with quotes, backslashes and non-ASCII survive escaping', () => {
    expectTypeOf<Invoice__c['Status__c']>().toEqualTypeOf<
      | 'Draft'
      | 'Sent'
      | 'Paid'
      | 'Overdue – 30+ days'
      | `Disputed: customer's "hold"`
      | 'Written off \\ void'
      | 'Cancelled'
      | null
    >();
  });

  it('nillable fields are `| null`, the others are not', () => {
    expectTypeOf<Account['Name']>().toEqualTypeOf<string>();
    expectTypeOf<Account['Phone']>().toEqualTypeOf<string | null>();
    expectTypeOf<Account['NumberOfEmployees']>().toEqualTypeOf<number | null>();
    expectTypeOf<Account['IsDeleted']>().toEqualTypeOf<boolean>();
    expectTypeOf<Invoice__c['Amount__c']>().toEqualTypeOf<number>();
    expectTypeOf<
      Account['Segments__c']
    >().toEqualTypeOf<MultiPicklist<Account$Segments__c> | null>();
  });

  it('the update shape requires the id and nothing else, and leaves out read-only fields', () => {
    expectTypeOf<RequiredKeys<AccountUpdate>>().toEqualTypeOf<'Id'>();
    expectTypeOf<RequiredKeys<Invoice__cUpdate>>().toEqualTypeOf<'Id'>();
    expectTypeOf<Invoice__cUpdate>().not.toHaveProperty('Paid__c'); // formula
    expectTypeOf<Invoice__cUpdate>().not.toHaveProperty('LastModifiedDate');
  });

  it('references carry their relationship, typed by the related record when generated', () => {
    expectTypeOf<Opportunity['AccountId']>().toEqualTypeOf<string | null>();
    expectTypeOf<Opportunity['Account']>().toEqualTypeOf<Partial<Account> | null | undefined>();
    expectTypeOf<Contact['ReportsTo']>().toEqualTypeOf<Partial<Contact> | null | undefined>();
    expectTypeOf<Account['Owner']>().toEqualTypeOf<SObjectRef<'User'> | null | undefined>();
    // Polymorphic: a union of the possible types.
    expectTypeOf<Invoice__c['Owner']>().toEqualTypeOf<
      SObjectRef<'Group' | 'User'> | null | undefined
    >();
  });
});

describe('generated soups: typed select', () => {
  it('types each selected path from the record and the index specs', () => {
    const accounts = bindAccountSoup(memoryStore());
    // Name has a full_text index (text); AnnualRevenue is unindexed (json_extract of number | null).
    expectTypeOf(accounts.select(['Name', 'AnnualRevenue'])).toEqualTypeOf<
      [string, number | null][]
    >();
    // A restricted picklist keeps its values; a checkbox reads 0 or 1; the sync flags are there.
    expectTypeOf(
      accounts.select(['Rating', 'IsDeleted', '__local__', '_soupEntryId'], {
        queryType: 'exact',
        indexPath: 'Id',
        matchKey: '001',
      }),
    ).toEqualTypeOf<['Hot' | 'Warm' | 'Cold' | null, 0 | 1, string | null, number][]>();
    const invoices = bindInvoice__cSoup(memoryStore());
    // Sequence__c (a required number) has an integer index: a number.
    expectTypeOf(invoices.select(['Sequence__c'])).toEqualTypeOf<[number][]>();
    // A relationship's field, one level down, may be missing.
    expectTypeOf(accounts.select(['Owner.Name'])).toEqualTypeOf<[string | null][]>();
    expectTypeOf(accounts.select(['_soup'])[0]?.[0]?.Name).toEqualTypeOf<string | undefined>();
  });

  it('refuses paths the soup does not have, and an empty selection', () => {
    const accounts = bindAccountSoup(memoryStore());
    // @ts-expect-error NoSuchField is neither a field nor an index
    accounts.select(['Name', 'NoSuchField']);
    // @ts-expect-error at least one path
    accounts.select([]);
    // @ts-expect-error the query spec is checked as for query: Phone has no index
    accounts.select(['Name'], { queryType: 'exact', indexPath: 'Phone', matchKey: '555' });
  });
});
