/**
 * MERGE_FIELDS sync up with several write calls in flight, against the
 * emulator through jsforce, with faults: each answer that arrives is written
 * back whatever happens to the other calls — a delete call that fails, a
 * composite call that fails while another's answer is still on its way —
 * and a stop request lets the calls in flight end (their answers written
 * back) and starts none after. A record is clean afterwards exactly when the
 * server holds its edit.
 */
import { describe, expect, it } from 'vitest';
import type { SmartStore, StoredEntry } from '../../../runtime/store/smart-store.js';
import { pendingWrites } from '../../../runtime/sync/engine/pending-ledger.js';
import {
  CONFLICTS,
  deleteLocally,
  LOCALLY_DELETED,
  SyncManager,
  updateLocally,
} from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { RECORDED_DESCRIBES } from '../../helpers/paths.js';
import { rejection, soupEntries, syncSetup } from '../../helpers/sync.js';

const org = useEmulator({ describes: RECORDED_DESCRIBES });
const MERGE = { mergeMode: 'MERGE_FIELDS' as const };
/** A refusal jsforce does not retry. */
const REFUSED = { status: 400, body: [{ errorCode: 'INVALID_OPERATION', message: 'refused' }] };

let serial = 0;

/**
 * `store` as a sync sees it, telling `until`'s callers once each outermost
 * transaction commits: `until(check)` resolves at the first commit after
 * which `check()` holds (at once if it holds now) — a write-back seen as it
 * happens, not guessed by waiting.
 */
function watched(store: SmartStore): {
  store: SmartStore;
  until: (check: () => boolean) => Promise<void>;
} {
  const waiting: { check: () => boolean; resolve: () => void }[] = [];
  let depth = 0;
  const committed = () => {
    for (const waiter of [...waiting])
      if (waiter.check()) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
  };
  const proxy = new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'transaction')
        return <T>(fn: () => T): T => {
          depth += 1;
          let result: T;
          try {
            result = target.transaction(fn);
          } finally {
            depth -= 1;
          }
          if (depth === 0) committed();
          return result;
        };
      return value.bind(target);
    },
  });
  return {
    store: proxy,
    until: (check) =>
      check() ? Promise.resolve() : new Promise((resolve) => waiting.push({ check, resolve })),
  };
}

/** `count` Accounts brought down under MERGE_FIELDS, each with Phone edited here. */
async function editedHere(count: number): Promise<{
  store: SmartStore;
  manager: SyncManager;
  tag: string;
  until: (check: () => boolean) => Promise<void>;
}> {
  const { store } = syncSetup(org);
  const seen = watched(store);
  const manager = SyncManager.open({ store: seen.store, connection: org.connect() });
  serial += 1;
  const tag = `InFlight${serial}`;
  org.emulator.org.insert(
    'Account',
    Array.from({ length: count }, (_, i) => ({ Name: `${tag} ${i}`, Phone: 'B' })),
  );
  await manager.syncDown({
    target: {
      type: 'soql',
      query: `SELECT Id, Name, Phone, LastModifiedDate FROM Account WHERE Name LIKE '${tag} %'`,
    },
    soupName: 'accounts',
    options: MERGE,
  });
  for (const entry of soupEntries(store, 'accounts'))
    updateLocally(store, 'accounts', entry._soupEntryId, { Phone: `L ${entry.Name}` });
  return { store, manager, tag, until: seen.until };
}

function syncUp(manager: SyncManager, maxBatchSize?: number) {
  return manager.syncUp({
    soupName: 'accounts',
    target: {
      updateFieldlist: ['Name', 'Phone'],
      createFieldlist: ['Name', 'Phone'],
      ...(maxBatchSize === undefined ? {} : { maxBatchSize }),
    },
    options: MERGE,
  });
}

/** Each entry, and whether the server holds its Phone edit. */
function onServer(store: SmartStore): { entry: StoredEntry; took: boolean }[] {
  return soupEntries(store, 'accounts').map((entry) => ({
    entry,
    took: org.emulator.org.get('Account', String(entry.Id))?.Phone === entry.Phone,
  }));
}

function compositeCalls(since: number): number {
  return org.emulator
    .requestsSince(since)
    .filter((r) => r.method === 'POST' && r.path.endsWith('/composite')).length;
}

describe('MERGE_FIELDS with write calls in flight', () => {
  it('a delete call that fails keeps the answers of the round that arrived', async () => {
    const { store, manager } = await editedHere(2);
    const [kept, gone] = soupEntries(store, 'accounts') as [StoredEntry, StoredEntry];
    deleteLocally(store, 'accounts', gone._soupEntryId);
    const fault = org.emulator.faults.add({
      method: 'DELETE',
      path: '/composite/sobjects',
      respond: REFUSED,
    });
    await rejection(syncUp(manager));
    expect(fault.hits).toBe(1);
    const [keptNow, goneNow] = soupEntries(store, 'accounts') as [StoredEntry, StoredEntry];
    // The update's answer came: written back, clean.
    expect(org.emulator.org.get('Account', String(kept.Id))?.Phone).toBe(`L ${kept.Name}`);
    expect(keptNow).toMatchObject({ Phone: `L ${kept.Name}`, __local__: false });
    // The delete's did not: still deleted here, to be sent again.
    expect(org.emulator.org.get('Account', String(gone.Id))).toBeDefined();
    expect(goneNow).toMatchObject({ __local__: true, [LOCALLY_DELETED]: true });
    await syncUp(manager);
    expect(org.emulator.org.get('Account', String(gone.Id))).toBeUndefined();
    expect(soupEntries(store, 'accounts')).toHaveLength(1);
  });

  for (const failure of ['refused', 'answer lost'] as const) {
    it(`a composite call ${failure} while another is on its way: that answer is written back, the failed call's records stay dirty`, async () => {
      const { store, manager, until } = await editedHere(30);
      // The second composite call to arrive fails; the first is applied and its answer held.
      const failed = org.emulator.faults.add({
        method: 'POST',
        path: '/composite',
        after: 1,
        ...(failure === 'refused' ? { respond: REFUSED } : { dropAfterCommit: true }),
      });
      const held = org.emulator.faults.add({
        method: 'POST',
        path: '/composite',
        holdAnswer: true,
      });
      const up = syncUp(manager, 10);
      await held.reached();
      await failed.reached();
      // Written back soon after it arrives (within the queue's wait): the third call's answer is in the soup
      // while the first call's answer is still held by the server.
      const cleanNow = () => onServer(store).filter((r) => r.entry.__local__ === false);
      await until(() => cleanNow().length >= 10);
      expect(cleanNow()).toHaveLength(10);
      expect(cleanNow().every((r) => r.took)).toBe(true);
      held.release();
      await rejection(up);
      const after = onServer(store);
      // 3 calls of 10: the failed one's 10 records stay dirty (applied on the server when only the answer was lost).
      expect(after.filter((r) => r.entry.__local__ === true)).toHaveLength(10);
      expect(after.filter((r) => !r.took)).toHaveLength(failure === 'refused' ? 10 : 0);
      for (const { entry, took } of after) if (!took) expect(entry.__local__).toBe(true);
      expect(after.filter((r) => r.took && r.entry.__local__ === false)).toHaveLength(20);
      await syncUp(manager);
      const done = onServer(store);
      expect(done.every(({ entry, took }) => took && entry.__local__ === false)).toBe(true);
      expect(done.some(({ entry }) => entry[CONFLICTS] !== undefined)).toBe(false);
    });
  }

  it('a stop request lets the calls in flight end and be written back, and starts none after', async () => {
    const { store, manager } = await editedHere(60);
    const mark = org.emulator.requestCount;
    const held = org.emulator.faults.add({
      method: 'POST',
      path: '/composite',
      hold: true,
      times: Number.POSITIVE_INFINITY,
    });
    const up = syncUp(manager, 5);
    await held.reached();
    manager.stop();
    held.remove();
    const error = await rejection(up);
    expect(error.state?.status).toBe('STOPPED');
    const calls = compositeCalls(mark);
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(12);
    const after = onServer(store);
    expect(after.filter((r) => r.took)).toHaveLength(5 * calls);
    for (const { entry, took } of after) expect(entry.__local__).toBe(!took);
    // Every PATCH of the round was noted before the first call: the notes of
    // the calls the stop kept from starting are settled too, none is left.
    expect(pendingWrites(store, 'accounts')).toEqual([]);
  });

  it('a write-back that fails after a stop request fails the run (the stop does not hide it), and the next run cleans up', async () => {
    const { store, manager } = await editedHere(12);
    let full = false;
    // The accounts soup refuses writes once armed, as a full disk does.
    const filling = new Proxy(store, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== 'function') return value;
        if (property === 'upsert')
          return (soup: string, ...rest: unknown[]) => {
            if (full && soup === 'accounts') throw new Error('database or disk is full');
            return (value as (...args: unknown[]) => unknown).apply(target, [soup, ...rest]);
          };
        return value.bind(target);
      },
    });
    const runner = SyncManager.open({ store: filling, connection: org.connect() });
    const held = org.emulator.faults.add({
      method: 'POST',
      path: '/composite',
      hold: true,
      times: Number.POSITIVE_INFINITY,
    });
    const up = syncUp(runner, 1);
    await held.reached(8);
    runner.stop();
    full = true;
    held.remove();
    const error = await rejection(up);
    expect(error.state?.status).toBe('FAILED');
    expect(error.state?.error).toContain('disk is full');
    // Nothing was written back: every record is dirty, the eight sent are noted.
    expect(soupEntries(store, 'accounts').every((entry) => entry.__local__ === true)).toBe(true);
    expect(pendingWrites(store, 'accounts')).toHaveLength(8);
    full = false;
    await syncUp(manager);
    const after = onServer(store);
    expect(after.every(({ entry, took }) => took && entry.__local__ === false)).toBe(true);
    expect(pendingWrites(store, 'accounts')).toEqual([]);
  });

  it('a sync down from another manager while the sync up reads: the base still learns the write sent, so the app undoing it later is sent', async () => {
    const { store, manager, tag } = await editedHere(1);
    const [entry] = soupEntries(store, 'accounts') as [StoredEntry];
    const id = String(entry.Id);
    // A server edit of another field, which the other manager's sync down takes in (moving the base).
    org.emulator.clock.advance(1100);
    org.emulator.org.update('Account', id, { Name: `${tag} 0 renamed` });
    const other = SyncManager.open({ store, connection: org.connect() });
    const read = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects/Account',
      hold: true,
    });
    const up = syncUp(manager);
    await read.reached();
    await other.syncDown({
      target: {
        type: 'soql',
        query: `SELECT Id, Name, Phone, LastModifiedDate FROM Account WHERE Name LIKE '${tag} %'`,
      },
      soupName: 'accounts',
      options: MERGE,
    });
    read.release();
    await up;
    expect(org.emulator.org.get('Account', id)?.Phone).toBe(entry.Phone);
    // The app undoes its edit: back to the value it was brought down with.
    updateLocally(store, 'accounts', entry._soupEntryId, { Phone: 'B' });
    await syncUp(manager);
    expect(org.emulator.org.get('Account', id)?.Phone).toBe('B');
    const [now] = soupEntries(store, 'accounts');
    expect(now).toMatchObject({ Phone: 'B', Name: `${tag} 0 renamed`, __local__: false });
    expect(now?.[CONFLICTS]).toBeUndefined();
  });

  it('a field the app edits while the call is out keeps the base its edit was made on: a server edit of it is a conflict, not overwritten', async () => {
    const { store, manager, tag } = await editedHere(1);
    const entry = soupEntries(store, 'accounts')[0] as StoredEntry;
    const id = String(entry.Id);
    org.emulator.clock.advance(1500);
    org.emulator.org.update('Account', id, { Name: `${tag} server` });
    const held = org.emulator.faults.add({ method: 'POST', path: '/composite', holdAnswer: true });
    const up = syncUp(manager);
    await held.reached();
    // The merge took the server's Name in; the app edits Name before that is written back.
    updateLocally(store, 'accounts', entry._soupEntryId, { Name: `${tag} here` });
    held.release();
    await up;
    const now = () => soupEntries(store, 'accounts')[0] as StoredEntry;
    expect(now()).toMatchObject({ Name: `${tag} here`, __local__: true });
    await syncUp(manager);
    expect(org.emulator.org.get('Account', id)?.Name).toBe(`${tag} server`);
    expect(now()[CONFLICTS]).toEqual([
      expect.objectContaining({
        field: 'Name',
        base: `${tag} 0`,
        local: `${tag} here`,
        server: `${tag} server`,
      }),
    ]);
  });
});
