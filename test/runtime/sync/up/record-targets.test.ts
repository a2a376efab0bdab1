/**
 * The three record sync-up targets (sObject Collections, composite batch,
 * single record) against the emulator through jsforce: the same local edits
 * give the same server and local outcome with each, in the calls each target
 * makes; merge modes; upsert by external id; records deleted on the server.
 */
import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../../../../runtime/store/smart-store.js';
import {
  createLocally,
  deleteLocally,
  isLocalId,
  SYNC_UP_IMPLEMENTATIONS,
  type SyncState,
  type SyncUpKind,
  type SyncUpTarget,
  updateLocally,
} from '../../../../runtime/sync/index.js';
import { useEmulator } from '../../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../../helpers/paths.js';
import {
  compositeRequests,
  dataCalls,
  serverRecords,
  soupEntries,
  syncSetup,
} from '../../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

const KINDS: readonly SyncUpKind[] = ['collection', 'batch', 'single'];

function targetOf(kind: SyncUpKind, extra: Partial<SyncUpTarget> = {}): SyncUpTarget {
  return {
    ...(kind === 'collection' ? {} : { androidImpl: SYNC_UP_IMPLEMENTATIONS[kind].androidImpl }),
    createFieldlist: ['Name', 'External_Key__c'],
    updateFieldlist: ['Name'],
    ...extra,
  };
}

async function downloaded(tag: string, count: number) {
  const { store, manager } = syncSetup(org);
  const ids = org.emulator.org.insert(
    'Account',
    Array.from({ length: count }, (_, i) => ({ Name: `${tag} ${i}` })),
  );
  await manager.syncDown({
    target: { type: 'soql', query: `SELECT Name FROM Account WHERE Name LIKE '${tag} %'` },
    soupName: 'accounts',
  });
  return { store, manager, ids, local: soupEntries(store, 'accounts', 'Name') };
}

describe.each(KINDS)('the %s sync-up target', (kind) => {
  it('creates, updates and deletes; re-creates what the server deleted; keeps per-record errors; cleans the rest', async () => {
    const tag = `Rec${kind}`;
    const { store, manager, ids, local } = await downloaded(tag, 4);
    const [renamed, removed, goneThenEdited, goneThenDeleted] = local as [
      StoredEntry,
      StoredEntry,
      StoredEntry,
      StoredEntry,
    ];
    updateLocally(store, 'accounts', renamed._soupEntryId, { Name: `${tag} renamed` });
    deleteLocally(store, 'accounts', removed._soupEntryId);
    updateLocally(store, 'accounts', goneThenEdited._soupEntryId, { Name: `${tag} back` });
    deleteLocally(store, 'accounts', goneThenDeleted._soupEntryId);
    org.emulator.org.delete('Account', ids[2] as string);
    org.emulator.org.delete('Account', ids[3] as string);
    const created = createLocally(
      store,
      'accounts',
      { Name: `${tag} new` },
      { sobjectType: 'Account' },
    );
    const neverSent = createLocally(
      store,
      'accounts',
      { Name: `${tag} gone` },
      { sobjectType: 'Account' },
    );
    deleteLocally(store, 'accounts', neverSent._soupEntryId);
    const invalid = createLocally(
      store,
      'accounts',
      { Name: 'x'.repeat(300) },
      { sobjectType: 'Account' },
    );
    const updates: SyncState[] = [];
    const mark = org.emulator.requestCount;
    const state = await manager.syncUp({
      soupName: 'accounts',
      target: targetOf(kind),
      options: { mergeMode: 'OVERWRITE' },
      onUpdate: (s) => updates.push(s),
    });
    expect(state).toMatchObject({ status: 'DONE', totalSize: 7, progress: 100 });
    expect(updates.slice(0, 2).map((s) => [s.status, s.progress, s.totalSize])).toEqual([
      ['RUNNING', 0, -1],
      ['RUNNING', 0, 7],
    ]);
    const server = serverRecords(org, 'Account', 'Name', tag)
      .map((r) => r.Name)
      .sort();
    expect(server).toEqual([`${tag} back`, `${tag} new`, `${tag} renamed`]);
    const after = soupEntries(store, 'accounts', 'Name');
    expect(after.map((e) => e.Name)).toEqual([
      `${tag} back`,
      `${tag} new`,
      `${tag} renamed`,
      'x'.repeat(300),
    ]);
    const byName = new Map(after.map((e) => [e.Name, e]));
    expect(byName.get(`${tag} new`)).toMatchObject({
      _soupEntryId: created._soupEntryId,
      __local__: false,
    });
    expect(isLocalId(byName.get(`${tag} new`)?.Id)).toBe(false);
    // Deleted on the server while edited here: created again with a new id.
    expect(byName.get(`${tag} back`)?.Id).not.toBe(ids[2]);
    expect(org.emulator.org.get('Account', String(byName.get(`${tag} back`)?.Id))).toBeDefined();
    const failed = store.retrieve('accounts', [invalid._soupEntryId])[0];
    expect(failed).toMatchObject({ __local__: true, __locally_created__: true });
    expect(String(failed?.__last_error__)).toContain('STRING_TOO_LONG');
    const calls = org.emulator
      .requestsSince(mark)
      .map(
        (r) => `${r.method} ${r.path.replace(/\/services\/data\/v[\d.]+/, '').replace(/\?.*/, '')}`,
      );
    switch (kind) {
      case 'collection':
        expect(calls.every((c) => c.includes('/composite/sobjects'))).toBe(true);
        break;
      case 'batch':
        expect(calls.every((c) => c === 'POST /composite')).toBe(true);
        break;
      case 'single':
        expect(calls.every((c) => /^(GET|POST|PATCH|DELETE) \/sobjects\/Account/.test(c))).toBe(
          true,
        );
        // One call per record sent (six; the created-then-deleted one is not), one read that
        // tells the record gone from a bad lookup, and the re-create.
        expect(calls).toHaveLength(8);
        expect(updates.map((s) => s.progress)).toEqual([0, 0, 14, 28, 42, 57, 71, 85, 100]);
        break;
    }
    // Repaired here, the record goes with the next run and loses its error.
    updateLocally(store, 'accounts', invalid._soupEntryId, { Name: `${tag} repaired` });
    await manager.reSync(state.id);
    const repaired = store.retrieve('accounts', [invalid._soupEntryId])[0];
    expect(repaired).toMatchObject({ Name: `${tag} repaired`, __local__: false });
    expect(repaired).not.toHaveProperty('__last_error__');
    expect(org.emulator.org.get('Account', String(repaired?.Id))?.Name).toBe(`${tag} repaired`);
  });

  it('LEAVE_IF_CHANGED leaves what the server changed since it came down; OVERWRITE pushes it', async () => {
    const tag = `Merge${kind}`;
    const { store, manager, ids, local } = await downloaded(tag, 2);
    for (const entry of local)
      updateLocally(store, 'accounts', entry._soupEntryId, { Name: `${String(entry.Name)} local` });
    org.emulator.clock.advance(1000);
    org.emulator.org.update('Account', ids[0] as string, { Name: `${tag} server` });
    await manager.syncUp({
      soupName: 'accounts',
      target: targetOf(kind),
      options: { mergeMode: 'LEAVE_IF_CHANGED' },
    });
    expect(org.emulator.org.get('Account', ids[0] as string)?.Name).toBe(`${tag} server`);
    expect(org.emulator.org.get('Account', ids[1] as string)?.Name).toBe(`${tag} 1 local`);
    const left = soupEntries(store, 'accounts', 'Name').find((e) => e.Id === ids[0]);
    expect(left).toMatchObject({ Name: `${tag} 0 local`, __local__: true });
    expect(left?.__last_error__).toBeUndefined();
    await manager.syncUp({
      soupName: 'accounts',
      target: targetOf(kind),
      options: { mergeMode: 'OVERWRITE' },
    });
    expect(org.emulator.org.get('Account', ids[0] as string)?.Name).toBe(`${tag} 0 local`);
  });

  it('upserts a create by its external id instead of creating a second record', async () => {
    const tag = `Ext${kind}`;
    const { store, manager } = syncSetup(org);
    const [existing] = org.emulator.org.insert('Account', [
      { Name: `${tag} server`, External_Key__c: `${tag}-1` },
    ]);
    createLocally(
      store,
      'accounts',
      { Name: `${tag} local`, External_Key__c: `${tag}-1` },
      { sobjectType: 'Account' },
    );
    createLocally(
      store,
      'accounts',
      { Name: `${tag} fresh`, External_Key__c: `${tag}-2` },
      { sobjectType: 'Account' },
    );
    await manager.syncUp({
      soupName: 'accounts',
      target: targetOf(kind, { externalIdFieldName: 'External_Key__c' }),
      options: { mergeMode: 'OVERWRITE' },
    });
    expect(
      serverRecords(org, 'Account', 'External_Key__c', tag).map((r) => [r.Id === existing, r.Name]),
    ).toEqual([
      [true, `${tag} local`],
      [false, `${tag} fresh`],
    ]);
    const local = soupEntries(store, 'accounts', 'Name');
    expect(local.map((e) => e.__local__)).toEqual([false, false]);
    expect(local.find((e) => e.Name === `${tag} local`)?.Id).toBe(existing);
  });
});

describe('the batch target', () => {
  it('sends at most 25 records a composite call, referenced by their ids', async () => {
    const { store, manager } = syncSetup(org);
    for (let i = 0; i < 30; i++)
      createLocally(store, 'accounts', { Name: `Batch ${i}` }, { sobjectType: 'Account' });
    const mark = org.emulator.requestCount;
    await manager.syncUp({
      soupName: 'accounts',
      target: targetOf('batch', { maxBatchSize: 100 }),
      options: { mergeMode: 'OVERWRITE' },
    });
    const calls = dataCalls(org, mark);
    const sizes = calls.map((c) => compositeRequests(c).length);
    expect(sizes).toEqual([25, 5]);
    const [first] = compositeRequests(calls[0]);
    expect(first?.referenceId).toMatch(/^local_\d+$/);
    expect(first?.url).toMatch(/^\/services\/data\/v[\d.]+\/sobjects\/Account$/);
    expect(serverRecords(org, 'Account', 'Name', 'Batch ')).toHaveLength(30);
  });
});

describe('the single-record target', () => {
  it('keeps the whole error answer in __last_error__, leaves a record with no specific flag as it is, and fails without fields', async () => {
    const { store, manager } = syncSetup(org);
    const bad = createLocally(store, 'accounts', { Name: null }, { sobjectType: 'Account' });
    const [odd] = store.upsert('accounts', [
      { Id: 'local_odd', Name: 'odd', __local__: true, attributes: { type: 'Account' } },
    ]);
    const mark = org.emulator.requestCount;
    const state = await manager.syncUp({
      soupName: 'accounts',
      target: targetOf('single'),
      options: { mergeMode: 'OVERWRITE' },
    });
    expect(state).toMatchObject({ status: 'DONE', totalSize: 2 });
    expect(dataCalls(org, mark)).toHaveLength(1);
    const error = JSON.parse(
      String(store.retrieve('accounts', [bad._soupEntryId])[0]?.__last_error__),
    );
    expect(error).toEqual([
      expect.objectContaining({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Name'] }),
    ]);
    expect(store.retrieve('accounts', [Number(odd?._soupEntryId)])[0]).toMatchObject({
      __local__: true,
      Name: 'odd',
    });
    await expect(
      manager.syncUp({
        soupName: 'accounts',
        target: { androidImpl: SYNC_UP_IMPLEMENTATIONS.single.androidImpl },
        options: { mergeMode: 'OVERWRITE' },
      }),
    ).rejects.toMatchObject({
      code: 'SYNC_FAILED',
      message: expect.stringContaining('No fields specified'),
    });
  });

  it('is named by iOSImpl as well, and an unknown class is refused', () => {
    const { manager } = syncSetup(org);
    expect(
      manager.createSyncUp({
        soupName: 'accounts',
        target: { iOSImpl: 'SFSyncUpTarget' },
        options: { mergeMode: 'OVERWRITE' },
      }).status,
    ).toBe('NEW');
    expect(() =>
      manager.createSyncUp({
        soupName: 'accounts',
        target: { androidImpl: 'com.example.Mine' },
        options: { mergeMode: 'OVERWRITE' },
      }),
    ).toThrow(/com.example.Mine is not one soupkit runs/);
  });
});
