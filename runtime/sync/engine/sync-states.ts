/**
 * Sync states in the store (the SDK's `SyncState` persistence): `syncs_soup`
 * set up or brought up to date, states created, found by id or name, listed
 * by status and deleted, and the soups a sync names checked.
 */
import { buildExactQuerySpec } from '../../store/query-spec.js';
import type { SmartStore, StoredEntry } from '../../store/smart-store.js';
import { SYNCS_SOUP, SYNCS_SOUP_INDEXES } from '../contracts/constants.js';
import type {
  SyncDownTarget,
  SyncOptions,
  SyncType,
  SyncUpTarget,
} from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import type { SyncState, SyncStatus } from '../contracts/sync-state.js';
import { newSyncStateJson, syncStateFromJson } from '../contracts/sync-state-json.js';
import { ensurePendingSoup } from './pending-ledger.js';
import { stopOrphanedSyncs } from './sync-lease.js';

/**
 * Creates `syncs_soup` if needed (or upgrades one an older SDK made, with
 * string indexes on `type` and `name`) and the ledger of unsettled writes,
 * and marks `STOPPED` the syncs left `RUNNING` by a runner that is gone.
 */
export function openSyncStates(store: SmartStore): void {
  const indexes = SYNCS_SOUP_INDEXES.map((spec) => ({ ...spec }));
  if (!store.soupExists(SYNCS_SOUP)) {
    store.registerSoup(SYNCS_SOUP, indexes);
  } else {
    // A soup written by an older SDK (string indexes on type and name only) is brought up to date.
    const current = store.getSoupIndexSpecs(SYNCS_SOUP);
    const upToDate =
      current.length === indexes.length &&
      indexes.every((spec) => current.some((c) => c.path === spec.path && c.type === spec.type));
    if (!upToDate) store.alterSoup(SYNCS_SOUP, indexes, true);
  }
  ensurePendingSoup(store);
  stopOrphanedSyncs(store);
}

/** Throws `SYNC_BAD_CONFIG` unless the store has soup `soupName` (`what` names who asks). */
export function requireSoup(store: SmartStore, soupName: string, what: string): void {
  if (!store.soupExists(soupName)) {
    throw new SyncError(
      'SYNC_BAD_CONFIG',
      `${what} names soup ${soupName}, which the store does not have (load the store config first)`,
    );
  }
}

/** Saves a new sync (status `NEW`) with a stored target and options; the name must be free. */
export function createSyncState(
  store: SmartStore,
  type: SyncType,
  soupName: string,
  target: SyncDownTarget | SyncUpTarget,
  options: SyncOptions,
  name?: string,
): SyncState {
  if (!store.soupExists(soupName)) {
    throw new SyncError(
      'SYNC_BAD_CONFIG',
      `Sync ${name ?? ''} names soup ${soupName}, which the store does not have`.replace('  ', ' '),
    );
  }
  if (name !== undefined && syncStateByName(store, name) !== undefined) {
    throw new SyncError(
      'SYNC_DUPLICATE_NAME',
      `Failed to create sync down: there is already a sync with name ${name}`,
    );
  }
  const [saved] = store.upsert(SYNCS_SOUP, [
    newSyncStateJson(type, soupName, target, options, name),
  ]);
  return syncStateFromJson(saved);
}

/** The state of the sync with this id or name, if any. */
export function findSyncState(store: SmartStore, idOrName: number | string): SyncState | undefined {
  if (typeof idOrName === 'number') {
    const [entry] = store.retrieve(SYNCS_SOUP, [idOrName]);
    return entry === undefined ? undefined : syncStateFromJson(entry);
  }
  return syncStateByName(store, idOrName);
}

/** The state of the sync with this id or name; `SYNC_NOT_FOUND` when there is none. */
export function requireSyncState(store: SmartStore, idOrName: number | string): SyncState {
  const state = findSyncState(store, idOrName);
  if (state === undefined) throw new SyncError('SYNC_NOT_FOUND', `Sync ${idOrName} does not exist`);
  return state;
}

/** The state of the sync named `name`, if any. */
export function syncStateByName(store: SmartStore, name: string): SyncState | undefined {
  const [entry] = store.query(
    buildExactQuerySpec({ soupName: SYNCS_SOUP, indexPath: 'name', matchKey: name, pageSize: 1 }),
  ) as StoredEntry[];
  return entry === undefined ? undefined : syncStateFromJson(entry);
}

/** Every sync whose status is `status`. */
export function syncStatesWithStatus(store: SmartStore, status: SyncStatus): SyncState[] {
  return (
    store.query(
      buildExactQuerySpec({
        soupName: SYNCS_SOUP,
        indexPath: 'status',
        matchKey: status,
        pageSize: 1_000_000,
      }),
    ) as StoredEntry[]
  ).map(syncStateFromJson);
}

/** Deletes a sync's state (its records keep their `__sync_id__`). */
export function deleteSyncState(store: SmartStore, id: number): void {
  store.remove(SYNCS_SOUP, [id]);
}
