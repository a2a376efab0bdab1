/**
 * The loop the record sync-up targets share (§4.1 of the design notes): the
 * target's settings, the dirty records in `_soupEntryId` order (their count is
 * `totalSize`), unanswered creates reconciled first, LEAVE_IF_CHANGED's
 * server dates read up front, then batches in order, with a stop check before
 * each and the progress after each.
 */
import type { StoredEntry } from '../../store/smart-store.js';
import { isLocalNewer } from '../merge-mode.js';
import { checkStop, type RunContext } from '../run-context.js';
import type { SyncUpTarget } from '../sync-config.js';
import type { SyncState } from '../sync-state.js';
import { dirtyEntries, operationOf, type WriteSettings, writeSettings } from './dirty-records.js';
import { retrievedStamps } from './server-stamps.js';
import { reconcileUnansweredCreates } from './unanswered-creates.js';

export interface BatchPlan {
  /** The most records a batch holds (and the default of `maxBatchSize`). */
  readonly maxBatch: number;
  /** Rewrites the dirty records before the run (e.g. gives each an id). */
  readonly prepare?: (dirty: StoredEntry[], settings: WriteSettings) => StoredEntry[];
  /** Sends one batch: the records LEAVE_IF_CHANGED lets through, in order. */
  readonly send: (batch: StoredEntry[], settings: WriteSettings) => Promise<void>;
}

export async function runInBatches(
  state: SyncState,
  context: RunContext,
  plan: BatchPlan,
): Promise<void> {
  const target = state.target as SyncUpTarget;
  const settings = writeSettings(
    state,
    { create: target.createFieldlist, update: target.updateFieldlist },
    target,
  );
  const batchSize = Math.min(plan.maxBatch, Math.max(1, target.maxBatchSize ?? plan.maxBatch));
  const found = dirtyEntries(context.store, state.soupName);
  const dirty = plan.prepare?.(found, settings) ?? found;
  const totalSize = dirty.length;
  context.update({ totalSize, progress: 0 });
  await reconcileUnansweredCreates(dirty, state.soupName, settings, context);
  const stamps =
    state.options.mergeMode === 'LEAVE_IF_CHANGED'
      ? await retrievedStamps(dirty, settings, context)
      : undefined;
  let done = 0;
  for (let start = 0; start < dirty.length; start += batchSize) {
    checkStop(context);
    const batch = dirty
      .slice(start, start + batchSize)
      .filter(
        (entry) =>
          stamps === undefined ||
          isLocalNewer(
            operationOf(entry, settings.idField),
            entry[settings.modField],
            stamps.get(entry[settings.idField]),
          ),
      );
    await plan.send(batch, settings);
    done += Math.min(batchSize, dirty.length - start);
    if (done < totalSize) context.update({ progress: Math.floor((done * 100) / totalSize) });
  }
}
