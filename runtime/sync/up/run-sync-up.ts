/**
 * Which sync-up target a target JSON names, and running it. On disk a target
 * is the SDK's JSON (`androidImpl` / `iOSImpl` naming the class; neither means
 * the sObject Collections target); inside, it is the tagged `SyncUpKind`.
 */
import { assertNever } from '../../errors.js';
import { SYNC_UP_IMPLEMENTATIONS, type SyncUpKind } from '../constants.js';
import type { RunContext } from '../run-context.js';
import type { SyncUpTarget } from '../sync-config.js';
import { SyncError } from '../sync-error.js';
import type { SyncState } from '../sync-state.js';
import { runBatchSyncUp } from './batch-sync-up.js';
import { runCollectionSyncUp } from './collection-sync-up.js';
import { runMergeSyncUp } from './merge-sync-up.js';
import { runParentChildrenSyncUp } from './parent-children-sync-up.js';
import { runSingleRecordSyncUp } from './single-record-sync-up.js';

const KINDS = Object.keys(SYNC_UP_IMPLEMENTATIONS) as SyncUpKind[];

/** The kind a target names; throws `SYNC_BAD_TARGET` for a class soupkit does not know. */
export function syncUpKindOf(target: SyncUpTarget): SyncUpKind {
  const { androidImpl, iOSImpl } = target;
  if (androidImpl === undefined && iOSImpl === undefined) return 'collection';
  const kind = KINDS.find(
    (k) =>
      (androidImpl === undefined || SYNC_UP_IMPLEMENTATIONS[k].androidImpl === androidImpl) &&
      (iOSImpl === undefined || SYNC_UP_IMPLEMENTATIONS[k].iOSImpl === iOSImpl),
  );
  if (kind === undefined) {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      `Sync up target ${androidImpl ?? iOSImpl} is not one soupkit runs (${KINDS.map((k) => SYNC_UP_IMPLEMENTATIONS[k].androidImpl).join(', ')}, or none for sObject Collections)`,
    );
  }
  return kind;
}

export function runSyncUp(state: SyncState, context: RunContext): Promise<void> {
  const kind = syncUpKindOf(state.target as SyncUpTarget);
  if (state.options.mergeMode === 'MERGE_FIELDS') {
    if (kind === 'parent_children')
      return Promise.reject(
        new SyncError('SYNC_BAD_TARGET', 'MERGE_FIELDS does not run a parent-children sync up'),
      );
    return runMergeSyncUp(state, context);
  }
  switch (kind) {
    case 'collection':
      return runCollectionSyncUp(state, context);
    case 'batch':
      return runBatchSyncUp(state, context);
    case 'single':
      return runSingleRecordSyncUp(state, context);
    case 'parent_children':
      return runParentChildrenSyncUp(state, context);
    default:
      return assertNever(kind, 'sync up target');
  }
}
