/** The sObject Collections sync-up kind (the default: a target naming no class). */
import { TARGET_LIMITS } from '../contracts/constants.js';
import { recordSyncUpJson } from '../contracts/target-json.js';
import { runCollectionSyncUp } from './collection-sync-up.js';
import { runMergeSyncUp } from './merge-sync-up.js';
import type { SyncUpTargetModule } from './sync-up-target-module.js';

const names = {
  androidImpl: 'com.salesforce.androidsdk.mobilesync.target.CollectionSyncUpTarget',
  iOSImpl: 'SFCollectionSyncUpTarget',
} as const;

/** Up to 200 records per sObject Collections call; its `maxBatchSize` capped at 200. */
export const collectionSyncUp: SyncUpTargetModule<
  'collection',
  typeof names.androidImpl,
  typeof names.iOSImpl
> = {
  kind: 'collection',
  ...names,
  check: () => undefined,
  toJson: (target) => recordSyncUpJson(target, names, TARGET_LIMITS.collectionBatch),
  run: runCollectionSyncUp,
  runMergeFields: runMergeSyncUp,
};
