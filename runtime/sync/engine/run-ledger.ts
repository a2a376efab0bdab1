/**
 * A run's view of the pending-writes ledger (`pending-ledger.ts`). It keeps,
 * for the writes this run noted, the ledger entry holding each, so settling
 * them reads those entries only instead of every note of the soup: a sync up
 * under MERGE_FIELDS settles a call's writes with each answer, hundreds of
 * times a run. A write this run did not note (left by an earlier run) is
 * settled by the scan. Holders are forgotten as they are settled; one that
 * went stale (a transaction rolled back, another runner re-noted the record)
 * settles nothing it should not: the scan of the soup would have removed at
 * least as much.
 */
import type { SmartStore } from '../../store/smart-store.js';
import {
  noteCalls,
  type PendingWrite,
  pendingWrites,
  settleNoted,
  settlePending,
} from './pending-ledger.js';
import type { PendingWrites } from './run-context.js';

/** The ledger for one run; `checkLease` throws once the run lost its lease (nothing is noted then). */
export function runLedger(store: SmartStore, checkLease: () => void): PendingWrites {
  const holders = new Map<string, Map<number, number>>();
  const noteAll = (calls: readonly (readonly PendingWrite[])[]): void => {
    const noted = store.transaction(() => {
      checkLease();
      return noteCalls(store, calls);
    });
    for (const [soup, bySoup] of noted) {
      const known = holders.get(soup) ?? new Map<number, number>();
      holders.set(soup, known);
      for (const [entry, holder] of bySoup) known.set(entry, holder);
    }
  };
  return {
    note: (writes) => noteAll([writes]),
    noteCalls: noteAll,
    settle: (soup, entries) => {
      const known = holders.get(soup);
      const byHolder: number[] = [];
      const held: number[] = [];
      const unknown: number[] = [];
      for (const entry of entries) {
        const holder = known?.get(entry);
        if (holder === undefined) unknown.push(entry);
        else {
          held.push(entry);
          byHolder.push(holder);
          known?.delete(entry);
        }
      }
      settleNoted(store, soup, byHolder, held);
      settlePending(store, soup, unknown);
    },
    of: (soup) => pendingWrites(store, soup),
  };
}
