/**
 * Every sync-up kind soupkit runs, one module each (the SDK's `target/`
 * package): the only list the engine looks a target's kind up in. On disk a
 * target names its kind by its class (`androidImpl` / `iOSImpl`; neither
 * means sObject Collections); inside, it is the kind. Adding a kind is its
 * module (`sync-up-target-module.ts`) and a line here.
 */
import type { ParentChildrenSyncUpTarget, SyncUpTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import { batchSyncUp } from './batch-target.js';
import { collectionSyncUp } from './collection-target.js';
import { parentChildrenSyncUp } from './parent-children-target.js';
import { singleRecordSyncUp } from './single-record-target.js';
import type { SyncUpCheckHost, SyncUpTargetModule } from './sync-up-target-module.js';

/** One module per sync-up kind, in the SDK's order. */
export const SYNC_UP_TARGETS = [
  singleRecordSyncUp,
  batchSyncUp,
  collectionSyncUp,
  parentChildrenSyncUp,
] as const;

type Listed = (typeof SYNC_UP_TARGETS)[number];
/** A sync-up kind: which SDK target a sync up runs as. */
export type SyncUpKind = Listed['kind'];

/** The SDK's class names of the sync-up kinds, as `androidImpl` / `iOSImpl` name them in a target. */
export const SYNC_UP_IMPLEMENTATIONS = Object.fromEntries(
  SYNC_UP_TARGETS.map((module) => [
    module.kind,
    { androidImpl: module.androidImpl, iOSImpl: module.iOSImpl },
  ]),
) as {
  readonly [M in Listed as M['kind']]: {
    readonly androidImpl: M['androidImpl'];
    readonly iOSImpl: M['iOSImpl'];
  };
};

const MODULES: readonly SyncUpTargetModule[] = SYNC_UP_TARGETS;

/** The module of the kind a target names; throws `SYNC_BAD_TARGET` for a class soupkit does not know. */
export function syncUpTargetModule(target: SyncUpTarget): SyncUpTargetModule {
  const { androidImpl, iOSImpl } = target;
  if (androidImpl === undefined && iOSImpl === undefined) return collectionSyncUp;
  const module = MODULES.find(
    (m) =>
      (androidImpl === undefined || m.androidImpl === androidImpl) &&
      (iOSImpl === undefined || m.iOSImpl === iOSImpl),
  );
  if (module === undefined) {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      `Sync up target ${androidImpl ?? iOSImpl} is not one soupkit runs (${MODULES.map((m) => m.androidImpl).join(', ')}, or none for sObject Collections)`,
    );
  }
  return module;
}

/** The kind a target names; throws `SYNC_BAD_TARGET` for a class soupkit does not know. */
export function syncUpKindOf(target: SyncUpTarget): SyncUpKind {
  return syncUpTargetModule(target).kind as SyncUpKind;
}

/**
 * A sync-up target checked by its kind's module and written as the SDK
 * stores it.
 *
 * @example
 * storedSyncUpTarget({ createFieldlist: ['Name'], maxBatchSize: 500 }, host);
 * // { androidImpl: '…CollectionSyncUpTarget', iOSImpl: 'SFCollectionSyncUpTarget', idFieldName: 'Id',
 * //   modificationDateFieldName: 'LastModifiedDate', createFieldlist: ['Name'], maxBatchSize: 200 }
 */
export function storedSyncUpTarget(
  target: SyncUpTarget | ParentChildrenSyncUpTarget,
  host: SyncUpCheckHost,
): SyncUpTarget | ParentChildrenSyncUpTarget {
  if (typeof target !== 'object' || target === null) {
    throw new SyncError('SYNC_BAD_TARGET', 'A sync up target must be an object');
  }
  const module = syncUpTargetModule(target);
  module.check(target, host);
  return module.toJson(target);
}
