import { describe, expect, it } from 'vitest';
import { buildExactQuerySpec } from '../../../runtime/store/query-spec.js';
import { SyncError } from '../../../runtime/sync/contracts/sync-error.js';
import {
  cleanRecord,
  createLocalId,
  createLocally,
  deleteLocally,
  isDirty,
  isLocalId,
  updateLocally,
} from '../../../runtime/sync/local-edits.js';
import { memoryStore } from '../../helpers/store-helpers.js';

function accounts() {
  const store = memoryStore();
  store.registerSoup('accounts', [
    { path: 'Id', type: 'string' },
    { path: '__local__', type: 'string' },
  ]);
  return store;
}

describe('local ids', () => {
  it('start with local_ and only grow, even when made in the same instant', () => {
    const ids = Array.from({ length: 1000 }, () => createLocalId());
    expect(ids.every(isLocalId)).toBe(true);
    const serials = ids.map((id) => BigInt(id.slice('local_'.length)));
    for (let i = 1; i < serials.length; i++) {
      expect((serials[i] as bigint) > (serials[i - 1] as bigint)).toBe(true);
    }
    expect(isLocalId('001000000000001AAA')).toBe(false);
    expect(isLocalId(null)).toBe(false);
  });
});

describe('createLocally / updateLocally / deleteLocally', () => {
  it('set the SDK flags, the local id and attributes.type', () => {
    const store = accounts();
    const created = createLocally(
      store,
      'accounts',
      { Name: 'New Co' },
      { sobjectType: 'Account' },
    );
    expect(created).toMatchObject({
      attributes: { type: 'Account' },
      __local__: true,
      __locally_created__: true,
      __locally_updated__: false,
      __locally_deleted__: false,
    });
    expect(isLocalId(created.Id)).toBe(true);
    const updated = updateLocally(store, 'accounts', created._soupEntryId, { Industry: 'Energy' });
    // Still to be created on the server, now with the change.
    expect(updated).toMatchObject({
      Industry: 'Energy',
      __locally_created__: true,
      __locally_updated__: false,
    });
    const deleted = deleteLocally(store, 'accounts', created._soupEntryId);
    expect(deleted).toMatchObject({ __local__: true, __locally_deleted__: true });
    expect(
      store.count(
        buildExactQuerySpec({ soupName: 'accounts', indexPath: '__local__', matchKey: 'true' }),
      ),
    ).toBe(1);
  });

  it('mark a synced record updated, keeping its server id', () => {
    const store = accounts();
    const [synced] = store.upsert('accounts', [
      cleanRecord({ Id: '001000000000001AAA', Name: 'Acme', attributes: { type: 'Account' } }),
    ]);
    const updated = updateLocally(store, 'accounts', synced?._soupEntryId ?? 0, { Name: 'Acme 2' });
    expect(updated).toMatchObject({
      Id: '001000000000001AAA',
      Name: 'Acme 2',
      __local__: true,
      __locally_updated__: true,
    });
  });

  it('refuse a record without a type and an entry that is not there', () => {
    const store = accounts();
    expect(() => createLocally(store, 'accounts', { Name: 'x' })).toThrow(SyncError);
    expect(() => updateLocally(store, 'accounts', 99, {})).toThrow(/holds no entry 99/);
    expect(() => deleteLocally(store, 'accounts', 99)).toThrow(
      expect.objectContaining({ code: 'SYNC_BAD_RECORD' }),
    );
  });
});

describe('isDirty and cleanRecord', () => {
  it('read the flag as apps write it, and clean as the SDK does', () => {
    expect([true, 'true', 1].map((v) => isDirty({ __local__: v }))).toEqual([true, true, true]);
    expect([false, 'false', 0, undefined].map((v) => isDirty({ __local__: v }))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(
      cleanRecord({ Id: 'x', __local__: true, __locally_updated__: true, __last_error__: 'boom' }),
    ).toEqual({
      Id: 'x',
      __local__: false,
      __locally_created__: false,
      __locally_updated__: false,
      __locally_deleted__: false,
    });
  });
});
