/**
 * `soupkit/sync`: Mobile Sync over jsforce. The manager runs every sync-down
 * target of the SDK (soql, sosl, mru, refresh, parent_children, metadata,
 * layout, briefcase) and every sync-up target (sObject Collections, composite
 * batch, single record, parent-children) against a SmartStore; local edits set
 * the SDK's flags; the config types are what `soupkit generate` emits.
 */

export {
  type ConnectionOptions,
  type JsforceConnection,
  jsforceClient,
  openConnection,
  type RetryOptions,
} from './adapters/jsforce-client.js';
export {
  type CheckOrgOptions,
  checkOrg,
  connectToOrg,
  DEFAULT_API_VERSION,
  type OrgAuth,
  OrgConnectionError,
  type OrgConnectionErrorCode,
  SESSION_HINT,
} from './adapters/jsforce-connect.js';
export { type ConfiguredSyncOptions, runConfiguredSync } from './configured-syncs.js';
export type {
  ConfigLoad,
  ConfigLoadOptions,
  ConfigLogger,
  SkippedConfigEntry,
} from './contracts/config-files.js';
export {
  BASE,
  CONFLICTS,
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
  TARGET_LIMITS,
  WHOLE_RECORD,
} from './contracts/constants.js';
export type {
  CollectionResult,
  CompositeSubrequest,
  CompositeSubresponse,
  PrimingPage,
  QueryPage,
  RestRecord,
  SalesforceClient,
} from './contracts/salesforce-client.js';
export { SalesforceRequestError } from './contracts/salesforce-client.js';
export { stateErrorText } from './contracts/state-error.js';
export type {
  BriefcaseInfo,
  BriefcaseSyncDownTarget,
  ChildrenInfo,
  LayoutSyncDownTarget,
  MergeMode,
  MetadataSyncDownTarget,
  MruSyncDownTarget,
  ParentChildrenSyncDownTarget,
  ParentChildrenSyncUpTarget,
  ParentInfo,
  RefreshSyncDownTarget,
  RelationshipType,
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
} from './contracts/sync-config.js';
export {
  SyncError,
  type SyncErrorCode,
  type SyncWarning,
  type SyncWarningCode,
} from './contracts/sync-error.js';
export type {
  RunOptions,
  SyncDownRequest,
  SyncManagerOptions,
  SyncUpdateCallback,
  SyncUpRequest,
} from './contracts/sync-requests.js';
export type {
  SyncLease,
  SyncState,
  SyncStateJson,
  SyncStatus,
} from './contracts/sync-state.js';
export { syncStateToJson } from './contracts/sync-state-json.js';
export { SYNC_DOWN_IMPLEMENTATIONS, SYNC_DOWN_TARGET_TYPES } from './down/targets.js';
export type { PendingWrite } from './engine/pending-ledger.js';
export {
  type CreateLocallyOptions,
  cleanRecord,
  createLocalId,
  createLocally,
  deleteLocally,
  isDirty,
  isLocalId,
  type LocalEditHost,
  updateLocally,
} from './local-edits.js';
export { fieldKinds } from './merge/field-kinds.js';
export {
  type ConflictChoice,
  type ConflictChoices,
  type ConflictHost,
  conflictsOfEntry,
  resolveConflicts,
} from './merge/resolve-conflicts.js';
export { type FieldConflict, type FieldKind, mergeFields, sameValue } from './merge/three-way.js';
export { SyncManager } from './sync-manager.js';
export {
  bindSyncSoup,
  type ConflictField,
  type RecordConflicts,
  type SyncedRecord,
  type SyncSoupOptions,
  type TypedConflict,
  type TypedConflictChoices,
  type TypedSyncSoup,
} from './typed-sync-soup.js';
export { isLocalNewer, type ServerStamp } from './up/merge-mode.js';
export { SYNC_UP_IMPLEMENTATIONS, type SyncUpKind } from './up/targets.js';
