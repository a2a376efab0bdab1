/**
 * `soupkit/sync`: Mobile Sync configuration types. The sync engine itself is
 * not built yet; these shapes are what `soupkit generate` emits and what it
 * will run.
 */
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
