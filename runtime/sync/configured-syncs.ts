/**
 * Running a sync from its config entry (what the generated `syncDownAccount`,
 * `syncUpAccount` and `reSyncAccount` functions call): the sync is created from
 * the entry the first time, then run by name.
 */
import type { SyncConfigEntry } from './contracts/sync-config.js';
import { SyncError } from './contracts/sync-error.js';
import type { SyncUpdateCallback } from './contracts/sync-requests.js';
import type { SyncState } from './contracts/sync-state.js';
import type { SyncManager } from './sync-manager.js';

/** Options of a configured sync's run. */
export interface ConfiguredSyncOptions {
  readonly onUpdate?: SyncUpdateCallback;
}

/**
 * Runs the sync of `entry`: creates it the first time (a sync down then fetches
 * everything), and re-syncs it afterwards (a sync down fetches what changed, a
 * sync up sends what is dirty).
 *
 * @example
 * await runConfiguredSync(manager, accountSyncDown, { onUpdate: (s) => console.log(s.progress) });
 */
export async function runConfiguredSync(
  manager: SyncManager,
  entry: SyncConfigEntry,
  options: ConfiguredSyncOptions = {},
): Promise<SyncState> {
  if (manager.getSyncStatus(entry.syncName) === null) {
    // The one entry is reported by the error, not by a warning as well.
    const loaded = await manager.loadSyncsConfig(
      { syncs: [entry] },
      { logger: { warn: () => {} } },
    );
    const [skipped] = loaded.skipped;
    if (skipped !== undefined) {
      throw new SyncError('SYNC_BAD_CONFIG', `Sync ${entry.syncName}: ${skipped.reason}`);
    }
  }
  return manager.reSync(entry.syncName, options);
}
