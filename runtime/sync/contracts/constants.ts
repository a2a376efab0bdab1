/**
 * Mobile Sync's names, once: the local-change flags every synced record
 * carries, merge modes, sync statuses, and the soup that holds sync states.
 * Pure (imports nothing native), so the generator uses these too.
 */

/** The record differs from the server (the only flag the engine queries). */
export const LOCAL = '__local__';
export const LOCALLY_CREATED = '__locally_created__';
export const LOCALLY_UPDATED = '__locally_updated__';
export const LOCALLY_DELETED = '__locally_deleted__';
/** The server's error from the last failed sync up of the record. */
export const LAST_ERROR = '__last_error__';
/** The id of the sync down that last wrote the record. */
export const SYNC_ID = '__sync_id__';

/** MERGE_FIELDS: the server's values of the record as last synced (the merge's base). */
export const BASE = '__base__';
/** MERGE_FIELDS: the record's open conflicts, `{ field, base, local, server }` each. */
export const CONFLICTS = '__conflicts__';
/** The `field` of a conflict of the whole record (a delete on one side, an edit on the other). */
export const WHOLE_RECORD = '*';

/** The four boolean flags, `__local__` first. */
export const LOCAL_FLAGS = [LOCAL, LOCALLY_CREATED, LOCALLY_UPDATED, LOCALLY_DELETED] as const;

/** Every path Mobile Sync writes into a record. */
export const SYNC_PATHS = [...LOCAL_FLAGS, LAST_ERROR, SYNC_ID, BASE, CONFLICTS] as const;

/** What a locally created record's id starts with until sync up gives it a server id. */
export const LOCAL_ID_PREFIX = 'local_';

/**
 * How sync treats records that changed locally: the SDK's two names, and
 * soupkit's own field-level three-way merge (a native app cannot run it).
 */
export const MERGE_MODES = ['OVERWRITE', 'LEAVE_IF_CHANGED', 'MERGE_FIELDS'] as const;

/** A sync's status (SDK names). */
export const SYNC_STATUSES = ['NEW', 'RUNNING', 'DONE', 'FAILED', 'STOPPED'] as const;

/** The soup of sync states, and its index specs, as the SDK creates them. */
export const SYNCS_SOUP = 'syncs_soup';
export const SYNCS_SOUP_INDEXES = [
  { path: 'type', type: 'json1' },
  { path: 'name', type: 'json1' },
  { path: 'status', type: 'json1' },
] as const;

/**
 * The SDK's class names of the sync-up kinds, as `androidImpl` / `iOSImpl`
 * name them in a target: a pure copy for the generator (which must not load
 * the runtime). The engine's table, the public `SYNC_UP_IMPLEMENTATIONS`, is
 * derived from the kind modules (`up/targets.ts`); a test holds the two equal.
 */
export const SYNC_UP_IMPLEMENTATIONS = {
  single: {
    androidImpl: 'com.salesforce.androidsdk.mobilesync.target.SyncUpTarget',
    iOSImpl: 'SFSyncUpTarget',
  },
  batch: {
    androidImpl: 'com.salesforce.androidsdk.mobilesync.target.BatchSyncUpTarget',
    iOSImpl: 'SFBatchSyncUpTarget',
  },
  collection: {
    androidImpl: 'com.salesforce.androidsdk.mobilesync.target.CollectionSyncUpTarget',
    iOSImpl: 'SFCollectionSyncUpTarget',
  },
  parent_children: {
    androidImpl: 'com.salesforce.androidsdk.mobilesync.target.ParentChildrenSyncUpTarget',
    iOSImpl: 'SFParentChildrenSyncUpTarget',
  },
} as const;

/**
 * The SDK's defaults and caps of target keys (Android `target/*.kt`, iOS
 * `Target/*.m`): records per query page, sync-up batch sizes, ids per
 * refresh query and per briefcase retrieve.
 */
export const TARGET_LIMITS = {
  /** soql `maxBatchSize` default; the value is stored as given and clamped to [200, 2000] per request. */
  soqlBatch: 2000,
  /** Batch sync up (composite) `maxBatchSize` default and cap. */
  compositeBatch: 25,
  /** Collection sync up (sObject Collections) `maxBatchSize` default and cap. */
  collectionBatch: 200,
  /** refresh `countIdsPerSoql` default and cap. */
  idsPerSoql: 500,
  /** briefcase `countIdsPerRetrieve` default and cap. */
  idsPerRetrieve: 2000,
} as const;
