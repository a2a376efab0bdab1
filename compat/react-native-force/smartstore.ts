/**
 * `smartstore` of `react-native-force`: every function takes the store config
 * first (`{ isGlobalStore, storeName? }` or a bare boolean), then its
 * arguments, then `successCB, errorCB`; without callbacks it returns a Promise.
 */
import type { IndexSpec } from '../../runtime/index.js';
import { sdkFunction } from '../callbacks.js';
import type { SdkQuerySpec } from '../query-spec.js';
import { smartstoreCore as core, type SdkCursor } from '../smartstore-core.js';
import { type StoreConfig, toStoreRef } from '../store-config.js';

export {
  buildAllQuerySpec,
  buildExactQuerySpec,
  buildLikeQuerySpec,
  buildMatchQuerySpec,
  buildRangeQuerySpec,
  buildSmartQuerySpec,
  type SdkQuerySpec as QuerySpec,
} from '../query-spec.js';
export type { SdkCursor as StoreCursor } from '../smartstore-core.js';
export type { StoreConfig } from '../store-config.js';

type Config = StoreConfig | boolean | null | undefined;
type Spec = Partial<SdkQuerySpec>;
type Entry = Record<string, unknown>;

export const getDatabaseSize = sdkFunction((c: Config) => core.getDatabaseSize(toStoreRef(c)));
export const registerSoup = sdkFunction((c: Config, soupName: string, indexSpecs: IndexSpec[]) =>
  core.registerSoup(toStoreRef(c), soupName, indexSpecs),
);
export const registerSoupWithSpec = sdkFunction(
  (c: Config, soupSpec: { name: string; features?: string[] }, indexSpecs: IndexSpec[]) =>
    core.registerSoupWithSpec(toStoreRef(c), soupSpec, indexSpecs),
);
export const soupExists = sdkFunction((c: Config, soupName: string) =>
  core.soupExists(toStoreRef(c), soupName),
);
export const removeSoup = sdkFunction((c: Config, soupName: string) =>
  core.removeSoup(toStoreRef(c), soupName),
);
export const getSoupIndexSpecs = sdkFunction((c: Config, soupName: string) =>
  core.getSoupIndexSpecs(toStoreRef(c), soupName),
);
export const alterSoup = sdkFunction(
  (c: Config, soupName: string, indexSpecs: IndexSpec[], reIndexData: boolean) =>
    core.alterSoup(toStoreRef(c), soupName, indexSpecs, reIndexData),
);
export const reIndexSoup = sdkFunction((c: Config, soupName: string, paths: string[]) =>
  core.reIndexSoup(toStoreRef(c), soupName, paths),
);
export const clearSoup = sdkFunction((c: Config, soupName: string) =>
  core.clearSoup(toStoreRef(c), soupName),
);
export const querySoup = sdkFunction((c: Config, soupName: string, querySpec: Spec) =>
  core.querySoup(toStoreRef(c), soupName, querySpec),
);
export const runSmartQuery = sdkFunction((c: Config, querySpec: Spec) =>
  core.runSmartQuery(toStoreRef(c), querySpec),
);
export const moveCursorToPageIndex = sdkFunction(
  (c: Config, cursor: SdkCursor, newPageIndex: number) =>
    core.moveCursorToPageIndex(toStoreRef(c), cursor, newPageIndex),
);
export const moveCursorToNextPage = sdkFunction((c: Config, cursor: SdkCursor) =>
  core.moveCursorToNextPage(toStoreRef(c), cursor),
);
export const moveCursorToPreviousPage = sdkFunction((c: Config, cursor: SdkCursor) =>
  core.moveCursorToPreviousPage(toStoreRef(c), cursor),
);
export const closeCursor = sdkFunction((c: Config, cursor: SdkCursor) =>
  core.closeCursor(toStoreRef(c), cursor),
);
export const upsertSoupEntries = sdkFunction((c: Config, soupName: string, entries: Entry[]) =>
  core.upsertSoupEntries(toStoreRef(c), soupName, entries),
);
export const upsertSoupEntriesWithExternalId = sdkFunction(
  (c: Config, soupName: string, entries: Entry[], externalIdPath: string) =>
    core.upsertSoupEntriesWithExternalId(toStoreRef(c), soupName, entries, externalIdPath),
);
export const retrieveSoupEntries = sdkFunction((c: Config, soupName: string, entryIds: number[]) =>
  core.retrieveSoupEntries(toStoreRef(c), soupName, entryIds),
);
export const removeFromSoup = sdkFunction(
  (c: Config, soupName: string, entryIdsOrQuerySpec: number[] | Spec) =>
    core.removeFromSoup(toStoreRef(c), soupName, entryIdsOrQuerySpec),
);
export const getAllStores = sdkFunction(() => core.getAllStores());
export const getAllGlobalStores = sdkFunction(() => core.getAllGlobalStores());
export const removeStore = sdkFunction((c: Config) => core.removeStore(toStoreRef(c)));
export const removeAllStores = sdkFunction(() => core.removeAllStores());
export const removeAllGlobalStores = sdkFunction(() => core.removeAllGlobalStores());
