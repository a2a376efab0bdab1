import { describe, expect, it } from 'vitest';
import { buildAllQuerySpec, buildMatchQuerySpec } from '../../../runtime/store/query-spec.js';
import { expectStoreError, memoryStore } from '../../helpers/store-helpers.js';

function setup() {
  const store = memoryStore();
  store.registerSoup('people', [
    { path: 'Id', type: 'string' },
    { path: 'Name', type: 'full_text' },
  ]);
  return store;
}

const ids = (store: ReturnType<typeof setup>) =>
  store.retrieve('people', [1, 2, 3, 4, 5]).map((entry) => entry.Id);

describe('batch upsert is all or nothing', () => {
  it('a bad entry in the middle leaves the soup as it was', () => {
    const store = setup();
    store.upsert('people', [{ Id: 'keep', Name: 'Kept' }]);
    expectStoreError(
      () => store.upsert('people', [{ Id: 'x' }, { Id: 'y', _soupEntryId: -1 }, { Id: 'z' }]),
      'STORE_BAD_ENTRY',
    );
    expect(ids(store)).toEqual(['keep']);
    expect(store.upsert('people', [{ Id: 'next' }])[0]?._soupEntryId).toBe(2);
  });
});

describe('beginTransaction / setTransactionSuccessful / endTransaction', () => {
  it('commits when marked successful', () => {
    const store = setup();
    store.beginTransaction();
    store.upsert('people', [{ Id: 'a' }]);
    store.upsert('people', [{ Id: 'b' }]);
    store.setTransactionSuccessful();
    store.endTransaction();
    expect(ids(store)).toEqual(['a', 'b']);
  });

  it('rolls everything back when not marked successful', () => {
    const store = setup();
    store.upsert('people', [{ Id: 'before' }]);
    store.beginTransaction();
    store.upsert('people', [{ Id: 'a' }]);
    store.remove('people', [1]);
    store.endTransaction();
    expect(ids(store)).toEqual(['before']);
  });

  it('nested transactions join the outer one; an unsuccessful inner level rolls all back', () => {
    const store = setup();
    store.beginTransaction();
    store.upsert('people', [{ Id: 'outer' }]);
    store.beginTransaction();
    store.upsert('people', [{ Id: 'inner' }]);
    store.endTransaction(); // inner not successful
    store.setTransactionSuccessful();
    store.endTransaction();
    expect(ids(store)).toEqual([]);
  });

  it('a failed call inside a transaction is undone alone; the transaction goes on', () => {
    const store = setup();
    store.beginTransaction();
    store.upsert('people', [{ Id: 'a' }]);
    expectStoreError(
      () => store.upsert('people', [{ Id: 'b' }, { _soupEntryId: 99 }]),
      'STORE_UNKNOWN_ENTRY',
    );
    store.upsert('people', [{ Id: 'c' }]);
    store.setTransactionSuccessful();
    store.endTransaction();
    expect(ids(store)).toEqual(['a', 'c']);
  });

  it('rolling back a registerSoup also forgets the soup', () => {
    const store = setup();
    store.beginTransaction();
    store.registerSoup('temp', [{ path: 'k', type: 'string' }]);
    store.upsert('temp', [{ k: 'v' }]);
    expect(store.soupExists('temp')).toBe(true);
    store.endTransaction();
    expect(store.soupExists('temp')).toBe(false);
    expect(store.catalog.getSoup('temp')).toBeUndefined();
    store.registerSoup('temp', [{ path: 'k', type: 'integer' }]);
    expect(store.getSoupIndexSpecs('temp')[0]?.type).toBe('integer');
  });

  it('rolling back a dropSoup brings the soup back with its entries', () => {
    const store = setup();
    store.upsert('people', [{ Id: 'a' }]);
    store.beginTransaction();
    store.dropSoup('people');
    expect(store.soupExists('people')).toBe(false);
    store.endTransaction();
    expect(ids(store)).toEqual(['a']);
  });

  it('rolling back undoes clearSoup, removeByQuery and alterSoup', () => {
    const store = setup();
    store.upsert('people', [
      { Id: 'a', Name: 'Ann' },
      { Id: 'b', Name: 'Bob' },
    ]);
    store.beginTransaction();
    store.removeByQuery('people', buildAllQuerySpec({ soupName: 'people', pageSize: 1 }));
    store.clearSoup('people');
    store.alterSoup('people', [{ path: 'Id', type: 'integer' }], false);
    expect(store.getSoupIndexSpecs('people')).toHaveLength(1);
    store.endTransaction();
    expect(ids(store)).toEqual(['a', 'b']);
    expect(store.getSoupIndexSpecs('people').map((s) => s.type)).toEqual(['string', 'full_text']);
    expect(store.count(buildMatchQuerySpec({ soupName: 'people', matchKey: 'bob' }))).toBe(1);
  });

  it('misuse is STORE_TRANSACTION', () => {
    const store = setup();
    expectStoreError(() => store.endTransaction(), 'STORE_TRANSACTION');
    expectStoreError(() => store.setTransactionSuccessful(), 'STORE_TRANSACTION');
  });
});

describe('transaction(fn)', () => {
  it('commits and returns the result', () => {
    const store = setup();
    const saved = store.transaction(() => store.upsert('people', [{ Id: 'a' }, { Id: 'b' }]));
    expect(saved.map((e) => e._soupEntryId)).toEqual([1, 2]);
    expect(ids(store)).toEqual(['a', 'b']);
  });

  it('rolls back when fn throws and rethrows the error', () => {
    const store = setup();
    const boom = new Error('boom');
    expect(() =>
      store.transaction(() => {
        store.upsert('people', [{ Id: 'a' }]);
        throw boom;
      }),
    ).toThrow(boom);
    expect(ids(store)).toEqual([]);
  });

  it('refuses async functions and rolls back', () => {
    const store = setup();
    expectStoreError(
      () =>
        store.transaction(async () => {
          store.upsert('people', [{ Id: 'a' }]);
        }),
      'STORE_BAD_ARGUMENT',
    );
    expect(ids(store)).toEqual([]);
  });

  it('nests inside an explicit transaction', () => {
    const store = setup();
    store.beginTransaction();
    store.transaction(() => store.upsert('people', [{ Id: 'a' }]));
    store.setTransactionSuccessful();
    store.endTransaction();
    expect(ids(store)).toEqual(['a']);
  });
});
