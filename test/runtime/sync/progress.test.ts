/**
 * Progress as the SDK reports it: the batch sync-up targets report after each
 * record (Android `manager/AdvancedSyncUpTask.kt`: `(i + 1) * 100 / totalSize`
 * while short of 100), without a store write per record; a refresh re-sync
 * counts the records it received (`manager/SyncDownTask.kt`: `countSaved *
 * 100 / totalSize` after each page, while short of the total); the refresh
 * query keeps the field list's order and appends only a missing Id /
 * LastModifiedDate (`target/RefreshSyncDownTarget.kt`).
 */
import { describe, expect, it } from 'vitest';
import type { SmartStore } from '../../../runtime/store/smart-store.js';
import {
  createLocally,
  SYNC_UP_IMPLEMENTATIONS,
  SYNCS_SOUP,
  SyncManager,
  type SyncState,
} from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { memoryStore } from '../../helpers/store-helpers.js';
import { ACCOUNT_SPECS, seedAccounts, soupEntries } from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

/** A store whose writes into syncs_soup are counted. */
function countingStore(store: SmartStore): { store: SmartStore; stateWrites: () => number } {
  let writes = 0;
  const counting = new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'upsert') {
        return (soup: string, ...rest: unknown[]) => {
          if (soup === SYNCS_SOUP) writes += 1;
          return (value as (...args: unknown[]) => unknown).apply(target, [soup, ...rest]);
        };
      }
      return value.bind(target);
    },
  });
  return { store: counting, stateWrites: () => writes };
}

function setup() {
  const inner = memoryStore();
  inner.registerSoup('accounts', ACCOUNT_SPECS);
  const { store, stateWrites } = countingStore(inner);
  return { store, stateWrites, manager: SyncManager.open({ store, connection: org.connect() }) };
}

describe('sync-up progress', () => {
  it.each([
    ['collection', {}],
    ['batch', { androidImpl: SYNC_UP_IMPLEMENTATIONS.batch.androidImpl }],
  ] as const)(
    '%s: one report per record, saved with the writes the run makes anyway',
    async (kind, impl) => {
      const { store, manager, stateWrites } = setup();
      for (let i = 0; i < 20; i++) {
        createLocally(
          store,
          'accounts',
          { Name: `Progress ${kind} ${i}` },
          { sobjectType: 'Account' },
        );
      }
      const updates: SyncState[] = [];
      const before = stateWrites();
      const state = await manager.syncUp({
        soupName: 'accounts',
        target: { ...impl, createFieldlist: ['Name'], updateFieldlist: ['Name'], maxBatchSize: 10 },
        options: { mergeMode: 'OVERWRITE' },
        onUpdate: (s) => updates.push(s),
      });
      expect(state).toMatchObject({ status: 'DONE', progress: 100, totalSize: 20 });
      expect(updates.map((s) => [s.status, s.progress])).toEqual([
        ['RUNNING', 0],
        ['RUNNING', 0],
        ...Array.from({ length: 19 }, (_, i) => ['RUNNING', (i + 1) * 5]),
        ['DONE', 100],
      ]);
      // Far fewer state writes than records: progress rides on the batches' own writes.
      expect(stateWrites() - before).toBeLessThan(10);
      expect(soupEntries(store, 'accounts').every((e) => e.__local__ === false)).toBe(true);
    },
  );
});

describe('refresh progress and query', () => {
  it('a re-sync counts the records received, and the query keeps the field-list order', async () => {
    const { store, manager } = setup();
    const ids = seedAccounts(org, 'Refreshing', 4).sort();
    await manager.syncDown({
      target: { type: 'soql', query: "SELECT Name FROM Account WHERE Name LIKE 'Refreshing%'" },
      soupName: 'accounts',
    });
    const mark = org.emulator.requestCount;
    const full: [string, number, number][] = [];
    const refresh = await manager.syncDown({
      target: {
        type: 'refresh',
        sobjectType: 'Account',
        fieldlist: ['Name', 'LastModifiedDate'],
        soupName: 'accounts',
        countIdsPerSoql: 2,
      },
      soupName: 'accounts',
      syncName: 'refreshing',
      onUpdate: (s) => full.push([s.status, s.progress, s.totalSize]),
    });
    expect(refresh.status).toBe('DONE');
    expect(full).toEqual([
      ['RUNNING', 0, -1],
      ['RUNNING', 0, 4],
      ['RUNNING', 50, 4],
      ['DONE', 100, 4],
    ]);
    const queries = org.emulator
      .requestsSince(mark)
      .filter((r) => r.path.includes('/query?'))
      .map((r) => new URL(r.path, 'http://x').searchParams.get('q'));
    expect(queries).toHaveLength(2);
    expect(queries[0]).toMatch(/^select Name, LastModifiedDate, Id from Account where Id IN \(/);

    // One record of the first slice changes on the server: the re-sync receives
    // that one (25 %), then nothing from the second slice (still 25 %).
    org.emulator.org.update('Account', ids[0] as string, { Name: 'Refreshing changed' });
    const again: [string, number, number][] = [];
    const resynced = await manager.reSync('refreshing', {
      onUpdate: (s) => again.push([s.status, s.progress, s.totalSize]),
    });
    expect(resynced.status).toBe('DONE');
    expect(again).toEqual([
      ['RUNNING', 0, -1],
      ['RUNNING', 0, 4],
      ['RUNNING', 25, 4],
      ['RUNNING', 25, 4],
      ['DONE', 100, 4],
    ]);
    expect(soupEntries(store, 'accounts', 'Name').map((e) => e.Name)).toContain(
      'Refreshing changed',
    );
  });
});
