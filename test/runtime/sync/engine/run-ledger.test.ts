/**
 * A run's view of the pending-writes ledger: the writes it noted are settled
 * by reading only the ledger entries holding them, which leaves a note of the
 * same record another runner wrote since, and a note an earlier run left is
 * settled by the scan of the soup as before.
 */
import { describe, expect, it } from 'vitest';
import {
  ensurePendingSoup,
  type PendingWrite,
  pendingWrites,
  settleNoted,
} from '../../../../runtime/sync/engine/pending-ledger.js';
import { runLedger } from '../../../../runtime/sync/engine/run-ledger.js';
import { memoryStore } from '../../../helpers/store-helpers.js';

const write = (entry: number, syncId: number, soup = 'accounts'): PendingWrite => ({
  soup,
  entry,
  op: 'update',
  after: 0,
  fields: ['Phone'],
  digest: `d${entry}`,
  syncId,
});

const noted = (store: ReturnType<typeof memoryStore>, soup = 'accounts') =>
  pendingWrites(store, soup).map((w) => [w.entry, w.syncId]);

describe('runLedger', () => {
  it('notes several calls in one go and settles each write it noted, leaving the others', () => {
    const store = memoryStore();
    ensurePendingSoup(store);
    const run = runLedger(store, () => {});
    run.noteCalls([
      [write(1, 7), write(2, 7)],
      [write(3, 7), write(4, 7)],
    ]);
    expect(noted(store)).toEqual([
      [1, 7],
      [2, 7],
      [3, 7],
      [4, 7],
    ]);
    run.settle('accounts', [2, 3, 4]);
    expect(noted(store)).toEqual([[1, 7]]);
  });

  it('leaves the note another runner wrote since for the same record', () => {
    const store = memoryStore();
    ensurePendingSoup(store);
    const mine = runLedger(store, () => {});
    const theirs = runLedger(store, () => {});
    mine.note([write(1, 7), write(2, 7)]);
    // The other runner sends record 1 again: its note replaces mine.
    theirs.note([write(1, 8)]);
    mine.settle('accounts', [1, 2]);
    expect(noted(store)).toEqual([[1, 8]]);
  });

  it('settles a note an earlier run left by the scan of the soup', () => {
    const store = memoryStore();
    ensurePendingSoup(store);
    runLedger(store, () => {}).note([write(5, 3)]);
    runLedger(store, () => {}).settle('accounts', [5]);
    expect(noted(store)).toEqual([]);
  });

  it('notes nothing once the run lost its lease', () => {
    const store = memoryStore();
    ensurePendingSoup(store);
    const lost = new Error('lease lost');
    const run = runLedger(store, () => {
      throw lost;
    });
    expect(() => run.noteCalls([[write(1, 7)]])).toThrow(lost);
    expect(noted(store)).toEqual([]);
  });

  it('settleNoted settles in holders of its own soup only', () => {
    const store = memoryStore();
    ensurePendingSoup(store);
    runLedger(store, () => {}).note([write(1, 7, 'contacts')]);
    const [holder] = store.query({
      queryType: 'range',
      soupName: 'soupkit_pending_writes',
      indexPath: 'soup',
      order: 'ascending',
      pageSize: 10,
    }) as { _soupEntryId: number }[];
    settleNoted(store, 'accounts', [holder?._soupEntryId ?? 0], [1]);
    expect(noted(store, 'contacts')).toEqual([[1, 7]]);
    settleNoted(store, 'contacts', [holder?._soupEntryId ?? 0], [1]);
    expect(noted(store, 'contacts')).toEqual([]);
  });
});
