/**
 * Sync configuration shapes, exactly as the Mobile SDK reads them from
 * `usersyncs.json` / `globalsyncs.json` and `userstore.json` / `globalstore.json`,
 * so a config written for a native app can be loaded here and the other way round.
 */
import type { IndexSpec } from '../../store/specs.js';
import type { MERGE_MODES } from './constants.js';

/** How a sync treats records that changed locally. */
export type MergeMode = (typeof MERGE_MODES)[number];

export type SyncType = 'syncDown' | 'syncUp';

/** Keys every sync-down target accepts. */
export interface SyncDownTargetBase {
  /** Field holding the record id; default `Id`. */
  readonly idFieldName?: string;
  /** Field holding the last modification date; default `LastModifiedDate`. */
  readonly modificationDateFieldName?: string;
  /** The Android SDK's class of the target; written when the target is stored. */
  readonly androidImpl?: string;
  /** The iOS SDK's class of the target; kept when given. */
  readonly iOSImpl?: string;
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

/** How children hang on their parent: master-detail children go with a deleted parent. */
export type RelationshipType = 'MASTER_DETAIL' | 'LOOKUP';

/** The parent side of a `parent_children` target. */
export interface ParentInfo {
  readonly sobjectType: string;
  readonly soupName: string;
  readonly idFieldName?: string;
  readonly modificationDateFieldName?: string;
  readonly externalIdFieldName?: string | null;
}

/** The children side of a `parent_children` target. */
export interface ChildrenInfo extends ParentInfo {
  /** The child relationship's name on the parent, e.g. `Contacts`. */
  readonly sobjectTypePlural: string;
  /** The child's field holding its parent's id, e.g. `AccountId`. */
  readonly parentIdFieldName: string;
}

/** Sync down parents with their children into two soups (`type: "parent_children"`). */
export interface ParentChildrenSyncDownTarget extends SyncDownTargetBase {
  readonly type: 'parent_children';
  readonly parent: ParentInfo;
  readonly parentFieldlist: readonly string[];
  /** The parents' SOQL filter; `""` for every parent. */
  readonly parentSoqlFilter: string;
  readonly children: ChildrenInfo;
  readonly childrenFieldlist: readonly string[];
  readonly relationshipType: RelationshipType;
  /** Written `""` as the SDK's parent-children target (a soql target) writes it; unused. */
  readonly query?: string;
  /** Written 2000 as the SDK writes it; unused. */
  readonly maxBatchSize?: number;
}

/** Sync down one type's describe as one record whose `Id` is the type (`type: "metadata"`). */
export interface MetadataSyncDownTarget extends SyncDownTargetBase {
  readonly type: 'metadata';
  readonly sobjectType: string;
}

/** Sync down one UI API layout as one record (`type: "layout"`). */
export interface LayoutSyncDownTarget extends SyncDownTargetBase {
  readonly type: 'layout';
  readonly sobjectType: string;
  readonly formFactor?: string | null;
  readonly layoutType?: string | null;
  readonly mode?: string | null;
  readonly recordTypeId?: string | null;
}

/** One object type a briefcase brings, and the soup it goes to. */
export interface BriefcaseInfo {
  readonly sobjectType: string;
  readonly soupName: string;
  readonly fieldlist: readonly string[];
  readonly idFieldName?: string;
  readonly modificationDateFieldName?: string;
}

/** Sync down the records the user's briefcase rules choose (`type: "briefcase"`). */
export interface BriefcaseSyncDownTarget extends SyncDownTargetBase {
  readonly type: 'briefcase';
  readonly infos: readonly BriefcaseInfo[];
  /** Ids per retrieve call, up to 2000 (the default). */
  readonly countIdsPerRetrieve?: number;
}

/** A sync-down target: one of the shapes below, told apart by `type`. */
export type SyncDownTarget = SyncDownTargetsByType[keyof SyncDownTargetsByType];

/**
 * Each sync-down target's shape by its `type`. A target added later declares
 * its shape in its own module (`declare module '../contracts/sync-config.js'`), beside
 * its run, so the union grows with the list of modules (`down/targets.ts`).
 */
export interface SyncDownTargetsByType {
  soql: SoqlSyncDownTarget;
  sosl: SoslSyncDownTarget;
  mru: MruSyncDownTarget;
  refresh: RefreshSyncDownTarget;
  parent_children: ParentChildrenSyncDownTarget;
  metadata: MetadataSyncDownTarget;
  layout: LayoutSyncDownTarget;
  briefcase: BriefcaseSyncDownTarget;
}

/**
 * Sync-up target keys. `androidImpl` (or `iOSImpl`) names the kind, as in the
 * SDK (`SYNC_UP_IMPLEMENTATIONS`); with neither, the sObject Collections target.
 */
export interface SyncUpTarget {
  readonly createFieldlist?: readonly string[];
  readonly updateFieldlist?: readonly string[];
  readonly externalIdFieldName?: string | null;
  readonly idFieldName?: string;
  readonly modificationDateFieldName?: string;
  readonly maxBatchSize?: number;
  readonly androidImpl?: string;
  readonly iOSImpl?: string;
}

/** Sync up parents with their children, one family per composite call. */
export interface ParentChildrenSyncUpTarget extends SyncUpTarget {
  readonly parent: ParentInfo;
  readonly children: ChildrenInfo;
  readonly childrenCreateFieldlist?: readonly string[];
  readonly childrenUpdateFieldlist?: readonly string[];
  readonly relationshipType: RelationshipType;
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
      readonly target: SyncUpTarget | ParentChildrenSyncUpTarget;
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
