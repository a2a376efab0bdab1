/**
 * What sync does not know is settled before it is repeated: a page that
 * failed to commit leaves the saved state as it was (so the re-sync fetches
 * it), an update whose answer was lost is recognised as the sync's own write
 * by the next run (an unanswered create looked up by the server's clock is in
 * `server-clock.test.ts`).
 */
import { describe, expect, it } from 'vitest';
import type { StoredEntry } from '../../../runtime/store/smart-store.js';
import { parseSalesforceDateTime } from '../../../runtime/sync/contracts/soql-text.js';
import { SyncManager, updateLocally } from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import {
  rejection,
  seedAccounts,
  soupEntries,
  storeThatFills,
  syncSetup,
} from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

const seed = (tag: string, count: number) => seedAccounts(org, tag, count);

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
    expect(manager.getPendingWrites('accounts').map((w) => w.op)).toEqual([
      'update',
      'update',
      'update',
    ]);
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
    expect(manager.getPendingWrites()).toEqual([]);
  });
});
