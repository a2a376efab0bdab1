/**
 * Taking a sync for a run: its lease taken and its state written `RUNNING`
 * at once (even while it waits in the queue, as the SDK does). With
 * `whenRunning: 'wait'`, a sync another runner has is asked for again until
 * it is free (a sync running in this manager is waited for first).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SmartStore } from '../../store/smart-store.js';
import { SyncError } from '../contracts/sync-error.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { RunQueue } from './run-queue.js';
import { acquireSync } from './sync-lease.js';
import { findSyncState } from './sync-states.js';

/** How often a run waiting for another runner's sync asks again, in ms. */
const WAIT_POLL_MS = 100;

/** What taking a sync needs of its manager. */
export interface AcquireHost {
  readonly store: SmartStore;
  readonly owner: string;
  readonly queue: RunQueue;
  stopping(): boolean;
}

/**
 * Takes the lease for `host.owner` and hands the state its run starts from to
 * `run`, in the same turn (a sync free at once counts as running here before
 * this returns); resolves with what `run` resolves with.
 */
export async function acquireRun(
  host: AcquireHost,
  id: number,
  start: (stored: SyncState, orphaned: boolean) => SyncState,
  whenRunning: 'fail' | 'wait',
  run: (initial: SyncState) => Promise<SyncState>,
): Promise<SyncState> {
  for (;;) {
    if (host.stopping()) {
      const state = findSyncState(host.store, id);
      throw new SyncError(
        'SYNC_MANAGER_STOPPED',
        `Cannot run sync ${state?.name ?? id}: the sync manager is stopped`,
      );
    }
    const ours = host.queue.running(id);
    if (ours !== undefined && whenRunning !== 'wait') {
      const state = findSyncState(host.store, id);
      throw new SyncError(
        'SYNC_ALREADY_RUNNING',
        `Cannot run sync ${state?.name ?? id}: it is still running`,
      );
    }
    if (ours !== undefined) {
      await ours.catch(() => {});
      continue;
    }
    let initial: SyncState | undefined;
    try {
      initial = acquireSync(host.store, id, host.owner, (stored, orphaned) => ({
        ...start(stored, orphaned),
        status: 'RUNNING',
        progress: 0,
        startTime: Date.now(),
        error: '',
      }));
    } catch (error) {
      const busy = error instanceof SyncError && error.code === 'SYNC_ALREADY_RUNNING';
      if (!busy || whenRunning !== 'wait') throw error;
      await delay(WAIT_POLL_MS);
      continue;
    }
    if (initial === undefined) throw new SyncError('SYNC_NOT_FOUND', `Sync ${id} does not exist`);
    return run(initial);
  }
}
