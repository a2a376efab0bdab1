/**
 * `cleanResyncGhosts` as the manager queues it: refused for a sync up, a
 * stopped manager or a sync running anywhere, else run in the queue like a
 * sync by the target type's module (`down/targets.ts`).
 */
import type { SalesforceClient } from '../contracts/salesforce-client.js';
import type { SyncDownTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import { syncDownTargetModule } from '../down/targets.js';
import type { AcquireHost } from './acquire-run.js';
import { isRunByAnother } from './sync-lease.js';
import { requireSyncState } from './sync-states.js';

/** Queues the ghost cleaning of a sync down; resolves with the number of records removed. */
export function queueGhostCleaning(
  host: AcquireHost & { readonly client: SalesforceClient },
  idOrName: number | string,
): Promise<number> {
  const state = requireSyncState(host.store, idOrName);
  if (state.type !== 'syncDown') {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      `cleanResyncGhosts: sync ${idOrName} is a sync up (ghosts are cleaned for sync downs)`,
    );
  }
  if (host.stopping()) {
    throw new SyncError(
      'SYNC_MANAGER_STOPPED',
      `Cannot clean ghosts of sync ${idOrName}: the sync manager is stopped`,
    );
  }
  if (host.queue.running(state.id) !== undefined || isRunByAnother(state, host.owner)) {
    throw new SyncError(
      'SYNC_ALREADY_RUNNING',
      `Cannot clean ghosts of sync ${idOrName}: it is still running`,
    );
  }
  return host.queue.add(state.id, async () => {
    try {
      return await syncDownTargetModule(state.target as SyncDownTarget).cleanGhosts(state, {
        store: host.store,
        client: host.client,
        stopRequested: host.stopping,
      });
    } finally {
      host.queue.release(state.id);
    }
  });
}
