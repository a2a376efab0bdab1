/** Runs a sync down by its target's type. */
import { assertNever } from '../../errors.js';
import type { SyncDownTarget } from '../sync-config.js';
import type { SyncState } from '../sync-state.js';
import { runRefreshSyncDown } from './refresh-sync-down.js';
import { runSinglePageSyncDown } from './single-page-sync-down.js';
import { type RunContext, runSoqlSyncDown } from './soql-sync-down.js';

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
    default:
      return assertNever(target, 'sync down target');
  }
}
