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
import {
  FOCUS,
  focusChangedOnBothSides,
  oneMergedAccount,
  setOf,
} from '../../helpers/merge-sets.js';
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
      const { store, manager, until } = await editedHere(75);
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
      // Calls of 25 (the composite limit); 80 records in flight (two of 40, as OVERWRITE would) let three out at once.
      const up = syncUp(manager, 40);
      await held.reached();
      await failed.reached();
      // Written back soon after it arrives (within the queue's wait): the third call's answer is in the soup
      // while the first call's answer is still held by the server.
      const cleanNow = () => onServer(store).filter((r) => r.entry.__local__ === false);
      await until(() => cleanNow().length >= 25);
      expect(cleanNow()).toHaveLength(25);
      expect(cleanNow().every((r) => r.took)).toBe(true);
      held.release();
      await rejection(up);
      const after = onServer(store);
      // 3 calls of 25: the failed one's 25 records stay dirty (applied on the server when only the answer was lost).
      expect(after.filter((r) => r.entry.__local__ === true)).toHaveLength(25);
      expect(after.filter((r) => !r.took)).toHaveLength(failure === 'refused' ? 25 : 0);
      for (const { entry, took } of after) if (!took) expect(entry.__local__).toBe(true);
      expect(after.filter((r) => r.took && r.entry.__local__ === false)).toHaveLength(50);
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
    // Calls of one record, two in flight (as OVERWRITE has with maxBatchSize 1).
    await held.reached(2);
    runner.stop();
    full = true;
    held.remove();
    const error = await rejection(up);
    expect(error.state?.status).toBe('FAILED');
    expect(error.state?.error).toContain('disk is full');
    // Nothing was written back: every record is dirty, the two sent are noted.
    expect(soupEntries(store, 'accounts').every((entry) => entry.__local__ === true)).toBe(true);
    expect(pendingWrites(store, 'accounts')).toHaveLength(2);
    full = false;
    await syncUp(manager);
    const after = onServer(store);
    expect(after.every(({ entry, took }) => took && entry.__local__ === false)).toBe(true);
    expect(pendingWrites(store, 'accounts')).toEqual([]);
  });

  describe('a sync down from another manager while the sync up reads: the base still learns the write sent, so the app undoing it later is sent', () => {
    /** One Account brought down with `field` at `initial`, edited here (after `earlier`, sent first if given). */
    async function undoAfterOtherDown(c: {
      field: string;
      initial: string;
      earlier?: string;
      local: string;
      server?: string;
      undo: string;
      firstMode?: 'MERGE_FIELDS' | 'LEAVE_IF_CHANGED';
    }): Promise<{ server: unknown; here: StoredEntry }> {
      const { store, manager } = syncSetup(org);
      serial += 1;
      const tag = `InFlight${serial}`;
      const [id] = org.emulator.org.insert('Account', [
        { Name: `${tag} 0`, Phone: 'B', [c.field]: c.initial },
      ]) as [string];
      const query = `SELECT Id, Name, Phone, ${c.field}, LastModifiedDate FROM Account WHERE Name LIKE '${tag} %'`;
      const down = (runner: SyncManager, mergeMode: 'MERGE_FIELDS' | 'LEAVE_IF_CHANGED') =>
        runner.syncDown({
          target: { type: 'soql', query },
          soupName: 'accounts',
          options: { mergeMode },
        });
      const up = () =>
        manager.syncUp({
          soupName: 'accounts',
          target: { updateFieldlist: ['Name', c.field], createFieldlist: ['Name', c.field] },
          options: MERGE,
        });
      await down(manager, c.firstMode ?? 'MERGE_FIELDS');
      const [entry] = soupEntries(store, 'accounts') as [StoredEntry];
      if (c.earlier !== undefined) {
        // Sent first: the base then holds the value as the app wrote it.
        updateLocally(store, 'accounts', entry._soupEntryId, { [c.field]: c.earlier });
        await up();
      }
      updateLocally(store, 'accounts', entry._soupEntryId, { [c.field]: c.local });
      // A server edit the other manager's sync down takes in, moving the base
      // (a record with no base gets one from that sync down alone).
      if (c.firstMode === undefined) {
        org.emulator.clock.advance(1100);
        org.emulator.org.update('Account', id, {
          Name: `${tag} 0 renamed`,
          ...(c.server === undefined ? {} : { [c.field]: c.server }),
        });
      }
      const other = SyncManager.open({ store, connection: org.connect() });
      const read = org.emulator.faults.add({
        method: 'POST',
        path: '/composite/sobjects/Account',
        hold: true,
      });
      const sent = up();
      await read.reached();
      await down(other, 'MERGE_FIELDS');
      read.release();
      await sent;
      updateLocally(store, 'accounts', entry._soupEntryId, { [c.field]: c.undo });
      await up();
      const [here] = soupEntries(store, 'accounts') as [StoredEntry];
      expect(here[CONFLICTS]).toBeUndefined();
      expect(here.__local__).toBe(false);
      return { server: org.emulator.org.get('Account', id)?.[c.field], here };
    }

    it('a plain field', async () => {
      const { server } = await undoAfterOtherDown({
        field: 'Phone',
        initial: 'B',
        local: 'L',
        undo: 'B',
      });
      expect(server).toBe('B');
    });

    it('a multi-select changed on both sides (sent as the union), then the app removes its addition', async () => {
      const { server } = await undoAfterOtherDown({
        field: 'npsp__Funding_Focus__c',
        initial: 'Education',
        local: 'Education;Arts and Culture',
        server: 'Education;Health Services',
        undo: 'Education;Health Services',
      });
      expect(String(server).split(';').sort()).toEqual(['Education', 'Health Services']);
    });

    it('a date-time whose base holds the value as the app wrote it', async () => {
      const { server } = await undoAfterOtherDown({
        field: 'PersonEmailBouncedDate',
        initial: '2024-05-01T10:00:00.000+0000',
        earlier: '2024-06-01T10:00:00.000Z',
        local: '2024-07-01T10:00:00.000Z',
        undo: '2024-06-01T10:00:00.000Z',
      });
      expect(Date.parse(String(server).replace(/\+0000$/, 'Z'))).toBe(
        Date.parse('2024-06-01T10:00:00.000Z'),
      );
    });

    it('a record brought down under LEAVE_IF_CHANGED (no base when the sync up read it)', async () => {
      const { server } = await undoAfterOtherDown({
        field: 'Phone',
        initial: 'B',
        local: 'L',
        undo: 'B',
        firstMode: 'LEAVE_IF_CHANGED',
      });
      expect(server).toBe('B');
    });
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

describe('MERGE_FIELDS: a multi-select merged with the server’s set, edited here while the call is out', () => {
  for (const c of [
    { edit: 'removes its own addition', now: 'Education;Arts and Culture', end: ['Education'] },
    {
      edit: 'adds another value',
      now: 'Education;Arts and Culture;Health Services;Environment',
      end: ['Education', 'Environment', 'Health Services'],
    },
  ])
    it(`the app ${c.edit}: its change is sent, the server's removal stays`, async () => {
      serial += 1;
      const { store, id, entry, up } = await focusChangedOnBothSides(org, `InFlightSet${serial} x`);
      const held = org.emulator.faults.add({
        method: 'POST',
        path: '/composite',
        holdAnswer: true,
      });
      const first = up();
      await held.reached();
      updateLocally(store, 'accounts', entry()._soupEntryId, { [FOCUS]: c.now });
      held.release();
      await first;
      await up();
      expect(setOf(org.emulator.org.get('Account', id)?.[FOCUS])).toEqual(c.end);
      expect(setOf(entry()[FOCUS])).toEqual(c.end);
      expect(entry()).toMatchObject({ __local__: false });
    });
});

describe('MERGE_FIELDS: another manager’s sync down meets the record while the answer is out, and the app edits after it', () => {
  const oneAccount = (seed: Record<string, unknown>, fields: string[]) => {
    serial += 1;
    return oneMergedAccount(org, `OtherDown${serial} x`, seed, fields);
  };

  it('a multi-select: the app removes the server’s value it was then shown, and the removal is sent', async () => {
    const r = await oneAccount({ [FOCUS]: 'Education' }, [FOCUS]);
    r.serverEdit({ [FOCUS]: 'Education;Arts and Culture' });
    r.edit({ [FOCUS]: 'Education;Health Services' });
    await r.upWhileOtherDown(() => {
      expect(setOf(r.entry()[FOCUS])).toEqual(['Arts and Culture', 'Education', 'Health Services']);
      // The record's value is again the string it held when the sync up read it.
      r.edit({ [FOCUS]: 'Education;Health Services' });
    });
    expect(setOf(r.entry()[FOCUS])).toEqual(['Education', 'Health Services']);
    await r.up();
    expect(setOf(org.emulator.org.get('Account', r.id)?.[FOCUS])).toEqual([
      'Education',
      'Health Services',
    ]);
  });

  it('a plain field: the app sets back the server’s value it was then shown, and its edit is kept and sent', async () => {
    const r = await oneAccount({ Phone: 'B', Fax: 'f0' }, ['Phone', 'Fax']);
    r.serverEdit({ Phone: 'S' });
    r.edit({ Fax: 'f1' });
    await r.upWhileOtherDown(() => {
      expect(r.entry().Phone).toBe('S');
      r.edit({ Phone: 'B' });
    });
    expect(r.entry()).toMatchObject({ Phone: 'B', __local__: true });
    await r.up();
    expect(org.emulator.org.get('Account', r.id)).toMatchObject({ Phone: 'B', Fax: 'f1' });
  });
});

describe('MERGE_FIELDS records in flight', () => {
  // An emulator of its own: its highest count of requests at once is this test's.
  const wide = useEmulator({ describes: RECORDED_DESCRIBES });

  it('has as many records on their way as OVERWRITE: 16 composite calls of 25 out at once by default', async () => {
    const { store, manager } = syncSetup(wide);
    wide.emulator.org.insert(
      'Account',
      Array.from({ length: 450 }, (_, i) => ({ Name: `Wide ${i}`, Phone: 'B' })),
    );
    await manager.syncDown({
      target: { type: 'soql', query: 'SELECT Id, Name, Phone, LastModifiedDate FROM Account' },
      soupName: 'accounts',
      options: MERGE,
    });
    for (const entry of soupEntries(store, 'accounts'))
      updateLocally(store, 'accounts', entry._soupEntryId, { Phone: `L ${entry.Name}` });
    const mark = wide.emulator.requestCount;
    const held = wide.emulator.faults.add({
      method: 'POST',
      path: '/composite',
      hold: true,
      times: Number.POSITIVE_INFINITY,
    });
    const up = manager.syncUp({
      soupName: 'accounts',
      target: { updateFieldlist: ['Name', 'Phone'], createFieldlist: ['Name', 'Phone'] },
      options: MERGE,
    });
    // 18 calls of 25: the first 16 go out before any answer (held), the other two wait for
    // places. (A 17th sent too early would not always have reached the emulator yet: the
    // upper bound is also recordsInFlight's and CallSlots' own tests.)
    await held.reached(16);
    expect(held.hits).toBe(16);
    held.remove();
    await up;
    const composites = wide.emulator
      .requestsSince(mark)
      .filter((r) => r.method === 'POST' && r.path.endsWith('/composite'));
    expect(composites).toHaveLength(18);
    expect(wide.emulator.maxConcurrentRequests).toBe(16);
    const after = soupEntries(store, 'accounts');
    expect(after.every((entry) => entry.__local__ === false)).toBe(true);
  });
});
