/**
 * An acknowledged local edit survives any sync running beside it: the app
 * edits while a sync down's next page or a sync up's answer is on its way
 * (held by the emulator, so the interleaving is exact), through the same
 * store handle or a second one, and every edit ends on the server or stays
 * dirty locally.
 */
import { describe, expect, it } from 'vitest';
import { SmartStore, type StoredEntry } from '../../../runtime/store/smart-store.js';
import {
  createLocally,
  deleteLocally,
  SYNC_UP_IMPLEMENTATIONS,
  SyncManager,
  type SyncUpKind,
  type SyncUpTarget,
  updateLocally,
} from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { fileStore, trackStore } from '../../helpers/store-helpers.js';
import {
  ACCOUNT_SPECS,
  accountFamiliesUp,
  CONTACT_SPECS,
  seedAccounts,
  serverRecords,
  soupEntries,
  syncSetup,
} from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });
/** A next page of a query (`…/query/<locator>`), not the first (`…/query?q=`). */
const NEXT_PAGE = /\/query\/[^/?]+$/;

const seed = (tag: string, count: number) => seedAccounts(org, tag, count);

const downTarget = (tag: string) => ({
  type: 'soql' as const,
  query: `SELECT Name, Description FROM Account WHERE Name LIKE '${tag} %'`,
  maxBatchSize: 200,
});

/**
 * Brings `tag`'s 600 records down, changes all of them on the server, and
 * re-syncs with the second page held; `edit` runs while it is held.
 */
async function resyncWhileEditing(
  tag: string,
  manager: SyncManager,
  local: SmartStore,
  edit: () => void,
): Promise<void> {
  const ids = seed(tag, 600);
  await manager.syncDown({
    target: downTarget(tag),
    soupName: 'accounts',
    syncName: tag,
    options: { mergeMode: 'LEAVE_IF_CHANGED' },
  });
  expect(soupEntries(local, 'accounts')).toHaveLength(600);
  for (const id of ids) org.emulator.org.update('Account', id, { Description: 'from the server' });
  const hold = org.emulator.faults.add({ method: 'GET', path: NEXT_PAGE, hold: true });
  const run = manager.reSync(tag);
  await hold.reached();
  edit();
  hold.remove();
  expect((await run).status).toBe('DONE');
}

/** Edits every 7th record of the soup through `store`; returns the entry ids and their new text. */
function editSome(store: SmartStore): Map<number, string> {
  const edited = new Map<number, string>();
  soupEntries(store, 'accounts').forEach((entry, i) => {
    if (i % 7 !== 0) return;
    const text = `edited locally ${i}`;
    updateLocally(store, 'accounts', entry._soupEntryId, { Description: text });
    edited.set(entry._soupEntryId, text);
  });
  return edited;
}

function expectKept(store: SmartStore, edited: Map<number, string>): void {
  const now = store.retrieve('accounts', [...edited.keys()]);
  expect(now).toHaveLength(edited.size);
  for (const entry of now) {
    expect(entry).toMatchObject({
      Description: edited.get(entry._soupEntryId),
      __local__: true,
      __locally_updated__: true,
    });
  }
  // The records nobody edited took the server's version.
  const others = soupEntries(store, 'accounts').filter((e) => !edited.has(e._soupEntryId));
  expect(others.every((e) => e.Description === 'from the server' && e.__local__ === false)).toBe(
    true,
  );
}

describe('an edit made while a sync down runs', () => {
  it('is kept (LEAVE_IF_CHANGED), made through the store handle the sync uses', async () => {
    const { store, manager } = syncSetup(org);
    let edited = new Map<number, string>();
    await resyncWhileEditing('EditSameHandle', manager, store, () => {
      edited = editSome(store);
    });
    expect(edited.size).toBe(86);
    expectKept(store, edited);
  });

  it('is kept (LEAVE_IF_CHANGED), made through a second handle and manager on the same file', async () => {
    const { store, path } = fileStore();
    store.registerSoup('accounts', ACCOUNT_SPECS);
    const manager = SyncManager.open({ store, connection: org.connect() });
    const second = trackStore(SmartStore.open({ path }));
    SyncManager.open({ store: second, connection: org.connect() });
    let edited = new Map<number, string>();
    await resyncWhileEditing('EditSecondHandle', manager, store, () => {
      edited = editSome(second);
    });
    expectKept(store, edited);
    expectKept(second, edited);
  });
});

const KINDS: readonly { kind: SyncUpKind; createCall: { method: string; path: string } }[] = [
  { kind: 'collection', createCall: { method: 'POST', path: '/composite/sobjects' } },
  { kind: 'batch', createCall: { method: 'POST', path: '/composite' } },
  { kind: 'single', createCall: { method: 'POST', path: '/sobjects/Account' } },
  { kind: 'parent_children', createCall: { method: 'POST', path: '/composite' } },
];

function upTarget(kind: SyncUpKind): SyncUpTarget {
  if (kind === 'parent_children') return accountFamiliesUp();
  return {
    androidImpl: SYNC_UP_IMPLEMENTATIONS[kind].androidImpl,
    createFieldlist: ['Name', 'Description'],
    updateFieldlist: ['Name', 'Description'],
  };
}

function setupUp(): { store: SmartStore; manager: SyncManager } {
  const { store } = fileStore();
  store.registerSoup('accounts', ACCOUNT_SPECS);
  store.registerSoup('contacts', CONTACT_SPECS);
  return { store, manager: SyncManager.open({ store, connection: org.connect() }) };
}

describe.each(KINDS)(
  'a change made while a sync up ($kind) create is answered',
  ({ kind, createCall }) => {
    const up = (manager: SyncManager) =>
      manager.syncUp({
        soupName: 'accounts',
        target: upTarget(kind),
        options: { mergeMode: 'LEAVE_IF_CHANGED' },
      });

    /** Creates 3 records locally and syncs them up, running `change` on the first while the server has created it and its answer waits. */
    async function createWhileChanging(
      tag: string,
      change: (store: SmartStore, first: StoredEntry) => void,
    ): Promise<{ store: SmartStore; manager: SyncManager; first: StoredEntry | undefined }> {
      const { store, manager } = setupUp();
      const [created] = [0, 1, 2].map((i) =>
        createLocally(store, 'accounts', { Name: `${tag} ${i}` }, { sobjectType: 'Account' }),
      ) as [StoredEntry];
      const hold = org.emulator.faults.add({ ...createCall, holdAnswer: true });
      const run = up(manager);
      await hold.reached();
      change(store, created);
      hold.release();
      expect((await run).status).toBe('DONE');
      const [first] = store.retrieve('accounts', [created._soupEntryId]);
      return { store, manager, first };
    }

    it('an edit is kept (the record has its server id, still dirty) and the next sync up sends it', async () => {
      const tag = `EditUp${kind}`;
      const { store, manager, first } = await createWhileChanging(tag, (store, entry) =>
        updateLocally(store, 'accounts', entry._soupEntryId, { Name: `${tag} 0 edited` }),
      );
      expect(first).toMatchObject({ Name: `${tag} 0 edited`, __local__: true });
      expect(String(first?.Id)).toMatch(/^001/);
      expect((await up(manager)).status).toBe('DONE');
      const server = serverRecords(org, 'Account', 'Name', `${tag} `).map((r) => r.Name);
      expect(server.sort()).toEqual([`${tag} 0 edited`, `${tag} 1`, `${tag} 2`]);
      const local = soupEntries(store, 'accounts');
      expect(local.every((e) => e.__local__ === false)).toBe(true);
      expect(local.map((e) => e.Name).sort()).toEqual(server.sort());
    });

    it('a delete is kept and the next sync up deletes the new record on the server', async () => {
      const tag = `DeleteUp${kind}`;
      const { store, manager, first } = await createWhileChanging(tag, (store, entry) =>
        deleteLocally(store, 'accounts', entry._soupEntryId),
      );
      expect(first).toMatchObject({ __local__: true, __locally_deleted__: true });
      expect(String(first?.Id)).toMatch(/^001/);
      expect((await up(manager)).status).toBe('DONE');
      const server = serverRecords(org, 'Account', 'Name', `${tag} `).map((r) => r.Name);
      expect(server.sort()).toEqual([`${tag} 1`, `${tag} 2`]);
      expect(soupEntries(store, 'accounts')).toHaveLength(2);
    });
  },
);

/** One server record of `tag`, brought down (LEAVE_IF_CHANGED), and a LEAVE_IF_CHANGED sync up of the soup. */
async function oneDownloaded(tag: string) {
  const [id] = seed(tag, 1);
  const { store, manager } = syncSetup(org);
  await manager.syncDown({
    target: downTarget(tag),
    soupName: 'accounts',
    options: { mergeMode: 'LEAVE_IF_CHANGED' },
  });
  const [entry] = soupEntries(store, 'accounts') as [StoredEntry];
  const up = () =>
    manager.syncUp({
      soupName: 'accounts',
      target: upTarget('collection'),
      options: { mergeMode: 'LEAVE_IF_CHANGED' },
    });
  return { id: String(id), store, entry, up };
}

describe('an edit made while its update is on its way (LEAVE_IF_CHANGED)', () => {
  it('stays dirty, and the next sync up sends it (the first update is not taken for a conflict)', async () => {
    const tag = 'EditUpdate';
    const { id, store, entry, up } = await oneDownloaded(tag);
    updateLocally(store, 'accounts', entry._soupEntryId, { Description: 'first' });
    const hold = org.emulator.faults.add({
      method: 'PATCH',
      path: '/composite/sobjects',
      holdAnswer: true,
    });
    const run = up();
    await hold.reached();
    updateLocally(store, 'accounts', entry._soupEntryId, { Description: 'second' });
    hold.release();
    await run;
    expect(org.emulator.org.get('Account', id)?.Description).toBe('first');
    expect(store.retrieve('accounts', [entry._soupEntryId])[0]).toMatchObject({
      Description: 'second',
      __local__: true,
    });
    await up();
    expect(org.emulator.org.get('Account', id)?.Description).toBe('second');
    expect(store.retrieve('accounts', [entry._soupEntryId])[0]).toMatchObject({
      Description: 'second',
      __local__: false,
      LastModifiedDate: org.emulator.org.get('Account', id)?.LastModifiedDate,
    });
  });

  it('edit, sync up, edit again, sync up: both edits reach the server with no sync down between (the SDK skips the second)', async () => {
    const tag = 'EditTwice';
    const { id, store, entry, up } = await oneDownloaded(tag);
    for (const text of ['one', 'two', 'three']) {
      updateLocally(store, 'accounts', entry._soupEntryId, { Description: text });
      await up();
      expect(org.emulator.org.get('Account', id)?.Description).toBe(text);
      expect(store.retrieve('accounts', [entry._soupEntryId])[0]?.__local__).toBe(false);
    }
  });

  it('a change the server made meanwhile is still a conflict: the record is left dirty', async () => {
    const tag = 'EditConflict';
    const { id, store, entry, up } = await oneDownloaded(tag);
    updateLocally(store, 'accounts', entry._soupEntryId, { Description: 'local' });
    await up();
    org.emulator.org.update('Account', id, { Description: 'someone else' });
    updateLocally(store, 'accounts', entry._soupEntryId, { Description: 'local again' });
    await up();
    expect(org.emulator.org.get('Account', id)?.Description).toBe('someone else');
    expect(store.retrieve('accounts', [entry._soupEntryId])[0]).toMatchObject({
      Description: 'local again',
      __local__: true,
    });
  });
});
