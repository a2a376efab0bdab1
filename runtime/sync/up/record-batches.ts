/**
 * The loop the record sync-up targets share (§4.1 of the design notes): the
 * target's settings, the writes earlier runs never settled reconciled first,
 * then the dirty records in `_soupEntryId` order (their count is
 * `totalSize`), batch by batch. Each batch is read from the soup just before
 * it is sent (so an edit made while earlier batches were on their way goes
 * with it), LEAVE_IF_CHANGED reads the server's dates of that batch then,
 * and the stamps of what took are read back after it; a stop is seen before
 * each batch, and once a batch is answered the progress is reported record
 * by record, as the SDK counts it.
 */
import type { StoredEntry } from '../../store/smart-store.js';
import type { RestRecord } from '../contracts/salesforce-client.js';
import type { SyncUpTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { RunContext } from '../engine/run-context.js';
import { isDirty } from '../local-edits.js';
import { CallSlots, inFlight } from './call-slots.js';
import { dirtyEntryIds, operationOf, type WriteSettings, writeSettings } from './dirty-records.js';
import { isLocalNewer } from './merge-mode.js';
import { adoptStamps, digestOf, reconcilePending } from './pending-writes.js';
import { retrievedStamps } from './server-stamps.js';

/** A record a batch wrote to the server: its entry and the body sent. */
export interface Written {
  readonly entry: number;
  readonly body: RestRecord;
}

/** Batches out at once. */
export const BATCHES_IN_FLIGHT = 2;

export interface BatchPlan {
  /** The most records a batch holds (and the default of `maxBatchSize`). */
  readonly maxBatch: number;
  /**
   * Batches of `maxBatch` whatever the target's `maxBatchSize` says (the plan
   * applies that to its write calls itself).
   */
  readonly ownBatchSize?: boolean;
  /** Rewrites the dirty records before the run (e.g. gives each an id). */
  readonly prepare?: (settings: WriteSettings) => void;
  /** Sends one batch (the records LEAVE_IF_CHANGED lets through, in order); resolves with what took. */
  readonly send: (batch: StoredEntry[], settings: WriteSettings) => Promise<Written[]>;
}

/** The entries of `ids` still dirty now, in order. */
export function currentDirty(
  context: RunContext,
  soup: string,
  ids: readonly number[],
): StoredEntry[] {
  return context.store.retrieve(soup, ids).filter((entry) => isDirty(entry));
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
  const batchSize = plan.ownBatchSize
    ? plan.maxBatch
    : Math.min(plan.maxBatch, Math.max(1, target.maxBatchSize ?? plan.maxBatch));
  const leaving = state.options.mergeMode === 'LEAVE_IF_CHANGED';
  plan.prepare?.(settings);
  const held = await reconcilePending(context, state.soupName, settings);
  const ids = dirtyEntryIds(context.store, state.soupName).filter((id) => !held.has(id));
  const totalSize = ids.length;
  context.update({ totalSize, progress: 0 });
  let done = 0;
  const sendBatch = async (slice: readonly number[]): Promise<void> => {
    let batch = currentDirty(context, state.soupName, slice);
    if (leaving) {
      const stamps = await retrievedStamps(batch, settings, context);
      batch = batch.filter((entry) =>
        isLocalNewer(
          operationOf(entry, settings.idField),
          entry[settings.modField],
          stamps.get(entry[settings.idField]),
        ),
      );
    }
    const written = await plan.send(batch, settings);
    if (leaving) await adoptStamps(context, state.soupName, settings, digests(written));
    // One report per record of the batch, as the SDK reports after each record
    // (`(i + 1) * 100 / totalSize` while short of 100); saved with the next write.
    for (const _ of slice) {
      done += 1;
      if (done < totalSize) context.report({ progress: Math.floor((done * 100) / totalSize) });
    }
  };
  // The next batch goes out while the answer of the one before is written back
  // (the batches hold different records); a failure or a stop lets the one out end first.
  const batches: (() => Promise<void>)[] = [];
  for (let start = 0; start < ids.length; start += batchSize)
    batches.push(() => sendBatch(ids.slice(start, start + batchSize)));
  await inFlight(batches, new CallSlots(BATCHES_IN_FLIGHT), context);
}

/** What `adoptStamps` compares: the fields each write sent, and their digest. */
export function digests(
  written: readonly Written[],
): { entry: number; fields: string[]; digest: string }[] {
  return written.map(({ entry, body }) => {
    const fields = Object.keys(body);
    return { entry, fields, digest: digestOf(body, fields) };
  });
}
