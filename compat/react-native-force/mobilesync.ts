/**
 * `mobilesync` of `react-native-force`: `fn(storeConfig, …args, [syncName],
 * successCB, errorCB)`; the sync calls resolve with the finished state (the
 * sync id in `_soupEntryId`), as the React Native bridge does.
 */
import { sdkFunction } from '../callbacks.js';
import type { StoreConfig } from '../store-config.js';
import { toStoreRef } from '../store-config.js';
import { syncCore as core } from '../sync-core.js';

export { MERGE_MODE, type SdkSyncState as SyncState } from '../sync-core.js';

type Config = StoreConfig | boolean | null | undefined;
type Options = { mergeMode?: string; fieldlist?: string[] } | null;
type Target = Record<string, unknown> | null;

export const syncDown = sdkFunction(
  (c: Config, target: Target, soupName: string, options: Options, syncName?: string) =>
    core.syncDown(toStoreRef(c), target, soupName, options, syncName),
);
export const syncUp = sdkFunction(
  (c: Config, target: Target, soupName: string, options: Options, syncName?: string) =>
    core.syncUp(toStoreRef(c), target, soupName, options, syncName),
);
export const reSync = sdkFunction((c: Config, syncIdOrName: number | string) =>
  core.reSync(toStoreRef(c), syncIdOrName),
);
export const cleanResyncGhosts = sdkFunction((c: Config, syncId: number) =>
  core.cleanResyncGhosts(toStoreRef(c), syncId),
);
export const getSyncStatus = sdkFunction((c: Config, syncIdOrName: number | string) =>
  core.getSyncStatus(toStoreRef(c), syncIdOrName),
);
export const deleteSync = sdkFunction((c: Config, syncIdOrName: number | string) =>
  core.deleteSync(toStoreRef(c), syncIdOrName),
);
