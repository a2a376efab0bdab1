/**
 * `soupkit/sync`: Mobile Sync over jsforce. The manager runs `soql`, `sosl`, `mru` and `refresh` sync downs
 * and sObject Collections sync ups against a SmartStore (the other targets of
 * the SDK are still to come); local edits set the SDK's flags; the config types
 * are what `soupkit generate` emits.
 */
export {
  LAST_ERROR,
  LOCAL,
  LOCAL_FLAGS,
  LOCALLY_CREATED,
  LOCALLY_DELETED,
  LOCALLY_UPDATED,
  MERGE_MODES,
  SYNC_ID,
  SYNC_STATUSES,
  SYNCS_SOUP,
} from './constants.js';
export { jsforceClient } from './jsforce-client.js';
export {
  type CreateLocallyOptions,
  cleanRecord,
  createLocalId,
  createLocally,
  deleteLocally,
  isDirty,
  isLocalId,
  updateLocally,
} from './local-edits.js';
export type {
  CollectionResult,
  QueryPage,
  RestRecord,
  SalesforceClient,
} from './salesforce-client.js';
export { SalesforceRequestError } from './salesforce-client.js';
export type {
  MergeMode,
  MruSyncDownTarget,
  RefreshSyncDownTarget,
  SoqlSyncDownTarget,
  SoslSyncDownTarget,
  SoupConfigEntry,
  StoreConfig,
  SyncConfigEntry,
  SyncDownTarget,
  SyncLocalFlags,
  SyncOptions,
  SyncsConfig,
  SyncType,
  SyncUpTarget,
} from './sync-config.js';
export { SyncError, type SyncErrorCode } from './sync-error.js';
export {
  type SyncDownRequest,
  SyncManager,
  type SyncUpdateCallback,
  type SyncUpRequest,
} from './sync-manager.js';
export type { SyncState, SyncStateJson, SyncStatus } from './sync-state.js';
