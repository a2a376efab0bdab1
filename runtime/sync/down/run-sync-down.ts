/** Runs a sync down: the merge's preparation, then its target's module. */

import type { SyncState } from '../contracts/sync-state.js';
import type { RunContext } from '../engine/run-context.js';
import { prepareMergeDown } from '../merge/merge-down.js';
import { syncDownTargetModule } from './targets.js';

export async function runSyncDown(state: SyncState, context: RunContext): Promise<void> {
  await prepareMergeDown(context, state);
  const target = state.target as { type?: unknown; androidImpl?: unknown; iOSImpl?: unknown };
  const module = syncDownTargetModule(target, () => {
    const impl = target.androidImpl ?? target.iOSImpl;
    return `Sync down target type ${String(target.type)}${impl === undefined ? '' : ` (${String(impl)})`} is not one soupkit runs`;
  });
  return module.run(state, context);
}
