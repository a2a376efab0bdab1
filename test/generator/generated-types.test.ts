/**
 * Type-level tests of the generated code (the sample golden output): picklist
 * unions, nullability, the three shapes, references, and the typed soup
 * binding refusing bad paths and keys. `tsc --noEmit` (part of `npm test`)
 * checks the `expectTypeOf` and `@ts-expect-error` lines; vitest runs the rest.
 * The tests that assert only on types are in generated-types.test-d.ts.
 */
import { readFile } from 'node:fs/promises';
import type { IndexSpec, QuerySpec, TypedSoupHost } from 'soupkit';
import type { ConfiguredSyncOptions, SyncManager, SyncState } from 'soupkit/sync';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { memoryStore } from '../helpers/store-helpers.js';
import {
  type Account,
  type AccountCreate,
  accountSoup,
  accountSyncDown,
  accountSyncUp,
  accountWithContactsSyncDown,
  accountWithContactsSyncUp,
  bindAccountSoup,
  bindInvoice__cSoup,
  type Contact,
  type Invoice__cCreate,
  registerSyncs,
  reSyncAccount,
  soups,
  storeConfig,
  syncDownAccount,
  syncs,
  syncsConfig,
  syncUpAccountWithContacts,
} from './golden/sample/expected/index.js';

/** The keys a type requires (not optional). */
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/** A store stand-in that records what the typed soup asks of it. */
function recordingHost(): TypedSoupHost & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    registerSoup: (name: string, specs: readonly IndexSpec[]) =>
      void calls.push(['registerSoup', name, specs]),
    upsert: (name: string, entries: readonly object[], externalIdPath?: string) => {
      calls.push(['upsert', name, entries, externalIdPath]);
      return entries.map((entry, i) => ({
        ...entry,
        _soupEntryId: i + 1,
        _soupLastModifiedDate: 0,
      }));
    },
    retrieve: (name: string, ids: readonly number[]) => {
      calls.push(['retrieve', name, ids]);
      return [];
    },
    remove: (name: string, ids: readonly number[]) => void calls.push(['remove', name, ids]),
    query: (spec: QuerySpec, page?: number) => {
      calls.push(['query', spec, page]);
      return [];
    },
    count: (spec: QuerySpec) => {
      calls.push(['count', spec]);
      return 0;
    },
    clearSoup: (name: string) => void calls.push(['clearSoup', name]),
  };
}

describe('generated record types', () => {
  it('the create shape requires createable, non-nillable, non-defaulted fields only', () => {
    expectTypeOf<RequiredKeys<AccountCreate>>().toEqualTypeOf<'Name'>();
    expectTypeOf<RequiredKeys<Invoice__cCreate>>().toEqualTypeOf<
      'Account__c' | 'Amount__c' | 'Due_Date__c'
    >();
    expectTypeOf<AccountCreate>().not.toHaveProperty('Id');
    expectTypeOf<AccountCreate>().not.toHaveProperty('CreatedDate');
    expectTypeOf<Invoice__cCreate>().not.toHaveProperty('Name'); // auto number
    expectTypeOf<Invoice__cCreate>().toHaveProperty('OwnerId'); // defaulted: optional
    const draft: Invoice__cCreate = { Account__c: '001', Amount__c: 10, Due_Date__c: '2025-01-31' };
    expect(draft.Amount__c).toBe(10);
    // @ts-expect-error Amount__c is required on create
    const missing: Invoice__cCreate = { Account__c: '001', Due_Date__c: '2025-01-31' };
    expect(missing).toBeDefined();
  });
});

describe('generated soups', () => {
  it('binds to a store with typed upsert and query', () => {
    const host = recordingHost();
    const accounts = bindAccountSoup(host);
    accounts.register();
    accounts.query({ queryType: 'exact', indexPath: 'Name', matchKey: 'Acme' });
    accounts.query({ queryType: 'match', indexPath: 'Name', matchKey: 'acme*' });
    accounts.query({ queryType: 'range', indexPath: '__sync_id__', beginKey: 1, endKey: 9 });
    expect(host.calls[0]).toEqual(['registerSoup', 'Account', accountSoup.indexSpecs]);
    expect(host.calls[1]?.[0]).toBe('query');
    expect(host.calls[1]?.[1]).toMatchObject({
      soupName: 'Account',
      indexPath: 'Name',
      matchKey: 'Acme',
    });
  });

  it('refuses an index path that does not exist or a key of the wrong type', () => {
    const accounts = bindAccountSoup(recordingHost());
    const invoices = bindInvoice__cSoup(recordingHost());
    // @ts-expect-error Phone is a field but has no index
    accounts.query({ queryType: 'exact', indexPath: 'Phone', matchKey: '555' });
    // @ts-expect-error NoSuchField is not a path of the soup
    accounts.query({ queryType: 'exact', indexPath: 'NoSuchField', matchKey: 'x' });
    // @ts-expect-error Sequence__c has an integer index: the key must be a number
    invoices.query({ queryType: 'exact', indexPath: 'Sequence__c', matchKey: 'seven' });
    // @ts-expect-error a match query needs a full_text path; Id is a string index
    accounts.query({ queryType: 'match', indexPath: 'Id', matchKey: 'x' });
    invoices.query({ queryType: 'exact', indexPath: 'Sequence__c', matchKey: 7 });
    expect(accounts.soupName).toBe('Account');
    expect(invoices.soupName).toBe('invoices');
  });

  it('upserts records of the soup record type only', () => {
    const accounts = bindAccountSoup(recordingHost());
    const record = { Name: 'Acme' } as unknown as Account;
    const [stored] = accounts.upsert([{ ...record, __local__: true, __locally_created__: true }]);
    expectTypeOf(stored).toExtend<Account | undefined>();
    expect(stored?._soupEntryId).toBe(1);
    // @ts-expect-error a Contact is not an Account
    accounts.upsert([{ LastName: 'Nobody' } as unknown as Contact]);
  });
});

describe('typed local edits', () => {
  it('createLocally takes the create shape and fills in the id, type and flags; updateLocally the update shape', () => {
    const store = memoryStore();
    const accounts = bindAccountSoup(store);
    accounts.register();
    const created = accounts.createLocally({ Name: 'Acme', Industry: 'Energy' });
    expectTypeOf(created.Name).toEqualTypeOf<string>();
    expect(created).toMatchObject({
      Name: 'Acme',
      attributes: { type: 'Account' },
      __local__: true,
      __locally_created__: true,
    });
    expect(created.Id.startsWith('local_')).toBe(true);
    const updated = accounts.updateLocally(created._soupEntryId, { Rating: 'Hot' });
    expect(updated).toMatchObject({ Rating: 'Hot', __locally_created__: true });
    expect(accounts.dirtyRecords().map((r) => r.Name)).toEqual(['Acme']);
    accounts.deleteLocally(created._soupEntryId);
    expect(accounts.retrieve([created._soupEntryId])[0]?.__locally_deleted__).toBe(true);
    // Compile errors, never run: a field that is not createable / updateable, a bad value.
    const wrong = () => {
      // @ts-expect-error CreatedDate is read only: not part of the create shape
      accounts.createLocally({ Name: 'x', CreatedDate: '2024-01-01T00:00:00.000+0000' });
      // @ts-expect-error Name is required on create
      accounts.createLocally({ Industry: 'Energy' });
      // @ts-expect-error LastModifiedDate is not updateable
      accounts.updateLocally(1, { LastModifiedDate: '2024-01-01T00:00:00.000+0000' });
      // @ts-expect-error Rating is a restricted picklist
      accounts.updateLocally(1, { Rating: 'Lukewarm' });
    };
    void wrong;
  });
});

describe('generated syncs and configs', () => {
  it('typed sync functions run the configured syncs and resolve with a SyncState', () => {
    expectTypeOf(syncDownAccount).parameters.toEqualTypeOf<[SyncManager, ConfiguredSyncOptions?]>();
    expectTypeOf(syncDownAccount).returns.toEqualTypeOf<Promise<SyncState>>();
    expectTypeOf(reSyncAccount).returns.toEqualTypeOf<Promise<SyncState>>();
    expectTypeOf(syncUpAccountWithContacts).returns.toEqualTypeOf<Promise<SyncState>>();
    expectTypeOf(registerSyncs).returns.toEqualTypeOf<Promise<SyncState[]>>();
    expectTypeOf(accountWithContactsSyncDown.target.type).toEqualTypeOf<'parent_children'>();
    expect(accountWithContactsSyncDown.target).toMatchObject({
      relationshipType: 'MASTER_DETAIL',
      children: {
        sobjectType: 'Contact',
        sobjectTypePlural: 'Contacts',
        parentIdFieldName: 'AccountId',
      },
    });
    expect(accountWithContactsSyncUp.target.androidImpl).toBe(
      'com.salesforce.androidsdk.mobilesync.target.ParentChildrenSyncUpTarget',
    );
  });

  it('sync constants are typed SDK sync entries', () => {
    expectTypeOf(accountSyncDown.syncType).toEqualTypeOf<'syncDown'>();
    expectTypeOf(accountSyncDown.target.type).toEqualTypeOf<'soql'>();
    expect(accountSyncDown.target.query.startsWith('SELECT Id, ')).toBe(true);
    expect(accountSyncUp.target.createFieldlist).toContain('Name');
    expect(accountSyncUp.target.createFieldlist).not.toContain('Id');
    expect(accountSyncUp.target.externalIdFieldName).toBe('External_Key__c');
    expect(syncs).toContain(accountSyncDown);
    expect(soups).toContain(accountSoup);
  });

  it('the TS configs equal userstore.json and usersyncs.json', async () => {
    const read = async (file: string) => {
      const url = new URL(`./golden/sample/expected/${file}`, import.meta.url);
      const { '//': _header, ...rest } = JSON.parse(await readFile(url, 'utf8')) as Record<
        string,
        unknown
      >;
      return rest;
    };
    expect(JSON.parse(JSON.stringify(storeConfig))).toEqual(await read('userstore.json'));
    expect(JSON.parse(JSON.stringify(syncsConfig))).toEqual(await read('usersyncs.json'));
  });
});
