/**
 * Running a sync up: its target's kind looked up in `targets.ts`, and the
 * kind's run, or under MERGE_FIELDS (soupkit's field-level merge, a mode over
 * the record kinds) the kind's merge run.
 */
import type { RunContext } from '../run-context.js';
import type { SyncUpTarget } from '../sync-config.js';
import type { SyncState } from '../sync-state.js';
import { syncUpTargetModule } from './targets.js';

export { syncUpKindOf } from './targets.js';

/** Runs a sync up of the kind its target names. */
export function runSyncUp(state: SyncState, context: RunContext): Promise<void> {
  const module = syncUpTargetModule(state.target as SyncUpTarget);
  return state.options.mergeMode === 'MERGE_FIELDS'
    ? module.runMergeFields(state, context)
    : module.run(state, context);
}
