/**
 * `soupkit/react-native-force` mobilesync against the emulator: the SDK's
 * soup and flags, lowercase `attributes.type`, sync ids in `_soupEntryId`.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { reset, type SoupkitEmulator, useSoupkitEmulator } from '../../../compat/index.js';
import { mobilesync, smartstore } from '../../../compat/react-native-force/index.js';

let org: SoupkitEmulator;
beforeAll(async () => {
  org = await useSoupkitEmulator();
});
afterAll(() => org.close());
beforeEach(() =>
  smartstore.registerSoup(false, 'contacts', [
    { path: 'Id', type: 'string' },
    { path: 'FirstName', type: 'full_text' },
    { path: 'LastName', type: 'full_text' },
    { path: '__local__', type: 'string' },
  ]),
);
afterEach(() => reset());

const FIELDS = ['Id', 'FirstName', 'LastName', 'LastModifiedDate'];

function seedContacts(tag: string, count: number): string[] {
  return org.emulator.org.insert(
    'Contact',
    Array.from({ length: count }, (_, i) => ({ FirstName: `F${i}`, LastName: `${tag}${i}` })),
  );
}

function syncDownTag(tag: string, syncName?: string) {
  const target = {
    type: 'soql',
    query: `SELECT ${FIELDS.join(', ')} FROM Contact WHERE LastName LIKE '${tag}%'`,
  };
  const options = { mergeMode: mobilesync.MERGE_MODE.OVERWRITE };
  return syncName === undefined
    ? mobilesync.syncDown(false, target, 'contacts', options)
    : mobilesync.syncDown(false, target, 'contacts', options, syncName);
}

async function local(tag: string) {
  const cursor = await smartstore.querySoup(
    false,
    'contacts',
    smartstore.buildLikeQuerySpec('LastName', `${tag}%`, 'ascending', 100),
  );
  return cursor.currentPageOrderedEntries as Record<string, unknown>[];
}

describe('mobilesync', () => {
  it('has MERGE_MODE', () => {
    expect(mobilesync.MERGE_MODE).toEqual({
      OVERWRITE: 'OVERWRITE',
      LEAVE_IF_CHANGED: 'LEAVE_IF_CHANGED',
    });
  });

  it('syncs down and resolves with the finished state, its id in _soupEntryId', async () => {
    seedContacts('Down', 3);
    const state = await syncDownTag('Down');
    expect(state).toMatchObject({ type: 'syncDown', status: 'DONE', progress: 100, totalSize: 3 });
    expect(typeof state._soupEntryId).toBe('number');
    expect(await local('Down')).toHaveLength(3);
  });

  it('syncs down with callbacks and a sync name; getSyncStatus by id and name; deleteSync makes it null', async () => {
    seedContacts('Named', 2);
    const state = await new Promise<mobilesync.SyncState>((resolve, reject) =>
      mobilesync.syncDown(
        { isGlobalStore: false },
        {
          type: 'soql',
          query: "SELECT Id, LastName, LastModifiedDate FROM Contact WHERE LastName LIKE 'Named%'",
        },
        'contacts',
        { mergeMode: 'OVERWRITE' },
        'namedSync',
        resolve,
        reject,
      ),
    );
    expect(state.name).toBe('namedSync');
    expect(await mobilesync.getSyncStatus(false, state._soupEntryId)).toMatchObject({
      name: 'namedSync',
    });
    expect(await mobilesync.getSyncStatus(false, 'namedSync')).toMatchObject({
      _soupEntryId: state._soupEntryId,
      status: 'DONE',
    });
    await mobilesync.deleteSync(false, 'namedSync');
    expect(await mobilesync.getSyncStatus(false, 'namedSync')).toBeNull();
    expect(await mobilesync.getSyncStatus(false, state._soupEntryId)).toBeNull();
  });

  it('re-syncs by name and by id, fetching only what changed', async () => {
    const [first] = seedContacts('Re', 3);
    const state = await syncDownTag('Re', 'reSyncMe');
    org.emulator.clock.advance(1000);
    org.emulator.org.update('Contact', first ?? '', { FirstName: 'Changed' });
    const again = await mobilesync.reSync(false, 'reSyncMe');
    expect(again).toMatchObject({ status: 'DONE', totalSize: 1, _soupEntryId: state._soupEntryId });
    expect((await local('Re')).find((c) => c.Id === first)?.FirstName).toBe('Changed');
    const byId = await mobilesync.reSync(false, state._soupEntryId);
    expect(byId.status).toBe('DONE');
  });

  it('syncs up local edits with lowercase attributes.type, and clears the flags', async () => {
    const [existing] = seedContacts('Up', 1);
    await syncDownTag('Up');
    const [synced] = await local('Up');
    await smartstore.upsertSoupEntries(false, 'contacts', [
      { ...synced, LastName: 'UpEdited', __local__: true, __locally_updated__: true },
      {
        attributes: { type: 'contact' },
        Id: 'local_1',
        FirstName: 'New',
        LastName: 'UpNew',
        __local__: true,
        __locally_created__: true,
        __locally_updated__: false,
        __locally_deleted__: false,
      },
    ]);
    const state = await mobilesync.syncUp(
      false,
      { createFieldlist: ['FirstName', 'LastName'] },
      'contacts',
      { mergeMode: mobilesync.MERGE_MODE.OVERWRITE, fieldlist: ['FirstName', 'LastName'] },
    );
    expect(state).toMatchObject({ type: 'syncUp', status: 'DONE' });
    expect(org.emulator.org.get('Contact', existing ?? '')?.LastName).toBe('UpEdited');
    const created = org.emulator.org.all('Contact').find((c) => c.LastName === 'UpNew');
    expect(created).toBeDefined();
    const after = await local('Up');
    expect(after.every((c) => c.__local__ === false && c.__locally_created__ === false)).toBe(true);
    expect(after.find((c) => c.LastName === 'UpNew')?.Id).toBe(created?.Id);
  });

  it('syncs up a local delete with an empty target', async () => {
    const [gone] = seedContacts('Del', 1);
    await syncDownTag('Del');
    const [entry] = await local('Del');
    await smartstore.upsertSoupEntries(false, 'contacts', [
      { ...entry, __local__: true, __locally_deleted__: true },
    ]);
    await mobilesync.syncUp(
      false,
      {},
      'contacts',
      { mergeMode: 'OVERWRITE', fieldlist: ['LastName'] },
      'upDel',
    );
    expect(org.emulator.org.get('Contact', gone ?? '')).toBeUndefined();
    expect(await local('Del')).toEqual([]);
  });

  it('cleans resync ghosts', async () => {
    const [kept, ghost] = seedContacts('Ghost', 2);
    const state = await syncDownTag('Ghost');
    org.emulator.org.delete('Contact', ghost ?? '');
    const removed = await mobilesync.cleanResyncGhosts(false, state._soupEntryId);
    expect(removed).toBe(1);
    expect((await local('Ghost')).map((c) => c.Id)).toEqual([kept]);
  });

  it('keeps syncs per store and rejects a failing sync through errorCB', async () => {
    seedContacts('Glob', 1);
    await smartstore.registerSoup(true, 'contacts', [{ path: 'Id', type: 'string' }]);
    const state = await mobilesync.syncDown(
      true,
      {
        type: 'soql',
        query: "SELECT Id, LastName, LastModifiedDate FROM Contact WHERE LastName LIKE 'Glob%'",
      },
      'contacts',
      { mergeMode: 'OVERWRITE' },
      'globalSync',
    );
    expect(state.status).toBe('DONE');
    expect(await mobilesync.getSyncStatus(false, 'globalSync')).toBeNull();
    const error = await new Promise((resolve) =>
      mobilesync.syncDown(
        false,
        { type: 'soql', query: 'SELECT Nope FROM Contact' },
        'contacts',
        { mergeMode: 'OVERWRITE' },
        () => resolve('resolved'),
        resolve,
      ),
    );
    expect(error).toBeInstanceOf(Error);
  });
});
