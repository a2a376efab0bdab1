/** The parent-children sync-up kind: a parent with its children, one composite call per family. */
import type { ParentChildrenSyncUpTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import { parentChildrenSyncUpJson } from '../contracts/target-json.js';
import { familySettings, runParentChildrenSyncUp } from './parent-children-sync-up.js';
import type { SyncUpTargetModule } from './sync-up-target-module.js';

const names = {
  androidImpl: 'com.salesforce.androidsdk.mobilesync.target.ParentChildrenSyncUpTarget',
  iOSImpl: 'SFParentChildrenSyncUpTarget',
} as const;

/** Its names checked and both soups required before it is stored; MERGE_FIELDS refused. */
export const parentChildrenSyncUp: SyncUpTargetModule<
  'parent_children',
  typeof names.androidImpl,
  typeof names.iOSImpl
> = {
  kind: 'parent_children',
  ...names,
  check(target, host) {
    const { target: family } = familySettings({
      soupName: host.soupName,
      options: host.options,
      target,
    });
    host.requireSoup(family.parent.soupName, 'parent_children target: parent');
    host.requireSoup(family.children.soupName, 'parent_children target: children');
  },
  toJson: (target) => parentChildrenSyncUpJson(target as ParentChildrenSyncUpTarget, names),
  run: runParentChildrenSyncUp,
  runMergeFields: () =>
    Promise.reject(
      new SyncError('SYNC_BAD_TARGET', 'MERGE_FIELDS does not run a parent-children sync up'),
    ),
};
