/**
 * The sync manager against the emulator through real jsforce: soql sync down
 * (pages, callbacks, incremental re-sync, LEAVE_IF_CHANGED), collection sync up
 * (creates, updates, deletes, per-record errors, merge modes), failures that
 * keep every local change, stop and resume, and the state in syncs_soup.
 */
import { describe, expect, it } from 'vitest';
import type { SmartStore, StoredEntry } from '../../../runtime/store/smart-store.js';
import {
  createLocally,
  deleteLocally,
  isLocalId,
  type SyncError,
  SyncManager,
  type SyncState,
  updateLocally,
} from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { memoryStore } from '../../helpers/store-helpers.js';
import {
  ACCOUNT_SPECS,
  rejection,
  seedAccounts,
  soupEntries,
  syncSetup,
} from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

function setup(): { store: SmartStore; manager: SyncManager } {
  return syncSetup(org);
}

function entries(store: SmartStore): StoredEntry[] {
  return soupEntries(store, 'accounts', 'Name');
}

describe('SyncManager.open', () => {
  it('creates syncs_soup with json1 indexes on type, name and status, and stops syncs a killed process left RUNNING', () => {
    const store = memoryStore();
    store.registerSoup('accounts', ACCOUNT_SPECS);
    const first = SyncManager.open({ store, connection: org.connect() });
    expect(store.getSoupIndexSpecs('syncs_soup').map(({ path, type }) => [path, type])).toEqual([
      ['type', 'json1'],
      ['name', 'json1'],
      ['status', 'json1'],
    ]);
    const created = first.createSyncDown({
      target: { type: 'soql', query: 'SELECT Name FROM Account' },
      soupName: 'accounts',
      syncName: 'left running',
    });
    store.upsert('syncs_soup', [
      { ...store.retrieve('syncs_soup', [created.id])[0], status: 'RUNNING' },
    ]);
    SyncManager.open({ store, connection: org.connect() });
    expect(first.getSyncStatus('left running')?.status).toBe('STOPPED');
  });
});

describe('SyncManager.open on a legacy syncs_soup', () => {
  it('upgrades the string indexes an older SDK made to json1 on type, name and status, keeping the states', () => {
    const store = memoryStore();
    store.registerSoup('accounts', ACCOUNT_SPECS);
    store.registerSoup('syncs_soup', [
      { path: 'type', type: 'string' },
      { path: 'name', type: 'string' },
    ]);
    store.upsert('syncs_soup', [
      {
        type: 'syncDown',
        name: 'old',
        soupName: 'accounts',
        target: { type: 'soql', query: 'select Id from Account' },
        options: { mergeMode: 'OVERWRITE' },
        status: 'RUNNING',
        progress: 10,
        totalSize: 5,
        maxTimeStamp: -1,
        startTime: 0,
        endTime: 0,
        error: '',
      },
    ]);
    const manager = SyncManager.open({ store, connection: org.connect() });
    expect(store.getSoupIndexSpecs('syncs_soup').map(({ path, type }) => [path, type])).toEqual([
      ['type', 'json1'],
      ['name', 'json1'],
      ['status', 'json1'],
    ]);
    expect(manager.getSyncStatus('old')).toMatchObject({ status: 'STOPPED', progress: 10 });
  });
});

describe('soql sync down', () => {
  it('stores every page, reports progress in the SDK order, and records maxTimeStamp', async () => {
    const { store, manager } = setup();
    seedAccounts(org, 'Page', 450);
    const updates: SyncState[] = [];
    const state = await manager.syncDown({
      target: {
        type: 'soql',
        query: "SELECT Name FROM Account WHERE Name LIKE 'Page%'",
        maxBatchSize: 200,
      },
      soupName: 'accounts',
      syncName: 'pages',
      onUpdate: (s) => updates.push(s),
    });
    expect(updates.map((s) => [s.status, s.progress, s.totalSize])).toEqual([
      ['RUNNING', 0, -1],
      ['RUNNING', 0, 450],
      ['RUNNING', 44, 450],
      ['RUNNING', 88, 450],
      ['DONE', 100, 450],
    ]);
    expect(state.target).toMatchObject({
      query:
        "select Id,LastModifiedDate,Name from Account where Name LIKE 'Page%' order by LastModifiedDate",
    });
    const stored = entries(store);
    expect(stored).toHaveLength(450);
    expect(stored[0]).toMatchObject({
      attributes: { type: 'Account' },
      __local__: false,
      __sync_id__: state.id,
    });
    const newest = Math.max(
      ...stored.map((e) => Date.parse(String(e.LastModifiedDate).replace('+0000', 'Z'))),
    );
    expect(state.maxTimeStamp).toBe(newest);
    expect(
      org.emulator.requests
        .filter((r) => r.path.includes('/query'))
        .slice(-3)
        .map((r) => r.headers),
    ).toEqual([{ 'sforce-query-options': 'batchSize=200' }, {}, {}]);
  });

  it('re-syncs incrementally, keeping the filter whole in parentheses', async () => {
    const { store, manager } = setup();
    const [a] = seedAccounts(org, 'Incr', 3) as [string];
    const first = await manager.syncDown({
      target: {
        type: 'soql',
        query: "SELECT Name FROM Account WHERE Name = 'Incr 0000' OR Name LIKE 'Incr%'",
      },
      soupName: 'accounts',
      syncName: 'incremental',
    });
    expect(first.totalSize).toBe(3);
    org.emulator.clock.advance(1000);
    org.emulator.org.update('Account', a, { Name: 'Incr 0000 changed' });
    const mark = org.emulator.requestCount;
    const again = await manager.reSync('incremental');
    expect(again).toMatchObject({ status: 'DONE', totalSize: 1 });
    const [query] = org.emulator.requestsSince(mark);
    expect(query?.query.q).toMatch(
      /^select Id,LastModifiedDate,Name from Account where LastModifiedDate > \S+ and \(Name = 'Incr 0000' OR Name LIKE 'Incr%'\) order by LastModifiedDate$/,
    );
    expect(entries(store).map((e) => e.Name)).toContain('Incr 0000 changed');
  });

  it('LEAVE_IF_CHANGED leaves locally changed records alone', async () => {
    const { store, manager } = setup();
    const [id] = seedAccounts(org, 'Leave', 1) as [string];
    const query = "SELECT Name FROM Account WHERE Name LIKE 'Leave%'";
    await manager.syncDown({ target: { type: 'soql', query }, soupName: 'accounts' });
    const [local] = entries(store);
    updateLocally(store, 'accounts', local?._soupEntryId ?? 0, { Name: 'Leave local' });
    org.emulator.clock.advance(1000);
    org.emulator.org.update('Account', id, { Name: 'Leave server' });
    await manager.syncDown({
      target: { type: 'soql', query },
      soupName: 'accounts',
      options: { mergeMode: 'LEAVE_IF_CHANGED' },
    });
    expect(entries(store).map((e) => [e.Name, e.__local__])).toEqual([['Leave local', true]]);
    await manager.syncDown({
      target: { type: 'soql', query: "SELECT Name FROM Account WHERE Name LIKE 'Leave%'" },
      soupName: 'accounts',
    });
    expect(entries(store).map((e) => [e.Name, e.__local__])).toEqual([['Leave server', false]]);
  });

  it('fails with the server error, keeping the pages already saved and every local change', async () => {
    const { store, manager } = setup();
    seedAccounts(org, 'Fail', 300);
    createLocally(store, 'accounts', { Name: 'Fail local' }, { sobjectType: 'Account' });
    const fault = org.emulator.faults.add({
      path: /\/query\/01g/,
      times: Number.POSITIVE_INFINITY,
      respond: {
        status: 400,
        body: [
          { errorCode: 'QUERY_TIMEOUT', message: 'Your query request was running for too long.' },
        ],
      },
    });
    const error = await rejection(
      manager.syncDown({
        target: {
          type: 'soql',
          query: "SELECT Name FROM Account WHERE Name LIKE 'Fail%'",
          maxBatchSize: 200,
        },
        soupName: 'accounts',
        syncName: 'failing',
      }),
    );
    fault.remove();
    expect(error.code).toBe('SYNC_FAILED');
    expect(error.state).toMatchObject({ status: 'FAILED', progress: 66 });
    expect(error.state?.error).toContain('Your query request was running for too long.');
    expect(manager.getSyncStatus('failing')?.status).toBe('FAILED');
    const stored = entries(store);
    expect(stored.filter((e) => e.__local__ === false)).toHaveLength(200);
    expect(stored.filter((e) => e.__local__ === true).map((e) => e.Name)).toEqual(['Fail local']);
    expect((await manager.reSync('failing')).status).toBe('DONE');
    expect(entries(store).filter((e) => e.__local__ === false)).toHaveLength(300);
  });

  it('stops between pages and resumes with reSync', async () => {
    const { store, manager } = setup();
    seedAccounts(org, 'Stop', 400);
    const held = org.emulator.faults.add({ path: /\/query\/01g/, hold: true });
    const running = manager.syncDown({
      target: {
        type: 'soql',
        query: "SELECT Name FROM Account WHERE Name LIKE 'Stop%'",
        maxBatchSize: 200,
      },
      soupName: 'accounts',
      syncName: 'stopping',
    });
    // The second page is on its way (held) when stop() comes.
    await held.reached();
    manager.stop();
    expect(manager.isStopped()).toBe(true);
    held.release();
    const error = await rejection(running);
    held.remove();
    expect(error.code).toBe('SYNC_STOPPED');
    expect(error.state?.status).toBe('STOPPED');
    await expect(manager.reSync('stopping')).rejects.toMatchObject({
      code: 'SYNC_MANAGER_STOPPED',
    });
    const [resumed] = await manager.restart({ restartStoppedSyncs: true });
    expect(resumed?.status).toBe('DONE');
    expect(entries(store)).toHaveLength(400);
  });
});

describe('sosl and mru sync down', () => {
  it('sosl stores the search records; mru stores the recently viewed records, with the field list as given', async () => {
    const { store, manager } = setup();
    const ids = seedAccounts(org, 'Findable', 3);
    const found = await manager.syncDown({
      target: {
        type: 'sosl',
        query: 'FIND {Findable*} IN NAME FIELDS RETURNING Account(Id, Name, LastModifiedDate)',
      },
      soupName: 'accounts',
    });
    expect(found).toMatchObject({ status: 'DONE', totalSize: 3 });
    expect(entries(store).map((e) => e.Name)).toEqual([
      'Findable 0000',
      'Findable 0001',
      'Findable 0002',
    ]);

    const other = memoryStore();
    other.registerSoup('accounts', ACCOUNT_SPECS);
    const mruManager = SyncManager.open({ store: other, connection: org.connect() });
    org.emulator.org.markRecentlyViewed('Account', [ids[2] as string, ids[0] as string]);
    const recent = await mruManager.syncDown({
      target: { type: 'mru', sobjectType: 'Account', fieldlist: ['Id', 'Name'] },
      soupName: 'accounts',
    });
    expect(recent.totalSize).toBe(2);
    const stored = entries(other);
    expect(stored.map((e) => e.Name)).toEqual(['Findable 0000', 'Findable 0002']);
    expect(stored[0]).toMatchObject({ __local__: false, __sync_id__: recent.id });
    expect(Object.keys(stored[0] ?? {})).not.toContain('LastModifiedDate');
    expect(() =>
      mruManager.createSyncDown({
        target: { type: 'custom' } as never,
        soupName: 'accounts',
      }),
    ).toThrow(/type custom is not one of soql, sosl, mru, refresh, parent_children/);
  });
});

describe('refresh sync down', () => {
  it('re-fetches the records in the soup, a slice of ids a query, and a re-sync only what changed', async () => {
    const { store, manager } = setup();
    const ids = seedAccounts(org, 'Refresh', 5);
    store.upsert(
      'accounts',
      ids.map((Id) => ({ Id, Name: 'stale', LastModifiedDate: '2000-01-01T00:00:00.000+0000' })),
      'Id',
    );
    createLocally(store, 'accounts', { Name: 'Refresh local only' }, { sobjectType: 'Account' });
    const mark = org.emulator.requestCount;
    const state = await manager.syncDown({
      target: {
        type: 'refresh',
        sobjectType: 'Account',
        fieldlist: ['Name'],
        soupName: 'accounts',
        countIdsPerSoql: 2,
      },
      soupName: 'accounts',
      syncName: 'refresh',
    });
    expect(state).toMatchObject({ status: 'DONE', totalSize: 5 });
    const queries = org.emulator.requestsSince(mark).map((r) => r.query.q ?? '');
    expect(queries).toHaveLength(3);
    // The field list in its order, Id and LastModifiedDate appended (RefreshSyncDownTarget.kt).
    expect(queries[0]).toMatch(
      /^select Name, Id, LastModifiedDate from Account where Id IN \('001/,
    );
    expect(entries(store).filter((e) => e.Name === 'stale')).toHaveLength(0);
    expect(entries(store).map((e) => e.Name)).toContain('Refresh local only');
    org.emulator.clock.advance(1000);
    org.emulator.org.update('Account', ids[3] as string, { Name: 'Refresh changed' });
    const again = await manager.reSync('refresh');
    expect(again.status).toBe('DONE');
    expect(entries(store).map((e) => e.Name)).toContain('Refresh changed');
    const later = org.emulator
      .requestsSince(mark)
      .slice(3)
      .map((r) => r.query.q ?? '');
    expect(later.every((q) => / AND LastModifiedDate > /.test(q))).toBe(true);
  });
});

describe('collection sync up', () => {
  it('creates, updates and deletes on the server, cleans what succeeded and keeps per-record errors', async () => {
    const { store, manager } = setup();
    seedAccounts(org, 'Up', 2);
    await manager.syncDown({
      target: { type: 'soql', query: "SELECT Name FROM Account WHERE Name LIKE 'Up%'" },
      soupName: 'accounts',
    });
    const [first, second] = entries(store) as [StoredEntry, StoredEntry];
    updateLocally(store, 'accounts', first._soupEntryId, { Name: 'Up renamed' });
    deleteLocally(store, 'accounts', second._soupEntryId);
    const created = createLocally(
      store,
      'accounts',
      { Name: 'Up created' },
      { sobjectType: 'Account' },
    );
    const invalid = createLocally(
      store,
      'accounts',
      { Name: 'x'.repeat(300) },
      { sobjectType: 'Account' },
    );
    const updates: SyncState[] = [];
    const state = await manager.syncUp({
      soupName: 'accounts',
      target: { createFieldlist: ['Name'], updateFieldlist: ['Name'] },
      options: { mergeMode: 'OVERWRITE' },
      onUpdate: (s) => updates.push(s),
    });
    expect(state).toMatchObject({ status: 'DONE', totalSize: 4 });
    expect(updates.at(1)).toMatchObject({ status: 'RUNNING', totalSize: 4 });
    const byName = new Map(entries(store).map((e) => [e.Name, e]));
    const createdNow = byName.get('Up created');
    expect(createdNow?._soupEntryId).toBe(created._soupEntryId);
    expect(isLocalId(createdNow?.Id)).toBe(false);
    expect(createdNow?.__local__).toBe(false);
    expect(org.emulator.org.get('Account', createdNow?.Id as string)?.Name).toBe('Up created');
    expect(org.emulator.org.get('Account', first.Id as string)?.Name).toBe('Up renamed');
    expect(org.emulator.org.get('Account', second.Id as string)).toBeUndefined();
    expect(byName.has(second.Name as string)).toBe(false);
    const failed = store.retrieve('accounts', [invalid._soupEntryId])[0];
    expect(failed).toMatchObject({ __local__: true, __locally_created__: true });
    expect(JSON.parse(String(failed?.__last_error__))).toMatchObject({
      statusCode: 'STRING_TOO_LONG',
    });
  });

  it('LEAVE_IF_CHANGED leaves records the server changed since they came down; OVERWRITE pushes them', async () => {
    const { store, manager } = setup();
    const [id] = seedAccounts(org, 'Merge', 1) as [string];
    await manager.syncDown({
      target: { type: 'soql', query: "SELECT Name FROM Account WHERE Name LIKE 'Merge%'" },
      soupName: 'accounts',
    });
    const [local] = entries(store);
    updateLocally(store, 'accounts', local?._soupEntryId ?? 0, { Name: 'Merge local' });
    org.emulator.clock.advance(1000);
    org.emulator.org.update('Account', id, { Name: 'Merge server' });
    const target = { createFieldlist: ['Name'], updateFieldlist: ['Name'] };
    await manager.syncUp({
      soupName: 'accounts',
      target,
      options: { mergeMode: 'LEAVE_IF_CHANGED' },
    });
    expect(org.emulator.org.get('Account', id)?.Name).toBe('Merge server');
    expect(entries(store)[0]).toMatchObject({ Name: 'Merge local', __local__: true });
    expect(entries(store)[0]?.__last_error__).toBeUndefined();
    await manager.syncUp({ soupName: 'accounts', target, options: { mergeMode: 'OVERWRITE' } });
    expect(org.emulator.org.get('Account', id)?.Name).toBe('Merge local');
    expect(entries(store)[0]?.__local__).toBe(false);
  });

  it('a whole-call failure fails the sync and keeps every local change', async () => {
    const { store, manager } = setup();
    const created = createLocally(
      store,
      'accounts',
      { Name: 'Call fails' },
      { sobjectType: 'Account' },
    );
    const fault = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects',
      respond: { status: 400, body: [{ errorCode: 'INVALID_INPUT', message: 'refused' }] },
    });
    const error = await rejection(
      manager.syncUp({
        soupName: 'accounts',
        target: { createFieldlist: ['Name'], updateFieldlist: ['Name'] },
        options: { mergeMode: 'OVERWRITE' },
      }),
    );
    fault.remove();
    expect(error.state?.status).toBe('FAILED');
    const { _soupLastModifiedDate: _, ...kept } =
      store.retrieve('accounts', [created._soupEntryId])[0] ?? {};
    const { _soupLastModifiedDate: __, ...before } = created;
    expect(kept).toEqual(before);
  });
});

describe('cleanResyncGhosts', () => {
  it("removes this sync's clean records the server no longer returns, never dirty, flag-less or other syncs' records", async () => {
    const { store, manager } = setup();
    const [gone] = seedAccounts(org, 'Ghost', 3) as [string];
    const [other] = seedAccounts(org, 'Other', 1) as [string];
    const ghostSync = await manager.syncDown({
      target: { type: 'soql', query: "SELECT Name FROM Account WHERE Name LIKE 'Ghost%'" },
      soupName: 'accounts',
      syncName: 'ghosts',
    });
    await manager.syncDown({
      target: { type: 'soql', query: "SELECT Name FROM Account WHERE Name LIKE 'Other%'" },
      soupName: 'accounts',
    });
    createLocally(store, 'accounts', { Name: 'Ghost local' }, { sobjectType: 'Account' });
    store.upsert('accounts', [{ Id: '001EM0000000zzzAAA', Name: 'Ghost without flags' }]);
    org.emulator.org.delete('Account', gone);
    org.emulator.org.delete('Account', other);
    expect(await manager.cleanResyncGhosts('ghosts')).toBe(1);
    const names = entries(store).map((e) => e.Name);
    expect(names).not.toContain('Ghost 0000');
    expect(names).toEqual(
      expect.arrayContaining([
        'Ghost 0001',
        'Ghost 0002',
        'Ghost local',
        'Ghost without flags',
        'Other 0000',
      ]),
    );
    // The state is not changed by ghost cleaning.
    expect(manager.getSyncStatus('ghosts')).toEqual(manager.getSyncStatus(ghostSync.id));
    expect(manager.getSyncStatus('ghosts')?.status).toBe('DONE');
    await expect(manager.cleanResyncGhosts('nope')).rejects.toMatchObject({
      code: 'SYNC_NOT_FOUND',
    });
  });
});

describe('no duplicates on retry', () => {
  it.each([
    ['the create call', 'POST'],
    ['the update call', 'PATCH'],
    ['the delete call', 'DELETE'],
  ])(
    'a connection dropped after the server committed %s: the retried sync up creates nothing twice and loses nothing',
    async (_, method) => {
      const { store, manager } = setup();
      const tag = `Dup ${method}`;
      seedAccounts(org, tag, 2);
      await manager.syncDown({
        target: { type: 'soql', query: `SELECT Name FROM Account WHERE Name LIKE '${tag}%'` },
        soupName: 'accounts',
      });
      const [toUpdate, toDelete] = entries(store) as [StoredEntry, StoredEntry];
      updateLocally(store, 'accounts', toUpdate._soupEntryId, { Name: `${tag} updated` });
      deleteLocally(store, 'accounts', toDelete._soupEntryId);
      createLocally(store, 'accounts', { Name: `${tag} created` }, { sobjectType: 'Account' });
      createLocally(store, 'accounts', { Name: `${tag} created` }, { sobjectType: 'Account' });
      const fault = org.emulator.faults.add({
        method,
        path: '/composite/sobjects',
        dropAfterCommit: true,
      });
      const request = () =>
        manager.syncUp({
          soupName: 'accounts',
          target: { createFieldlist: ['Name'], updateFieldlist: ['Name'] },
          options: { mergeMode: 'OVERWRITE' },
        });
      const first = await request().then(
        (state) => state,
        (error: SyncError) => error.state,
      );
      expect(fault.hits).toBe(1);
      fault.remove();
      if (first?.status !== 'DONE') expect((await request()).status).toBe('DONE');
      const onServer = org.emulator.org
        .all('Account')
        .filter((r) => String(r.Name).startsWith(tag));
      // Two local records with the same values became two server records, no more.
      expect(onServer.map((r) => r.Name).sort()).toEqual([
        `${tag} created`,
        `${tag} created`,
        `${tag} updated`,
      ]);
      const local = entries(store);
      expect(local.every((e) => e.__local__ === false && !isLocalId(e.Id))).toBe(true);
      expect(local.map((e) => e.Id).sort()).toEqual(onServer.map((r) => r.Id).sort());
    },
  );
});

describe('no duplicates on retry, by reSync of the same sync', () => {
  it('looks the unanswered creates up on the server and keeps the state clean afterwards', async () => {
    const { store, manager } = setup();
    createLocally(store, 'accounts', { Name: 'Resync created' }, { sobjectType: 'Account' });
    const fault = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects',
      dropAfterCommit: true,
    });
    const error = await rejection(
      manager.syncUp({
        soupName: 'accounts',
        syncName: 'retried',
        target: { createFieldlist: ['Name'], updateFieldlist: ['Name'] },
        options: { mergeMode: 'OVERWRITE' },
      }),
    );
    fault.remove();
    expect(error.state?.status).toBe('FAILED');
    expect(manager.getPendingWrites('accounts').filter((w) => w.op === 'create')).toHaveLength(1);
    const mark = org.emulator.requestCount;
    expect((await manager.reSync('retried')).status).toBe('DONE');
    expect(org.emulator.requestsSince(mark).map((r) => r.method)).toEqual(['GET', 'PATCH']);
    expect(org.emulator.org.all('Account').filter((r) => r.Name === 'Resync created')).toHaveLength(
      1,
    );
    expect(manager.getPendingWrites()).toEqual([]);
  });
});

describe('errors', () => {
  it('SYNC_DUPLICATE_NAME, SYNC_NOT_FOUND and SYNC_BAD_TARGET', async () => {
    const { manager } = setup();
    manager.createSyncDown({
      target: { type: 'soql', query: 'SELECT Id FROM Account' },
      soupName: 'accounts',
      syncName: 'twice',
    });
    expect(() =>
      manager.createSyncDown({
        target: { type: 'soql', query: 'SELECT Id FROM Account' },
        soupName: 'accounts',
        syncName: 'twice',
      }),
    ).toThrow(/already a sync with name twice/);
    await expect(manager.reSync('nope')).rejects.toMatchObject({
      code: 'SYNC_NOT_FOUND',
      message: 'Sync nope does not exist',
    });
    expect(() =>
      manager.createSyncDown({ target: { type: 'soql', query: ' ' }, soupName: 'accounts' }),
    ).toThrow('No query defined');
    expect(manager.getSyncStatus('nope')).toBeNull();
    manager.deleteSync('twice');
    expect(manager.getSyncStatus('twice')).toBeNull();
  });
});
