/** The composite batch sync-up kind. */
import { TARGET_LIMITS } from '../contracts/constants.js';
import { recordSyncUpJson } from '../contracts/target-json.js';
import { runBatchSyncUp } from './batch-sync-up.js';
import { runMergeSyncUp } from './merge-sync-up.js';
import type { SyncUpTargetModule } from './sync-up-target-module.js';

const names = {
  androidImpl: 'com.salesforce.androidsdk.mobilesync.target.BatchSyncUpTarget',
  iOSImpl: 'SFBatchSyncUpTarget',
} as const;

/** Up to 25 records per composite call; its `maxBatchSize` capped at 25. */
export const batchSyncUp: SyncUpTargetModule<
  'batch',
  typeof names.androidImpl,
  typeof names.iOSImpl
> = {
  kind: 'batch',
  ...names,
  check: () => undefined,
  toJson: (target) => recordSyncUpJson(target, names, TARGET_LIMITS.compositeBatch),
  run: runBatchSyncUp,
  runMergeFields: runMergeSyncUp,
};
