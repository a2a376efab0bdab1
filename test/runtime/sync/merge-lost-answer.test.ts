/**
 * MERGE_FIELDS sync up whose PATCH the server applied but whose answer never
 * came back (the connection dropped after the commit, or the write-back's
 * transaction failed): the write is noted in the pending-writes ledger before
 * its call, and the next sync up finds the sent values on the server and
 * takes them into the record's base before it merges. So the app's next edit
 * of that field — back to the old value too — is its own change and is sent,
 * never mistaken for a change made on the server; a change someone else made
 * since is still a conflict. Against the emulator through jsforce.
 */
import { describe, expect, it } from 'vitest';
import type { SmartStore, StoredEntry } from '../../../runtime/store/smart-store.js';
import {
  LATE_WRITE_MS,
  PENDING_SOUP,
  type PendingWrite,
} from '../../../runtime/sync/engine/pending-ledger.js';
import type { RunContext } from '../../../runtime/sync/engine/run-context.js';
import { runLedger } from '../../../runtime/sync/engine/run-ledger.js';
import {
  BASE,
  CONFLICTS,
  deleteLocally,
  resolveConflicts,
  SyncManager,
  updateLocally,
} from '../../../runtime/sync/index.js';
import { foldOwnWrite } from '../../../runtime/sync/up/pending-writes.js';
import { useEmulator } from '../../helpers/emulator.js';
import { FOCUS, focusChangedOnBothSides, setOf } from '../../helpers/merge-sets.js';
import { RECORDED_DESCRIBES } from '../../helpers/paths.js';
import { rejection, soupEntries, storeThatFills, syncSetup } from '../../helpers/sync.js';

const org = useEmulator({ describes: RECORDED_DESCRIBES });
const MERGE = { mergeMode: 'MERGE_FIELDS' as const };

let serial = 0;

/** One Account (Phone `B`) brought down under MERGE_FIELDS. */
async function broughtDown(): Promise<{
  store: SmartStore;
  manager: SyncManager;
  id: string;
  entry: () => StoredEntry;
  edit: (fields: Record<string, unknown>) => void;
}> {
  const { store, manager } = syncSetup(org);
  serial += 1;
  const tag = `LostAnswer${serial}`;
  const [id] = org.emulator.org.insert('Account', [{ Name: `${tag} x`, Phone: 'B' }]) as [string];
  await manager.syncDown({
    target: {
      type: 'soql',
      query: `SELECT Id, Name, Phone, LastModifiedDate FROM Account WHERE Name LIKE '${tag} %'`,
    },
    soupName: 'accounts',
    options: MERGE,
  });
  const entry = () => soupEntries(store, 'accounts')[0] as StoredEntry;
  return {
    store,
    manager,
    id,
    entry,
    edit: (fields) => {
      updateLocally(store, 'accounts', entry()._soupEntryId, fields);
    },
  };
}

function syncUp(manager: SyncManager) {
  return manager.syncUp({
    soupName: 'accounts',
    target: { updateFieldlist: ['Name', 'Phone'], createFieldlist: ['Name', 'Phone'] },
    options: MERGE,
  });
}

const onServer = (id: string) => org.emulator.org.get('Account', id);

/** The open conflicts an entry carries. */
const conflictsOf = (entry: StoredEntry) => (entry[CONFLICTS] ?? []) as { field: string }[];

/**
 * The server applies the PATCH of Phone `L` it still held after the client
 * gave up on it; the app then undoes its edit and syncs up: the undo reaches
 * the server.
 */
async function appliedLateThenUndone(
  manager: SyncManager,
  id: string,
  edit: (fields: Record<string, unknown>) => void,
): Promise<void> {
  org.emulator.clock.advance(1100);
  org.emulator.org.update('Account', id, { Phone: 'L' });
  edit({ Phone: 'B' });
  await syncUp(manager);
  expect(onServer(id)?.Phone).toBe('B');
}

/** A MERGE_FIELDS sync down of the one record `id`. */
function syncDownOne(manager: SyncManager, id: string) {
  return manager.syncDown({
    target: {
      type: 'soql',
      query: `SELECT Id, Name, Phone, LastModifiedDate FROM Account WHERE Id = '${id}'`,
    },
    soupName: 'accounts',
    options: MERGE,
  });
}

/** Sends Phone `L` and loses the answer after the server applied it. */
async function lostAnswer(manager: SyncManager, id: string): Promise<void> {
  const fault = org.emulator.faults.add({
    method: 'POST',
    path: '/composite',
    dropAfterCommit: true,
  });
  await rejection(syncUp(manager));
  expect(fault.hits).toBe(1);
  expect(onServer(id)?.Phone).toBe('L');
}

/** Makes every note of the ledger older than the server may apply a write late. */
function ageNotes(store: SmartStore): void {
  const calls = soupEntries(store, PENDING_SOUP, 'soup') as (StoredEntry & {
    writes: PendingWrite[];
  })[];
  store.upsert(
    PENDING_SOUP,
    calls.map((call) => ({
      ...call,
      writes: call.writes.map((w) => ({ ...w, notedAt: Date.now() - LATE_WRITE_MS - 1 })),
    })),
  );
}

function ledger(store: SmartStore): number {
  return store.soupExists(PENDING_SOUP) ? soupEntries(store, PENDING_SOUP, 'soup').length : 0;
}

describe('MERGE_FIELDS: this device’s own write whose answer was lost', () => {
  it('the app then edits the field back to its base value: that edit is sent', async () => {
    const { store, manager, id, entry, edit } = await broughtDown();
    edit({ Phone: 'L' });
    await lostAnswer(manager, id);
    edit({ Phone: 'B' });
    await syncUp(manager);
    expect(onServer(id)?.Phone).toBe('B');
    expect(entry()).toMatchObject({ Phone: 'B', __local__: false });
    expect(entry()[BASE]).toMatchObject({ Phone: 'B' });
    expect(entry()[CONFLICTS]).toBeUndefined();
    expect(ledger(store)).toBe(0);
  });

  it('the app then edits the field again: a plain send, no conflict with its own write', async () => {
    const { manager, id, entry, edit } = await broughtDown();
    edit({ Phone: 'L' });
    await lostAnswer(manager, id);
    edit({ Phone: 'L2' });
    await syncUp(manager);
    expect(entry()[CONFLICTS]).toBeUndefined();
    expect(onServer(id)?.Phone).toBe('L2');
    expect(entry()).toMatchObject({ Phone: 'L2', __local__: false });
  });

  it('a sync down meets the record first: the revert is still sent', async () => {
    const { store, manager, id, entry, edit } = await broughtDown();
    edit({ Phone: 'L' });
    await lostAnswer(manager, id);
    edit({ Phone: 'B' });
    await syncDownOne(manager, id);
    expect(entry()).toMatchObject({ Phone: 'B', __local__: true });
    expect(entry()[BASE]).toMatchObject({ Phone: 'L' });
    expect(ledger(store)).toBe(0);
    await syncUp(manager);
    expect(onServer(id)?.Phone).toBe('B');
    expect(entry()).toMatchObject({ Phone: 'B', __local__: false });
  });

  it('no later edit: the next sync up finds the write there, the record ends clean', async () => {
    const { store, manager, id, entry, edit } = await broughtDown();
    edit({ Phone: 'L' });
    await lostAnswer(manager, id);
    // The note of the unanswered PATCH survives the failed run.
    expect(ledger(store)).toBe(1);
    const mark = org.emulator.requestCount;
    await syncUp(manager);
    expect(entry()).toMatchObject({ Phone: 'L', __local__: false });
    expect(entry()[CONFLICTS]).toBeUndefined();
    expect(entry()[BASE]).toMatchObject({ Phone: 'L' });
    expect(onServer(id)?.Phone).toBe('L');
    // Nothing sent again.
    expect(
      org.emulator
        .requestsSince(mark)
        .filter((r) => r.method === 'POST' && r.path.endsWith('/composite')),
    ).toHaveLength(0);
    expect(ledger(store)).toBe(0);
  });

  it('someone else then changes the same field on the server: a conflict, nothing lost', async () => {
    const { manager, id, entry, edit } = await broughtDown();
    edit({ Phone: 'L' });
    await lostAnswer(manager, id);
    org.emulator.org.update('Account', id, { Phone: 'S' });
    edit({ Phone: 'L2' });
    await syncUp(manager);
    // The server's S is not overwritten, the app's L2 is kept: the app decides.
    expect(onServer(id)?.Phone).toBe('S');
    expect(entry()).toMatchObject({ Phone: 'L2', __local__: true });
    expect(entry()[CONFLICTS]).toEqual([
      expect.objectContaining({ field: 'Phone', local: 'L2', server: 'S' }),
    ]);
  });

  it('someone else then changes another field and the app reverts: both changes kept', async () => {
    const { manager, id, entry, edit } = await broughtDown();
    edit({ Phone: 'L' });
    await lostAnswer(manager, id);
    org.emulator.org.update('Account', id, { Name: 'Renamed there' });
    edit({ Phone: 'B' });
    await syncUp(manager);
    expect(onServer(id)).toMatchObject({ Name: 'Renamed there', Phone: 'B' });
    expect(entry()).toMatchObject({ Name: 'Renamed there', Phone: 'B', __local__: false });
    expect(entry()[CONFLICTS]).toBeUndefined();
  });

  it('the write-back of an applied PATCH fails to commit: the revert is still sent', async () => {
    const { store, manager, id, entry, edit } = await broughtDown();
    edit({ Phone: 'L' });
    // The first transaction writing the accounts soup (the answer's write-back) fails.
    const failing = SyncManager.open({
      store: storeThatFills(store, 'accounts', 1),
      connection: org.connect(),
    });
    const error = await rejection(syncUp(failing));
    expect(error.state?.error).toContain('database or disk is full');
    expect(onServer(id)?.Phone).toBe('L');
    expect(entry()).toMatchObject({ Phone: 'L', __local__: true });
    edit({ Phone: 'B' });
    await syncUp(manager);
    expect(onServer(id)?.Phone).toBe('B');
    expect(entry()).toMatchObject({ Phone: 'B', __local__: false });
    expect(entry()[CONFLICTS]).toBeUndefined();
  });

  for (const first of ['sync up', 'sync down, then sync up'] as const) {
    it(`the app then deletes the record: the ${first} deletes it on the server, no conflict with its own write`, async () => {
      const { store, manager, id, entry } = await broughtDown();
      updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L' });
      await lostAnswer(manager, id);
      // An edit after the lost answer, then the delete: the record here no longer holds what was sent.
      updateLocally(store, 'accounts', entry()._soupEntryId, { Phone: 'L2' });
      deleteLocally(store, 'accounts', entry()._soupEntryId);
      if (first !== 'sync up') {
        await syncDownOne(manager, id);
        expect(entry()[CONFLICTS]).toBeUndefined();
      }
      await syncUp(manager);
      expect(onServer(id)).toBeUndefined();
      expect(soupEntries(store, 'accounts')).toEqual([]);
      expect(ledger(store)).toBe(0);
    });
  }

  it('a PATCH the server applies after the run gave up on it: the sync down in between keeps its note, so the app undoing the edit is still sent', async () => {
    const { store, manager, id, entry, edit } = await broughtDown();
    edit({ Phone: 'L' });
    // The connection goes before the server applied the call (a reset, a gateway's timeout).
    const dropped = org.emulator.faults.add({ method: 'POST', path: '/composite', drop: true });
    await rejection(syncUp(manager));
    expect(dropped.hits).toBe(1);
    expect(onServer(id)?.Phone).toBe('B');
    await syncDownOne(manager, id);
    expect(ledger(store)).toBe(1);
    await appliedLateThenUndone(manager, id, edit);
    expect(entry()).toMatchObject({ Phone: 'B', __local__: false });
    expect(entry()[CONFLICTS]).toBeUndefined();
    expect(ledger(store)).toBe(0);
  });

  it('a PATCH the server applies after the run gave up on it: the next sync up keeps its note while it may still land', async () => {
    const { store, manager, id, edit } = await broughtDown();
    edit({ Phone: 'L' });
    org.emulator.faults.add({ method: 'POST', path: '/composite', drop: true });
    await rejection(syncUp(manager));
    // The next sync up reconciles the note (its first retrieve), then fails reading the copies to merge.
    const refused = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects/Account',
      after: 1,
      respond: { status: 400, body: [{ errorCode: 'INVALID_OPERATION', message: 'refused' }] },
    });
    await rejection(syncUp(manager));
    expect(refused.hits).toBe(1);
    expect(ledger(store)).toBe(1);
    await appliedLateThenUndone(manager, id, edit);
    expect(ledger(store)).toBe(0);
  });

  describe('a sync down that meets the record first (foldOwnWrite, its page part)', () => {
    /** The ledger part of a run's context, on the store's own ledger. */
    const ledgerOf = (store: SmartStore) =>
      ({
        store,
        pending: runLedger(store, () => {}),
      }) as Pick<RunContext, 'store' | 'pending'> as RunContext;

    it('takes the values sent into the base where the server holds them, and settles the note', async () => {
      const { store, manager, id, entry, edit } = await broughtDown();
      edit({ Phone: 'L' });
      await lostAnswer(manager, id);
      edit({ Phone: 'B' });
      const record = { ...onServer(id) } as Record<string, unknown>;
      const folded = store.transaction(() =>
        foldOwnWrite(ledgerOf(store), 'accounts', entry(), record),
      );
      expect(folded[BASE]).toMatchObject({ Phone: 'L' });
      expect(folded).toMatchObject({ Phone: 'B' });
      expect(ledger(store)).toBe(0);
    });

    it('keeps the base where the server holds other values, and leaves a note it cannot check', async () => {
      const { store, manager, id, entry, edit } = await broughtDown();
      edit({ Phone: 'L' });
      await lostAnswer(manager, id);
      const { Phone: _unread, ...withoutPhone } = { ...onServer(id) } as Record<string, unknown>;
      const kept = foldOwnWrite(ledgerOf(store), 'accounts', entry(), withoutPhone);
      expect(kept).toEqual(entry());
      expect(ledger(store)).toBe(1);
      org.emulator.org.update('Account', id, { Phone: 'S' });
      const record = { ...onServer(id) } as Record<string, unknown>;
      const after = store.transaction(() =>
        foldOwnWrite(ledgerOf(store), 'accounts', entry(), record),
      );
      expect(after[BASE]).toMatchObject({ Phone: 'B' });
      // Young, the note stays: the server may still apply a write it holds late.
      expect(ledger(store)).toBe(1);
      ageNotes(store);
      store.transaction(() => foldOwnWrite(ledgerOf(store), 'accounts', entry(), record));
      expect(ledger(store)).toBe(0);
    });
  });

  it('a sync down from another manager while the sync up runs leaves the notes of its calls still out or not yet sent', async () => {
    const { store, manager } = syncSetup(org);
    serial += 1;
    const tag = `LostAnswer${serial}`;
    org.emulator.org.insert(
      'Account',
      Array.from({ length: 3 }, (_, i) => ({ Name: `${tag} ${i}`, Phone: 'B' })),
    );
    const other = SyncManager.open({ store, connection: org.connect() });
    const down = (runner: SyncManager) =>
      runner.syncDown({
        target: {
          type: 'soql',
          query: `SELECT Id, Name, Phone, LastModifiedDate FROM Account WHERE Name LIKE '${tag} %'`,
        },
        soupName: 'accounts',
        options: MERGE,
      });
    await down(manager);
    for (const entry of soupEntries(store, 'accounts'))
      updateLocally(store, 'accounts', entry._soupEntryId, { Phone: `L ${entry.Name}` });
    // Three calls of one record, two in flight (as OVERWRITE has with
    // maxBatchSize 1): the first arrives held and loses its answer once
    // applied, the second is held, the third waits for a place (noted
    // already) and loses its answer too.
    const first = org.emulator.faults.add({
      method: 'POST',
      path: '/composite',
      hold: true,
      dropAfterCommit: true,
    });
    const held = org.emulator.faults.add({
      method: 'POST',
      path: '/composite',
      hold: true,
    });
    const third = org.emulator.faults.add({
      method: 'POST',
      path: '/composite',
      dropAfterCommit: true,
    });
    const up = manager.syncUp({
      soupName: 'accounts',
      target: {
        updateFieldlist: ['Name', 'Phone'],
        createFieldlist: ['Name', 'Phone'],
        maxBatchSize: 1,
      },
      options: MERGE,
    });
    await first.reached();
    await held.reached();
    // Notes this old would no longer be kept for a late write: only the running sync keeps them.
    ageNotes(store);
    await down(other);
    // Both places are taken: the third call has not gone (a third place would let it).
    expect(third.hits).toBe(0);
    // The second answer frees its place: the third call goes (and fails), then the first ends.
    held.release();
    await third.reached();
    first.release();
    await rejection(up);
    // Every call was applied; the sync down in between kept the records dirty here.
    const entries = soupEntries(store, 'accounts');
    for (const entry of entries) expect(onServer(String(entry.Id))?.Phone).toBe(entry.Phone);
    // The app undoes every edit; each undo is its own change, and is sent.
    for (const entry of entries)
      updateLocally(store, 'accounts', entry._soupEntryId, { Phone: 'B' });
    await syncUp(manager);
    for (const entry of entries) {
      expect(onServer(String(entry.Id))?.Phone).toBe('B');
      const [now] = store.retrieve('accounts', [entry._soupEntryId]);
      expect(now).toMatchObject({ Phone: 'B', __local__: false });
      expect(now?.[CONFLICTS]).toBeUndefined();
    }
    expect(ledger(store)).toBe(0);
  });
});

describe('MERGE_FIELDS: a lost answer of a PATCH of two fields, one changed on the server since', () => {
  for (const young of [true, false])
    it(`the app undoes the other: nothing is lost, what cannot be told is reported (${young ? 'a young note' : 'an old note'})`, async () => {
      const { store, manager, id, entry, edit } = await broughtDown();
      const name = String(entry().Name);
      edit({ Phone: 'L', Name: `${name} here` });
      await lostAnswer(manager, id);
      // Someone edits Name over the write; the app undoes its Phone edit.
      org.emulator.clock.advance(1100);
      org.emulator.org.update('Account', id, { Name: `${name} server` });
      edit({ Phone: 'B' });
      if (!young) ageNotes(store);
      await syncUp(manager);
      // The server's Phone L may be this device's write (the undo should go) or
      // someone's same value set after a lost call (it should stay): a conflict.
      const fields = () => conflictsOf(entry()).map((c) => c.field);
      expect(onServer(id)).toMatchObject({ Phone: 'L', Name: `${name} server` });
      expect(entry()).toMatchObject({ Phone: 'B', __local__: true });
      expect(conflictsOf(entry())).toEqual([
        { field: 'Phone', base: 'B', local: 'B', server: 'L' },
      ]);
      resolveConflicts(store, 'accounts', entry()._soupEntryId, { Phone: 'local' });
      await syncUp(manager);
      // Name changed on both sides since the base: a conflict of its own.
      expect(fields()).toEqual(['Name']);
      resolveConflicts(store, 'accounts', entry()._soupEntryId, { Name: 'server' });
      await syncUp(manager);
      expect(onServer(id)).toMatchObject({ Phone: 'B', Name: `${name} server` });
      expect(entry()).toMatchObject({ Phone: 'B', Name: `${name} server`, __local__: false });
    });

  it('the call never arrived, the app undid one edit and someone set that same value: a conflict, theirs not overwritten', async () => {
    const { store, manager, id, entry, edit } = await broughtDown();
    const name = String(entry().Name);
    edit({ Phone: 'L', Name: `${name} here` });
    const fault = org.emulator.faults.add({ method: 'POST', path: '/composite', drop: true });
    await rejection(syncUp(manager));
    expect(fault.hits).toBe(1);
    edit({ Phone: 'B' });
    org.emulator.clock.advance(1100);
    org.emulator.org.update('Account', id, { Phone: 'L' });
    await syncUp(manager);
    expect(onServer(id)).toMatchObject({ Phone: 'L', Name: name });
    expect(conflictsOf(entry())).toEqual([{ field: 'Phone', base: 'B', local: 'B', server: 'L' }]);
    resolveConflicts(store, 'accounts', entry()._soupEntryId, { Phone: 'server' });
    await syncUp(manager);
    expect(onServer(id)).toMatchObject({ Phone: 'L', Name: `${name} here` });
    expect(entry()).toMatchObject({ Phone: 'L', Name: `${name} here`, __local__: false });
  });

  it('the server made the same change to one field and the call never arrived: the other edit is still sent', async () => {
    const { manager, id, entry, edit } = await broughtDown();
    const name = String(entry().Name);
    edit({ Phone: 'L', Name: `${name} here` });
    const fault = org.emulator.faults.add({ method: 'POST', path: '/composite', drop: true });
    await rejection(syncUp(manager));
    expect(fault.hits).toBe(1);
    org.emulator.clock.advance(1100);
    org.emulator.org.update('Account', id, { Phone: 'L' });
    await syncUp(manager);
    expect(onServer(id)).toMatchObject({ Phone: 'L', Name: `${name} here` });
    expect(entry()).toMatchObject({ Phone: 'L', Name: `${name} here`, __local__: false });
  });
});

describe('MERGE_FIELDS: a multi-select merged with the server’s set, whose answer was lost', () => {
  /** The merged set's PATCH is applied with its answer lost. */
  async function mergedSetLost() {
    serial += 1;
    const changed = await focusChangedOnBothSides(org, `LostSet${serial} x`);
    const fault = org.emulator.faults.add({
      method: 'POST',
      path: '/composite',
      dropAfterCommit: true,
    });
    await rejection(changed.up());
    expect(fault.hits).toBe(1);
    expect(setOf(onServer(changed.id)?.[FOCUS])).toEqual(['Education', 'Health Services']);
    return changed;
  }

  for (const via of ['sync up', 'sync down, then sync up'] as const)
    it(`the next ${via} keeps the server's removal: the record here is rebased on the set sent, not sent again as it was`, async () => {
      const { id, down, up, entry } = await mergedSetLost();
      if (via !== 'sync up') await down();
      await up();
      expect(setOf(onServer(id)?.[FOCUS])).toEqual(['Education', 'Health Services']);
      expect(setOf(entry()[FOCUS])).toEqual(['Education', 'Health Services']);
      expect(entry()).toMatchObject({ __local__: false });
      expect(entry()[CONFLICTS]).toBeUndefined();
    });

  it('the app then removes its own addition: that removal is sent, and the server’s stays', async () => {
    const { store, id, up, entry } = await mergedSetLost();
    updateLocally(store, 'accounts', entry()._soupEntryId, {
      [FOCUS]: 'Education;Arts and Culture',
    });
    await up();
    expect(setOf(onServer(id)?.[FOCUS])).toEqual(['Education']);
    expect(setOf(entry()[FOCUS])).toEqual(['Education']);
    expect(entry()).toMatchObject({ __local__: false });
  });
});
