/** Runs a sync down by its target's type. */
import { assertNever } from '../../errors.js';
import type { RunContext } from '../run-context.js';
import type { SyncDownTarget } from '../sync-config.js';
import type { SyncState } from '../sync-state.js';
import { runBriefcaseSyncDown } from './briefcase-sync-down.js';
import { runMetadataOrLayoutSyncDown } from './metadata-layout-sync-down.js';
import { runParentChildrenSyncDown } from './parent-children-sync-down.js';
import { runRefreshSyncDown } from './refresh-sync-down.js';
import { runSinglePageSyncDown } from './single-page-sync-down.js';
import { runSoqlSyncDown } from './soql-sync-down.js';

export function runSyncDown(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as SyncDownTarget;
  switch (target.type) {
    case 'soql':
      return runSoqlSyncDown(state, context);
    case 'sosl':
    case 'mru':
      return runSinglePageSyncDown(state, context);
    case 'refresh':
      return runRefreshSyncDown(state, context);
    case 'parent_children':
      return runParentChildrenSyncDown(state, context);
    case 'metadata':
    case 'layout':
      return runMetadataOrLayoutSyncDown(state, context);
    case 'briefcase':
      return runBriefcaseSyncDown(state, context);
    default:
      return assertNever(target, 'sync down target');
  }
}
