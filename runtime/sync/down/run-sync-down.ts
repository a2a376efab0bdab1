/** Runs a sync down by its target's type. */
import { prepareMergeDown } from '../merge/merge-down.js';
import type { RunContext } from '../run-context.js';
import type { SyncDownTarget } from '../sync-config.js';
import { SyncError } from '../sync-error.js';
import type { SyncState } from '../sync-state.js';
import { runBriefcaseSyncDown } from './briefcase-sync-down.js';
import { runMetadataOrLayoutSyncDown } from './metadata-layout-sync-down.js';
import { runParentChildrenSyncDown } from './parent-children-sync-down.js';
import { runRefreshSyncDown } from './refresh-sync-down.js';
import { runSinglePageSyncDown } from './single-page-sync-down.js';
import { runSoqlSyncDown } from './soql-sync-down.js';

export async function runSyncDown(state: SyncState, context: RunContext): Promise<void> {
  await prepareMergeDown(context, state);
  return runTarget(state, context);
}

function runTarget(state: SyncState, context: RunContext): Promise<void> {
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
    default: {
      // Every type soupkit knows is handled above (a new one fails to compile here) ...
      const unhandled: never = target;
      // ... and a state a native app wrote can hold a `custom` target: app code soupkit cannot run.
      const other = unhandled as { type?: unknown; androidImpl?: unknown; iOSImpl?: unknown };
      const impl = other.androidImpl ?? other.iOSImpl;
      return Promise.reject(
        new SyncError(
          'SYNC_BAD_TARGET',
          `Sync down target type ${String(other.type)}${impl === undefined ? '' : ` (${String(impl)})`} is not one soupkit runs`,
        ),
      );
    }
  }
}
