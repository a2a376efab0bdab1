/**
 * What sync does not know is settled before it is repeated: a page that
 * failed to commit leaves the saved state as it was (so the re-sync fetches
 * it), an update whose answer was lost is recognised as the sync's own write
 * by the next run, and an unanswered create is looked up from the server's
 * clock (not the device's), so a server clock far behind the device's
 * creates nothing twice.
 */
import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../../../runtime/store/smart-store.js';
import { createLocally, SyncManager, updateLocally } from '../../../runtime/sync/index.js';
import { parseSalesforceDateTime } from '../../../runtime/sync/soql-text.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import {
  rejection,
  serverRecords,
  soupEntries,
  storeThatFills,
  syncSetup,
} from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });
const HOUR = 60 * 60 * 1000;

function seed(tag: string, count: number): string[] {
  return org.emulator.org.insert(
    'Account',
    Array.from({ length: count }, (_, i) => ({ Name: `${tag} ${String(i).padStart(4, '0')}` })),
  );
}

const newest = (entries: readonly StoredEntry[]) =>
  Math.max(...entries.map((e) => parseSalesforceDateTime(e.LastModifiedDate)));

describe('a page that fails to commit (a full disk)', () => {
  it('leaves the saved state as the last committed page left it, and the re-sync fetches it', async () => {
    const tag = 'FullDisk';
    seed(tag, 600);
    const { store } = syncSetup(org);
    // The second page's upsert fails as SQLite fails when the disk is full.
    const manager = SyncManager.open({
      store: storeThatFills(store, 'accounts', 2),
      connection: org.connect(),
    });
    const states: number[] = [];
    const error = await rejection(
      manager.syncDown({
        target: {
          type: 'soql',
          query: `SELECT Name FROM Account WHERE Name LIKE '${tag} %'`,
          maxBatchSize: 200,
        },
        soupName: 'accounts',
        syncName: tag,
        onUpdate: (s) => states.push(s.progress),
      }),
    );
    expect(error.state?.status).toBe('FAILED');
    expect(error.state?.error).toContain('database or disk is full');
    const saved = soupEntries(store, 'accounts');
    expect(saved).toHaveLength(200);
    // The failed page's stamp and progress were never committed, nor reported.
    expect(error.state?.maxTimeStamp).toBe(newest(saved));
    expect(manager.getSyncStatus(tag)).toMatchObject({
      status: 'FAILED',
      maxTimeStamp: newest(saved),
      progress: 33,
    });
    expect(states).not.toContain(66);
    expect((await manager.reSync(tag)).status).toBe('DONE');
    expect(soupEntries(store, 'accounts')).toHaveLength(600);
  });
});

describe('an update whose answer was lost (LEAVE_IF_CHANGED)', () => {
  it("is recognised by the next run as the sync's own write: the records and a later edit reach the server", async () => {
    const tag = 'LostUpdate';
    const ids = seed(tag, 3);
    const { store, manager } = syncSetup(org);
    await manager.syncDown({
      target: {
        type: 'soql',
        query: `SELECT Name, Description FROM Account WHERE Name LIKE '${tag} %'`,
      },
      soupName: 'accounts',
      options: { mergeMode: 'LEAVE_IF_CHANGED' },
    });
    const local = soupEntries(store, 'accounts');
    for (const entry of local)
      updateLocally(store, 'accounts', entry._soupEntryId, { Description: 'sent once' });
    const up = () =>
      manager.syncUp({
        soupName: 'accounts',
        syncName: tag,
        target: {
          createFieldlist: ['Name', 'Description'],
          updateFieldlist: ['Name', 'Description'],
        },
        options: { mergeMode: 'LEAVE_IF_CHANGED' },
      });
    const drop = org.emulator.faults.add({
      method: 'PATCH',
      path: '/composite/sobjects',
      dropAfterCommit: true,
    });
    const error = await rejection(up());
    drop.remove();
    expect(error.state?.status).toBe('FAILED');
    expect(error.state?.unanswered?.map((w) => w.op)).toEqual(['update', 'update', 'update']);
    // Applied on the server, still dirty here.
    expect(ids.map((id) => org.emulator.org.get('Account', id)?.Description)).toEqual([
      'sent once',
      'sent once',
      'sent once',
    ]);
    const first = local[0] as StoredEntry;
    updateLocally(store, 'accounts', first._soupEntryId, { Description: 'edited after' });
    expect((await manager.reSync(tag)).status).toBe('DONE');
    expect(soupEntries(store, 'accounts').every((e) => e.__local__ === false)).toBe(true);
    expect(org.emulator.org.get('Account', String(first.Id))?.Description).toBe('edited after');
    expect(manager.getSyncStatus(tag)?.unanswered).toBeUndefined();
  });
});

describe('a create whose answer was lost, with the server clock 2 hours behind the device', () => {
  it('is found on the server by the next run, not created again', async () => {
    const tag = 'SlowServerClock';
    org.emulator.clock.advance(-2 * HOUR);
    try {
      const { store, manager } = syncSetup(org);
      createLocally(store, 'accounts', { Name: `${tag} 1` }, { sobjectType: 'Account' });
      const drop = org.emulator.faults.add({
        method: 'POST',
        path: '/composite/sobjects',
        dropAfterCommit: true,
      });
      const request = {
        soupName: 'accounts',
        syncName: tag,
        target: { createFieldlist: ['Name'], updateFieldlist: ['Name'] },
        options: { mergeMode: 'OVERWRITE' as const },
      };
      const error = await rejection(manager.syncUp(request));
      drop.remove();
      expect(error.state?.unanswered).toMatchObject([
        { op: 'create', match: { Name: `${tag} 1` } },
      ]);
      // The note carries the server's time, 2 hours behind the device's.
      const serverAt = Number(error.state?.unanswered?.[0]?.serverAt);
      expect(Math.abs(serverAt - org.emulator.clock.now())).toBeLessThan(60_000);
      expect((await manager.reSync(tag)).status).toBe('DONE');
      const server = serverRecords(org, 'Account', 'Name', `${tag} `);
      expect(server).toHaveLength(1);
      expect(soupEntries(store, 'accounts').map((e) => [e.Id, e.__local__])).toEqual([
        [server[0]?.Id, false],
      ]);
    } finally {
      org.emulator.clock.advance(2 * HOUR);
    }
  });
});
