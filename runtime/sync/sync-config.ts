/**
 * Sync configuration shapes, exactly as the Mobile SDK reads them from
 * `usersyncs.json` / `globalsyncs.json` and `userstore.json` / `globalstore.json`,
 * so a config written for a native app can be loaded here and the other way round.
 */
import type { IndexSpec } from '../store/specs.js';
import type { MERGE_MODES } from './constants.js';

/** How a sync treats records that changed locally. */
export type MergeMode = (typeof MERGE_MODES)[number];

export type SyncType = 'syncDown' | 'syncUp';

/** Keys every sync-down target accepts. */
interface SyncDownTargetBase {
  /** Field holding the record id; default `Id`. */
  readonly idFieldName?: string;
  /** Field holding the last modification date; default `LastModifiedDate`. */
  readonly modificationDateFieldName?: string;
}

/** Sync down the records a SOQL query returns (`type: "soql"`). */
export interface SoqlSyncDownTarget extends SyncDownTargetBase {
  readonly type: 'soql';
  readonly query: string;
  /** Records per page asked of the server, 200 to 2000; default 2000. */
  readonly maxBatchSize?: number;
}

/** Sync down the records a SOSL search returns (`type: "sosl"`). */
export interface SoslSyncDownTarget extends SyncDownTargetBase {
  readonly type: 'sosl';
  readonly query: string;
}

/** Sync down the most recently used records of one type (`type: "mru"`). */
export interface MruSyncDownTarget extends SyncDownTargetBase {
  readonly type: 'mru';
  readonly sobjectType: string;
  readonly fieldlist: readonly string[];
}

/** Re-fetch the records already in a soup (`type: "refresh"`). */
export interface RefreshSyncDownTarget extends SyncDownTargetBase {
  readonly type: 'refresh';
  readonly sobjectType: string;
  readonly fieldlist: readonly string[];
  readonly soupName: string;
  readonly countIdsPerSoql?: number;
}

export type SyncDownTarget =
  | SoqlSyncDownTarget
  | SoslSyncDownTarget
  | MruSyncDownTarget
  | RefreshSyncDownTarget;

/** Sync-up target keys; with no `androidImpl` the SDK uses its sObject Collections target. */
export interface SyncUpTarget {
  readonly createFieldlist?: readonly string[];
  readonly updateFieldlist?: readonly string[];
  readonly externalIdFieldName?: string;
  readonly idFieldName?: string;
  readonly modificationDateFieldName?: string;
  readonly maxBatchSize?: number;
  readonly androidImpl?: string;
  readonly iOSImpl?: string;
}

/** `options` of a sync: merge mode and the fallback field list of sync up. */
export interface SyncOptions {
  readonly mergeMode: MergeMode;
  readonly fieldlist?: readonly string[];
}

/** One entry of `usersyncs.json`. */
export type SyncConfigEntry =
  | {
      readonly syncName: string;
      readonly syncType: 'syncDown';
      readonly soupName: string;
      readonly target: SyncDownTarget;
      readonly options: SyncOptions;
    }
  | {
      readonly syncName: string;
      readonly syncType: 'syncUp';
      readonly soupName: string;
      readonly target: SyncUpTarget;
      readonly options: SyncOptions;
    };

/** The whole `usersyncs.json` / `globalsyncs.json` file. */
export interface SyncsConfig {
  readonly syncs: readonly SyncConfigEntry[];
}

/** One soup of `userstore.json`. */
export interface SoupConfigEntry {
  readonly soupName: string;
  readonly indexes: readonly IndexSpec[];
}

/** The whole `userstore.json` / `globalstore.json` file. */
export interface StoreConfig {
  readonly soups: readonly SoupConfigEntry[];
}

/**
 * The local-change flags Mobile Sync keeps on every record of a synced soup
 * (names as in the SDK). Apps set them when they edit records; sync clears them.
 */
export interface SyncLocalFlags {
  __local__?: boolean;
  __locally_created__?: boolean;
  __locally_updated__?: boolean;
  __locally_deleted__?: boolean;
  __last_error__?: string | null;
  __sync_id__?: number;
}
