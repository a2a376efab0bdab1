/** The single-record sync-up kind (the SDK's base `SyncUpTarget`). */
import { recordSyncUpJson } from '../contracts/target-json.js';
import { runMergeSyncUp } from './merge-sync-up.js';
import { runSingleRecordSyncUp } from './single-record-sync-up.js';
import type { SyncUpTargetModule } from './sync-up-target-module.js';

const names = {
  androidImpl: 'com.salesforce.androidsdk.mobilesync.target.SyncUpTarget',
  iOSImpl: 'SFSyncUpTarget',
} as const;

/** One REST call per record; stores no `maxBatchSize`. */
export const singleRecordSyncUp: SyncUpTargetModule<
  'single',
  typeof names.androidImpl,
  typeof names.iOSImpl
> = {
  kind: 'single',
  ...names,
  check: () => undefined,
  toJson: (target) => recordSyncUpJson(target, names),
  run: runSingleRecordSyncUp,
  runMergeFields: runMergeSyncUp,
};
