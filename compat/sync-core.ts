/**
 * Mobile Sync calls of the SDK's JS APIs through soupkit's SyncManager, one
 * manager per store, opened on the first sync call. States come back as the
 * SDK's JSON, the sync id in `_soupEntryId`.
 */
import {
  MERGE_MODES,
  openConnection,
  type SyncDownTarget,
  SyncManager,
  type SyncOptions,
  type SyncState,
  type SyncStateJson,
  type SyncUpTarget,
  syncStateToJson,
} from '../runtime/sync/index.js';
import { CompatError } from './compat-error.js';
import { requireOrg } from './settings.js';
import type { StoreRef } from './store-config.js';
import { onStoreClose, storeFor } from './stores.js';

/** A sync state as the SDK's JS APIs hand it out: its stored JSON, the id always there, no lease. */
export type SdkSyncState = Omit<SyncStateJson, '_soupEntryId' | 'lease'> & { _soupEntryId: number };

/** `MERGE_MODE` of the SDK's JS APIs. */
export const MERGE_MODE = {
  OVERWRITE: MERGE_MODES[0],
  LEAVE_IF_CHANGED: MERGE_MODES[1],
} as const;

/** Hears each state a run reports (the Cordova flavour turns them into `sync` events). */
export type SyncListener = (state: SdkSyncState) => void;

const managers = new Map<string, Promise<SyncManager>>();
const running = new Set<Promise<unknown>>();

function keyOf(ref: StoreRef): string {
  return `${ref.isGlobalStore ? 'global' : 'user'}/${ref.storeName}`;
}

onStoreClose((ref) => {
  const key = keyOf(ref);
  const manager = managers.get(key);
  managers.delete(key);
  manager?.then((m) => m.stop()).catch(() => undefined);
});

function managerFor(ref: StoreRef): Promise<SyncManager> {
  const key = keyOf(ref);
  let manager = managers.get(key);
  if (manager === undefined) {
    const org = requireOrg('Mobile Sync');
    const store = storeFor(ref);
    manager = openConnection({
      instanceUrl: org.instanceUrl,
      accessToken: org.accessToken,
      apiVersion: org.apiVersion ?? '66.0',
    }).then((connection) => SyncManager.open({ store, connection }));
    managers.set(key, manager);
    manager.catch(() => managers.delete(key));
  }
  return manager;
}

/** The SDK's JSON of a state (soupkit's run lease left out: it is no part of the SDK's). */
export function sdkSyncState(state: SyncState): SdkSyncState {
  const json = syncStateToJson(state);
  delete json.lease;
  return { ...json, _soupEntryId: state.id };
}

function optionsOf(options: unknown): SyncOptions {
  const given = (
    typeof options === 'object' && options !== null ? options : {}
  ) as Partial<SyncOptions>;
  return {
    ...given,
    mergeMode: given.mergeMode ?? MERGE_MODE.OVERWRITE,
  };
}

function syncNameOf(syncName: unknown): string | undefined {
  return typeof syncName === 'string' && syncName !== '' ? syncName : undefined;
}

function idOrNameOf(idOrName: unknown): number | string {
  if (typeof idOrName === 'string') return idOrName;
  const id = Number(idOrName);
  if (!Number.isSafeInteger(id)) {
    throw new CompatError('COMPAT_BAD_ARGUMENT', 'a sync id (number) or name (string) is required');
  }
  return id;
}

function track<T>(run: Promise<T>): Promise<T> {
  running.add(run);
  const done = () => running.delete(run);
  run.then(done, done);
  return run;
}

function updates(listener: SyncListener | undefined) {
  return listener === undefined
    ? {}
    : { onUpdate: (state: SyncState) => listener(sdkSyncState(state)) };
}

/** The Mobile Sync operations, by the SDK's names. */
export const syncCore = {
  async syncDown(
    ref: StoreRef,
    target: unknown,
    soupName: string,
    options: unknown,
    syncName?: unknown,
    listener?: SyncListener,
  ): Promise<SdkSyncState> {
    const manager = await managerFor(ref);
    const name = syncNameOf(syncName);
    const state = await track(
      manager.syncDown({
        target: target as SyncDownTarget,
        soupName,
        options: optionsOf(options),
        ...(name === undefined ? {} : { syncName: name }),
        ...updates(listener),
      }),
    );
    return sdkSyncState(state);
  },

  async syncUp(
    ref: StoreRef,
    target: unknown,
    soupName: string,
    options: unknown,
    syncName?: unknown,
    listener?: SyncListener,
  ): Promise<SdkSyncState> {
    const manager = await managerFor(ref);
    const name = syncNameOf(syncName);
    const state = await track(
      manager.syncUp({
        target: (target ?? {}) as SyncUpTarget,
        soupName,
        options: optionsOf(options),
        ...(name === undefined ? {} : { syncName: name }),
        ...updates(listener),
      }),
    );
    return sdkSyncState(state);
  },

  async reSync(ref: StoreRef, idOrName: unknown, listener?: SyncListener): Promise<SdkSyncState> {
    const manager = await managerFor(ref);
    return sdkSyncState(await track(manager.reSync(idOrNameOf(idOrName), updates(listener))));
  },

  async cleanResyncGhosts(ref: StoreRef, syncId: unknown): Promise<number> {
    const manager = await managerFor(ref);
    return track(manager.cleanResyncGhosts(idOrNameOf(syncId)));
  },

  async getSyncStatus(ref: StoreRef, idOrName: unknown): Promise<SdkSyncState | null> {
    const state = (await managerFor(ref)).getSyncStatus(idOrNameOf(idOrName));
    return state === null ? null : sdkSyncState(state);
  },

  async deleteSync(ref: StoreRef, idOrName: unknown): Promise<'OK'> {
    (await managerFor(ref)).deleteSync(idOrNameOf(idOrName));
    return 'OK';
  },
};

/** Waits for every sync the layer started (settled either way), then forgets the managers. */
export async function settleSyncs(): Promise<void> {
  await Promise.allSettled([...running]);
  const open = [...managers.values()];
  managers.clear();
  for (const manager of await Promise.allSettled(open)) {
    if (manager.status === 'fulfilled') manager.value.stop();
  }
}
