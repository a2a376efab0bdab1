/**
 * Running a sync up: its target's kind looked up in `targets.ts`, and the
 * kind's run, or under MERGE_FIELDS (soupkit's field-level merge, a mode over
 * the record kinds) the kind's merge run.
 */

import type { SyncUpTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { RunContext } from '../engine/run-context.js';
import { syncUpTargetModule } from './targets.js';

export { syncUpKindOf } from './targets.js';

/** Runs a sync up of the kind its target names. */
export function runSyncUp(state: SyncState, context: RunContext): Promise<void> {
  const module = syncUpTargetModule(state.target as SyncUpTarget);
  return state.options.mergeMode === 'MERGE_FIELDS'
    ? module.runMergeFields(state, context)
    : module.run(state, context);
}
