/**
 * MERGE_FIELDS against the emulator through jsforce: the change matrix of one
 * field (unchanged / local / server / both-same / both-different) for an
 * update, and deletes on either side, each by sync up and by sync down; then
 * field kinds (multi-select as sets, address components, numbers), the race
 * of a server edit between the read and the write (If-Unmodified-Since, 412),
 * an update whose answer was lost, and resolution.
 */
import { describe, expect, it } from 'vitest';
import type { SmartStore, StoredEntry } from '../../../runtime/store/smart-store.js';
import {
  BASE,
  CONFLICTS,
  deleteLocally,
  LAST_ERROR,
  resolveConflicts,
  type SyncManager,
  updateLocally,
  WHOLE_RECORD,
} from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { RECORDED_DESCRIBES } from '../../helpers/paths.js';
import { soupEntries, syncSetup } from '../../helpers/sync.js';

const org = useEmulator({ describes: RECORDED_DESCRIBES });

const FIELDS = [
  'Name',
  'Phone',
  'Industry',
  'NumberOfEmployees',
  'BillingStreet',
  'BillingCity',
  'npsp__Funding_Focus__c',
  'LastModifiedDate',
];
const MERGE = { mergeMode: 'MERGE_FIELDS' as const };

let serial = 0;

/** One Account on the org, brought down under MERGE_FIELDS: its entry and id. */
async function synced(
  fields: Record<string, unknown> = {},
): Promise<{ store: SmartStore; manager: SyncManager; id: string; entry: () => StoredEntry }> {
  const { store, manager } = syncSetup(org);
  serial += 1;
  const tag = `Merge${serial}`;
  const [id] = org.emulator.org.insert('Account', [
    { Name: `${tag} 0`, Phone: 'B', ...fields },
  ]) as [string];
  await manager.syncDown({
    target: { type: 'soql', query: `SELECT ${FIELDS.join(', ')} FROM Account WHERE Id = '${id}'` },
    soupName: 'accounts',
    syncName: tag,
    options: MERGE,
  });
  const entry = () => soupEntries(store, 'accounts').find((e) => e.Id === id) as StoredEntry;
  return { store, manager, id, entry };
}

function server(id: string): Record<string, unknown> {
  return org.emulator.org.get('Account', id) as Record<string, unknown>;
}

/** A server edit, stamped at least a second after what the device read. */
function serverEdit(id: string, fields: Record<string, unknown>): void {
  org.emulator.clock.advance(1500);
  org.emulator.org.update('Account', id, fields);
}

const upTarget = {
  updateFieldlist: FIELDS.filter((f) => f !== 'LastModifiedDate'),
  createFieldlist: ['Name', 'Phone'],
};
const syncUp = (manager: SyncManager) =>
  manager.syncUp({ soupName: 'accounts', target: upTarget, options: MERGE });
const reSyncDown = (manager: SyncManager, id: string) =>
  manager.syncDown({
    target: { type: 'soql', query: `SELECT ${FIELDS.join(', ')} FROM Account WHERE Id = '${id}'` },
    soupName: 'accounts',
    options: MERGE,
  });

type Change = 'unchanged' | 'local' | 'server' | 'bothSame' | 'bothDifferent';
const CHANGES: readonly Change[] = ['unchanged', 'local', 'server', 'bothSame', 'bothDifferent'];

/** Local and server values of Phone (base 'B') for each change. */
const VALUES: Record<Change, { local?: string; server?: string }> = {
  unchanged: {},
  local: { local: 'L' },
  server: { server: 'S' },
  bothSame: { local: 'X', server: 'X' },
  bothDifferent: { local: 'L', server: 'S' },
};

/** What Phone ends as on the server and here, and whether it is a conflict. */
const EXPECTED: Record<Change, { server: string; local: string; conflict: boolean }> = {
  unchanged: { server: 'B', local: 'B', conflict: false },
  local: { server: 'L', local: 'L', conflict: false },
  server: { server: 'S', local: 'S', conflict: false },
  bothSame: { server: 'X', local: 'X', conflict: false },
  bothDifferent: { server: 'S', local: 'L', conflict: true },
};

describe('the change matrix of a field (update)', () => {
  for (const direction of ['sync up', 'sync down'] as const) {
    for (const change of CHANGES) {
      it(`${change}, by ${direction}: ends on both sides or is a conflict`, async () => {
        const { store, manager, id, entry } = await synced();
        const { local, server: there } = VALUES[change];
        // Another field changed on each side every time: both always survive.
        updateLocally(store, 'accounts', entry()._soupEntryId, {
          Industry: 'Energy',
          ...(local === undefined ? {} : { Phone: local }),
        });
        serverEdit(id, { BillingCity: 'Paris', ...(there === undefined ? {} : { Phone: there }) });
        if (direction === 'sync up') await syncUp(manager);
        else await reSyncDown(manager, id);
        const want = EXPECTED[change];
        const now = entry();
        expect(now.Phone).toBe(want.local);
        expect(now.BillingCity).toBe('Paris');
        expect(now.Industry).toBe('Energy');
        expect(server(id).Phone).toBe(
          direction === 'sync down' && change !== 'bothDifferent' ? (there ?? 'B') : want.server,
        );
        if (want.conflict) {
          expect(now[CONFLICTS]).toEqual([{ field: 'Phone', base: 'B', local: 'L', server: 'S' }]);
          expect(String(now[LAST_ERROR])).toContain('MERGE_CONFLICT');
          expect(now.__local__).toBe(true);
          // Nothing of a conflicted record is sent.
          expect(server(id).Industry ?? null).toBe(null);
        } else {
          expect(now[CONFLICTS]).toBeUndefined();
          if (direction === 'sync up') {
            expect(now.__local__).toBe(false);
            expect(server(id).Industry).toBe('Energy');
          } else {
            // The local change waits for the next sync up; the base is the server's copy now.
            expect(now.__local__).toBe(true);
            expect((now[BASE] as Record<string, unknown>).BillingCity).toBe('Paris');
            await syncUp(manager);
            expect(server(id).Industry).toBe('Energy');
            expect(server(id).Phone).toBe(want.server);
            expect(entry().__local__).toBe(false);
          }
        }
      });
    }
  }
});

describe('deletes are conflicts of the whole record', () => {
  for (const direction of ['sync up', 'sync down'] as const) {
    for (const serverChange of [false, true]) {
      it(`a delete here, ${serverChange ? 'an edit' : 'no edit'} there, by ${direction}`, async () => {
        const { store, manager, id, entry } = await synced();
        deleteLocally(store, 'accounts', entry()._soupEntryId);
        if (serverChange) serverEdit(id, { Phone: 'S' });
        if (direction === 'sync up') await syncUp(manager);
        else await reSyncDown(manager, id);
        if (!serverChange) {
          if (direction === 'sync up') {
            expect(server(id)).toBeUndefined();
            expect(soupEntries(store, 'accounts')).toHaveLength(0);
          } else expect(entry().__locally_deleted__).toBe(true);
          return;
        }
        expect(server(id).Phone).toBe('S');
        const now = entry();
        expect(now.__locally_deleted__).toBe(true);
        const [conflict] = now[CONFLICTS] as {
          field: string;
          local: unknown;
          server: { Phone: string };
        }[];
        expect(conflict?.field).toBe(WHOLE_RECORD);
        expect(conflict?.local).toBeNull();
        expect(conflict?.server.Phone).toBe('S');
      });
    }
    for (const localChange of [false, true]) {
      it(`a delete there, ${localChange ? 'an edit' : 'no edit'} here, by ${direction}`, async () => {
        const { store, manager, id, entry } = await synced();
        if (localChange) updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L' });
        org.emulator.org.delete('Account', id);
        if (direction === 'sync down') await reSyncDown(manager, id);
        if (direction === 'sync up' || localChange) await syncUp(manager);
        if (!localChange) {
          // Nothing changed here: a sync down leaves the ghost to cleanResyncGhosts, as in the SDK.
          expect(entry().__local__).toBe(false);
          return;
        }
        const now = entry();
        expect(now.Phone).toBe('L');
        expect(now.__local__).toBe(true);
        const [conflict] = now[CONFLICTS] as { field: string; server: unknown }[];
        expect(conflict?.field).toBe(WHOLE_RECORD);
        expect(conflict?.server).toBeNull();
      });
    }
  }

  it('a delete here of a record already in a field conflict: a conflict of the whole record, nothing sent until resolved', async () => {
    const { store, manager, id, entry } = await synced();
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L' });
    serverEdit(id, { Phone: 'S' });
    await syncUp(manager);
    deleteLocally(store, 'accounts', entry()._soupEntryId);
    await syncUp(manager);
    expect(server(id).Phone).toBe('S');
    const now = entry();
    expect(now.__locally_deleted__).toBe(true);
    expect((now[CONFLICTS] as { field: string }[]).map((c) => c.field)).toEqual([WHOLE_RECORD]);
    // Resolved as the app chose: deleted on the server too.
    resolveConflicts(store, 'accounts', now._soupEntryId, { [WHOLE_RECORD]: 'local' });
    await syncUp(manager);
    expect(server(id)).toBeUndefined();
    expect(soupEntries(store, 'accounts')).toHaveLength(0);
  });

  it('a create never conflicts', async () => {
    const { store, manager } = syncSetup(org);
    const { createLocally } = await import('../../../runtime/sync/index.js');
    const created = createLocally(
      store,
      'accounts',
      { Name: 'Merge create', Phone: 'C' },
      { sobjectType: 'Account' },
    );
    await syncUp(manager);
    const [entry] = store.retrieve('accounts', [created._soupEntryId]);
    expect(entry?.__local__).toBe(false);
    expect(server(String(entry?.Id)).Phone).toBe('C');
    expect((entry?.[BASE] as Record<string, unknown> | undefined)?.Phone).toBe('C');
  });
});

describe('field kinds', () => {
  it('merges a multi-select as sets: additions and removals from both sides', async () => {
    const { store, manager, id, entry } = await synced({
      npsp__Funding_Focus__c: 'Animal Welfare;Education',
    });
    updateLocally(store, 'accounts', entry()._soupEntryId, {
      npsp__Funding_Focus__c: 'Education;Arts and Culture',
    });
    serverEdit(id, { npsp__Funding_Focus__c: 'Animal Welfare;Education;Health Services' });
    await syncUp(manager);
    const want = ['Arts and Culture', 'Education', 'Health Services'];
    expect(String(server(id).npsp__Funding_Focus__c).split(';').sort()).toEqual(want);
    expect(String(entry().npsp__Funding_Focus__c).split(';').sort()).toEqual(want);
    expect(entry()[CONFLICTS]).toBeUndefined();
  });

  it('merges address components independently, and numbers by value', async () => {
    const { store, manager, id, entry } = await synced({
      BillingStreet: '1 Main St',
      BillingCity: 'Lyon',
      NumberOfEmployees: 10,
    });
    updateLocally(store, 'accounts', entry()._soupEntryId, {
      BillingStreet: '2 High St',
      NumberOfEmployees: 10.0,
    });
    serverEdit(id, { BillingCity: 'Paris' });
    await syncUp(manager);
    expect(server(id)).toMatchObject({ BillingStreet: '2 High St', BillingCity: 'Paris' });
    expect(entry()).toMatchObject({
      BillingStreet: '2 High St',
      BillingCity: 'Paris',
      __local__: false,
    });
  });

  it('a read-only field never conflicts and is never sent', async () => {
    const { store, manager, id, entry } = await synced();
    updateLocally(store, 'accounts', entry()._soupEntryId, {
      LastModifiedDate: '2000-01-01T00:00:00.000+0000',
      Phone: 'L',
    });
    serverEdit(id, { Phone: 'L' });
    await syncUp(manager);
    expect(entry()[CONFLICTS]).toBeUndefined();
    expect(entry().__local__).toBe(false);
  });
});

describe('the race, and a lost answer', () => {
  it('a server edit between the read and the write is answered 412 and merged again, not overwritten', async () => {
    const { store, manager, id, entry } = await synced();
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L', Industry: 'Energy' });
    const hold = org.emulator.faults.add({ method: 'POST', path: '/composite', hold: true });
    const up = syncUp(manager);
    await hold.reached();
    serverEdit(id, { Phone: 'S', BillingCity: 'Paris' });
    hold.remove();
    await up;
    // The first PATCH was refused (412); the second read saw the edit: Phone is a conflict now.
    expect(server(id)).toMatchObject({ Phone: 'S', BillingCity: 'Paris' });
    expect(server(id).Industry ?? null).toBeNull();
    expect(entry()[CONFLICTS]).toEqual([{ field: 'Phone', base: 'B', local: 'L', server: 'S' }]);
    expect(entry().BillingCity).toBe('Paris');
  });

  it('the same race on another field: both edits survive', async () => {
    const { store, manager, id, entry } = await synced();
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L' });
    const hold = org.emulator.faults.add({ method: 'POST', path: '/composite', hold: true });
    const up = syncUp(manager);
    await hold.reached();
    serverEdit(id, { BillingCity: 'Paris' });
    hold.remove();
    await up;
    expect(server(id)).toMatchObject({ Phone: 'L', BillingCity: 'Paris' });
    expect(entry()).toMatchObject({ Phone: 'L', BillingCity: 'Paris', __local__: false });
  });

  it("an update whose answer was lost is recognised by the base as the device's own write", async () => {
    const { store, manager, id, entry } = await synced();
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L' });
    org.emulator.faults.add({ method: 'POST', path: '/composite', dropAfterCommit: true });
    await expect(syncUp(manager)).rejects.toThrow();
    expect(server(id).Phone).toBe('L');
    expect(entry().__local__).toBe(true);
    await syncUp(manager);
    expect(entry()[CONFLICTS]).toBeUndefined();
    expect(entry()).toMatchObject({ Phone: 'L', __local__: false });
  });
});

describe('resolveConflicts', () => {
  it("'local', 'server' and a value, then the next sync up sends only what differs from the server", async () => {
    const { store, manager, id, entry } = await synced({
      Industry: 'Banking',
      BillingCity: 'Lyon',
    });
    updateLocally(store, 'accounts', entry()._soupEntryId, {
      Phone: 'L',
      Industry: 'Energy',
      BillingCity: 'Nice',
    });
    serverEdit(id, { Phone: 'S', Industry: 'Media', BillingCity: 'Paris' });
    await syncUp(manager);
    expect((entry()[CONFLICTS] as { field: string }[]).map((c) => c.field).sort()).toEqual([
      'BillingCity',
      'Industry',
      'Phone',
    ]);
    resolveConflicts(store, 'accounts', entry()._soupEntryId, { Phone: 'local' });
    expect((entry()[CONFLICTS] as unknown[]).length).toBe(2);
    await syncUp(manager);
    expect(server(id).Phone).toBe('S'); // still conflicted: nothing sent
    resolveConflicts(store, 'accounts', entry()._soupEntryId, {
      Industry: 'server',
      BillingCity: { value: 'Marseille' },
    });
    expect(entry()[CONFLICTS]).toBeUndefined();
    expect(entry()[LAST_ERROR]).toBeUndefined();
    await syncUp(manager);
    expect(server(id)).toMatchObject({ Phone: 'L', Industry: 'Media', BillingCity: 'Marseille' });
    expect(entry()).toMatchObject({
      Phone: 'L',
      Industry: 'Media',
      BillingCity: 'Marseille',
      __local__: false,
    });
  });

  it('refuses a field without an open conflict', async () => {
    const { store, entry } = await synced();
    expect(() =>
      resolveConflicts(store, 'accounts', entry()._soupEntryId, { Phone: 'local' }),
    ).toThrow(/no open conflict on Phone/);
  });

  it("whole record: 'local' deletes anyway; 'server' takes the server's copy back", async () => {
    for (const choice of ['local', 'server'] as const) {
      const { store, manager, id, entry } = await synced();
      deleteLocally(store, 'accounts', entry()._soupEntryId);
      serverEdit(id, { Phone: 'S' });
      await syncUp(manager);
      resolveConflicts(store, 'accounts', entry()._soupEntryId, { [WHOLE_RECORD]: choice });
      await syncUp(manager);
      if (choice === 'local') expect(server(id)).toBeUndefined();
      else
        expect(entry()).toMatchObject({ Phone: 'S', __local__: false, __locally_deleted__: false });
    }
  });

  it("whole record, deleted there: 'local' creates it again; 'server' removes it here", async () => {
    for (const choice of ['local', 'server'] as const) {
      const { store, manager, id, entry } = await synced();
      const entryId = entry()._soupEntryId;
      updateLocally(store, 'accounts', entryId, { Phone: 'L' });
      org.emulator.org.delete('Account', id);
      await syncUp(manager);
      resolveConflicts(store, 'accounts', entryId, { [WHOLE_RECORD]: choice });
      await syncUp(manager);
      const [now] = store.retrieve('accounts', [entryId]);
      if (choice === 'server') expect(now).toBeUndefined();
      else {
        expect(now?.__local__).toBe(false);
        expect(server(String(now?.Id)).Phone).toBe('L');
      }
    }
  });
});

describe('a MERGE_FIELDS sync down with a relationship sub-query', () => {
  it("learns the field kinds of the type after the query's own FROM, not the sub-query's", async () => {
    const { store, manager } = syncSetup(org);
    const [id] = org.emulator.org.insert('Account', [{ Name: 'Merge sub-query' }]) as [string];
    const state = await manager.syncDown({
      target: {
        type: 'soql',
        query: `SELECT Id, Name, LastModifiedDate, (SELECT Id FROM Contacts) FROM Account WHERE Id = '${id}'`,
      },
      soupName: 'accounts',
      options: MERGE,
    });
    expect(state.status).toBe('DONE');
    expect(soupEntries(store, 'accounts').map((e) => e.Id)).toEqual([id]);
  });
});

describe('fields a sync down does not read', () => {
  const NARROW = 'Id, Name, LastModifiedDate';
  const narrowDown = (manager: SyncManager, id: string) =>
    manager.syncDown({
      target: { type: 'soql', query: `SELECT ${NARROW} FROM Account WHERE Id = '${id}'` },
      soupName: 'accounts',
      options: MERGE,
    });

  /** One Account brought down by the narrow query only (Phone never seen from the server). */
  async function narrowOnly(): Promise<{
    store: SmartStore;
    manager: SyncManager;
    id: string;
    entry: () => StoredEntry;
  }> {
    const { store, manager } = syncSetup(org);
    serial += 1;
    const [id] = org.emulator.org.insert('Account', [
      { Name: `Narrow${serial}`, Phone: '111' },
    ]) as [string];
    await narrowDown(manager, id);
    const entry = () => soupEntries(store, 'accounts').find((e) => e.Id === id) as StoredEntry;
    return { store, manager, id, entry };
  }

  it('a sync down keeps dirty a record whose edit is to a field it does not read, and the next sync up sends it', async () => {
    const { store, manager, id, entry } = await narrowOnly();
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: '555' });
    await narrowDown(manager, id);
    expect(entry()).toMatchObject({ Phone: '555', __local__: true, __locally_updated__: true });
    await manager.syncUp({
      soupName: 'accounts',
      target: { createFieldlist: ['Name', 'Phone'], updateFieldlist: ['Name', 'Phone'] },
      options: MERGE,
    });
    expect(server(id).Phone).toBe('555');
    expect(entry()).toMatchObject({ Phone: '555', __local__: false });
  });

  it('an edit of a field the base never held is sent, not a conflict with a null', async () => {
    const { store, manager, id, entry } = await narrowOnly();
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: '555' });
    await syncUp(manager);
    expect(entry()[CONFLICTS]).toBeUndefined();
    expect(server(id).Phone).toBe('555');
    expect(entry()).toMatchObject({ Phone: '555', __local__: false });
    expect((entry()[BASE] as Record<string, unknown>).Phone).toBe('555');
  });

  it('a narrower sync down keeps the base of the fields it does not read: an edit of one is sent', async () => {
    const { store, manager, id, entry } = await synced({ Industry: 'Banking' });
    await narrowDown(manager, id);
    expect((entry()[BASE] as Record<string, unknown>).Phone).toBe('B');
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: '555' });
    await syncUp(manager);
    expect(entry()[CONFLICTS]).toBeUndefined();
    expect(server(id)).toMatchObject({ Phone: '555', Industry: 'Banking' });
    expect(entry().__local__).toBe(false);
  });

  it('a delete after a narrower sync down, or of a record whose fields were never all read, is sent', async () => {
    const wide = await synced();
    await narrowDown(wide.manager, wide.id);
    const narrow = await narrowOnly();
    for (const { store, manager, id, entry } of [wide, narrow]) {
      deleteLocally(store, 'accounts', entry()._soupEntryId);
      await syncUp(manager);
      expect(server(id)).toBeUndefined();
      expect(soupEntries(store, 'accounts')).toHaveLength(0);
    }
  });
});

describe('edits the app makes after a conflict is found', () => {
  it('a sync up brings an open conflict up to date: what each side holds now, nothing sent', async () => {
    const { store, manager, id, entry } = await synced();
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L' });
    serverEdit(id, { Phone: 'S' });
    await syncUp(manager);
    expect(entry()[CONFLICTS]).toEqual([
      expect.objectContaining({ field: 'Phone', local: 'L', server: 'S' }),
    ]);
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L2' });
    serverEdit(id, { Phone: 'S2' });
    await syncUp(manager);
    expect(server(id).Phone).toBe('S2');
    expect(entry()).toMatchObject({ Phone: 'L2', __local__: true });
    expect(entry()[CONFLICTS]).toEqual([
      expect.objectContaining({ field: 'Phone', base: 'B', local: 'L2', server: 'S2' }),
    ]);
  });

  it("'local' keeps the value the entry holds now, not the one copied into the conflict", async () => {
    const { store, manager, id, entry } = await synced();
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L' });
    serverEdit(id, { Phone: 'S' });
    await syncUp(manager);
    expect(entry()[CONFLICTS]).toEqual([{ field: 'Phone', base: 'B', local: 'L', server: 'S' }]);
    updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L2' });
    resolveConflicts(store, 'accounts', entry()._soupEntryId, { Phone: 'local' });
    expect(entry().Phone).toBe('L2');
    await syncUp(manager);
    expect(server(id).Phone).toBe('L2');
    expect(entry()).toMatchObject({ Phone: 'L2', __local__: false });
  });

  it('a conflict written back after the app edited the record keeps the edits', async () => {
    const { store, manager } = syncSetup(org);
    serial += 1;
    const ids = org.emulator.org.insert('Account', [
      { Name: `Race${serial} a`, Phone: 'B' },
      { Name: `Race${serial} b`, Phone: 'B' },
    ]) as [string, string];
    await manager.syncDown({
      target: {
        type: 'soql',
        query: `SELECT ${FIELDS.join(', ')} FROM Account WHERE Id IN ('${ids.join("', '")}')`,
      },
      soupName: 'accounts',
      options: MERGE,
    });
    const entry = (id: string) =>
      soupEntries(store, 'accounts').find((e) => e.Id === id) as StoredEntry;
    const [conflicted, sent] = ids;
    updateLocally(store, 'accounts', entry(conflicted)._soupEntryId, { Phone: 'L' });
    updateLocally(store, 'accounts', entry(sent)._soupEntryId, { Phone: 'L' });
    serverEdit(conflicted, { Phone: 'S', BillingCity: 'Paris', Industry: 'Media' });
    // The conflict is written back once the other record's PATCH answered: edit it meanwhile.
    const hold = org.emulator.faults.add({ method: 'POST', path: '/composite', hold: true });
    const up = syncUp(manager);
    await hold.reached();
    updateLocally(store, 'accounts', entry(conflicted)._soupEntryId, {
      Phone: 'L2',
      BillingCity: 'Nice',
    });
    hold.remove();
    await up;
    const now = entry(conflicted);
    expect(now).toMatchObject({ Phone: 'L2', BillingCity: 'Nice', Industry: 'Media' });
    expect(now.__local__).toBe(true);
    expect((now[CONFLICTS] as { field: string }[]).map((c) => c.field)).toEqual(['Phone']);
    resolveConflicts(store, 'accounts', now._soupEntryId, { Phone: 'local' });
    await syncUp(manager);
    expect(server(conflicted)).toMatchObject({ Phone: 'L2', BillingCity: 'Nice' });
    expect(entry(conflicted).__local__).toBe(false);
  });
});
