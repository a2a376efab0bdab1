/**
 * The sObject Collections sync-up target, the default (§4.5 of the design
 * notes): the dirty records in `_soupEntryId` order, in batches of up to 200,
 * each batch as up to four calls (creates, updates, upserts by external id per
 * type, deletes). What a call answers is written back to the soup by one
 * synchronous transaction before the next call starts, so a server id is never
 * lost to a later failure of the same batch (the SDK keeps them until the
 * whole batch has answered). Per-record errors go to `__last_error__`; the
 * sync still ends DONE.
 */
import type { StoredEntry } from '../../store/smart-store.js';
import { checkedResults } from '../adapters/server-answers.js';
import { BASE } from '../contracts/constants.js';
import type { CollectionResult, RestRecord } from '../contracts/salesforce-client.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { RunContext } from '../engine/run-context.js';
import {
  bodyOf,
  externalIdOf,
  type Operation,
  operationOf,
  RECORD_NOT_THERE,
  typeOf,
  type WriteSettings,
} from './dirty-records.js';
import { createNotes, notesOf, sendNoted, settle } from './pending-writes.js';
import { runInBatches, type Written } from './record-batches.js';
import { type RefusedRecord, stillOnServer } from './record-gone.js';
import { type Outcome, withoutLocalDeletes, writeBack } from './write-back.js';

const MAX_BATCH = 200;

function withType(entry: StoredEntry, body: RestRecord): RestRecord {
  return { attributes: { type: typeOf(entry) }, ...body };
}

export function runCollectionSyncUp(state: SyncState, context: RunContext): Promise<void> {
  return runInBatches(state, context, {
    maxBatch: MAX_BATCH,
    send: (batch, settings) => sendBatch(batch, settings, state, context),
  });
}

/** Up to four calls for one batch, in the SDK's order: creates, updates, upserts, deletes. */
export async function sendBatch(
  batch: readonly StoredEntry[],
  settings: WriteSettings,
  state: SyncState,
  context: RunContext,
): Promise<Written[]> {
  const soup = state.soupName;
  const sent = withoutLocalDeletes(context, soup, settings.idField, batch);
  const byOperation = (wanted: Operation) =>
    sent.filter((entry) => operationOf(entry, settings.idField) === wanted);
  const allCreates = byOperation('create');
  const creates = allCreates.filter((entry) => externalIdOf(entry, settings) === undefined);
  const written = [...(await sendCreates(creates, settings, state, context))];
  const updates = byOperation('update');
  if (updates.length > 0) {
    const bodies = updates.map((entry) => bodyOf(entry, settings.updateFields, settings.skip));
    const notes =
      state.options.mergeMode === 'LEAVE_IF_CHANGED'
        ? await notesOf(
            context,
            state,
            soup,
            'update',
            updates.map((entry, i) => ({
              entry: entry._soupEntryId,
              body: bodies[i] as RestRecord,
            })),
          )
        : [];
    const results = checkedResults(
      await sendNoted(context, notes, () =>
        context.client.updateRecords(
          updates.map((entry, i) => ({
            ...withType(entry, bodies[i] as RestRecord),
            Id: entry[settings.idField],
          })),
        ),
      ),
      updates.length,
      'the update call',
    );
    const outcomes = await confirmGone(
      context,
      updates.map((entry) => ({ type: typeOf(entry), id: entry[settings.idField] as string })),
      results,
      updates.map((_, i) => outcomeOf(results[i], 'update', state)),
    );
    const resend = context.transaction(() => {
      const back = writeBack(context.store, soup, settings.idField, updates, outcomes);
      // Updates that took stay noted until their server stamps are read back.
      settle(
        context,
        notes.filter((_, i) => outcomes[i]?.kind !== 'updated'),
      );
      return updates
        .filter((_, i) => outcomes[i]?.kind === 'recreate')
        .flatMap((entry) => back.saved.get(entry._soupEntryId) ?? []);
    });
    updates.forEach((entry, i) => {
      if (outcomes[i]?.kind === 'updated')
        written.push({ entry: entry._soupEntryId, body: bodies[i] as RestRecord });
    });
    // Deleted on the server while changed here: OVERWRITE creates it again, once.
    written.push(...(await sendCreates(resend, settings, state, context)));
  }
  written.push(
    ...(await sendUpserts(
      context,
      state,
      allCreates.filter((e) => !creates.includes(e)),
      settings,
    )),
  );
  const deletes = byOperation('delete');
  if (deletes.length > 0) {
    const results = checkedResults(
      await context.client.deleteRecords(deletes.map((entry) => entry[settings.idField] as string)),
      deletes.length,
      'the delete call',
    );
    context.transaction(() =>
      writeBack(
        context.store,
        soup,
        settings.idField,
        deletes,
        deletes.map((_, i) => outcomeOf(results[i], 'delete', state)),
      ),
    );
  }
  return written;
}

/** One create call, noted before it is sent; its answers saved with the notes settled. */
async function sendCreates(
  creates: readonly StoredEntry[],
  settings: WriteSettings,
  state: SyncState,
  context: RunContext,
): Promise<Written[]> {
  if (creates.length === 0) return [];
  const bodies = creates.map((entry) => bodyOf(entry, settings.createFields, settings.skip));
  const notes = await createNotes(context, state, state.soupName, creates, settings);
  const results = checkedResults(
    await sendNoted(context, notes, () =>
      context.client.createRecords(
        creates.map((entry, i) => withType(entry, bodies[i] as RestRecord)),
      ),
    ),
    creates.length,
    'the create call',
  );
  const merging = state.options.mergeMode === 'MERGE_FIELDS';
  const outcomes = creates.map((_, i): Outcome => {
    const outcome = outcomeOf(results[i], 'create', state);
    // What was sent is what the server holds of those fields: the base of the next merge.
    return merging && outcome.kind === 'created'
      ? { ...outcome, patch: { [BASE]: { ...bodies[i], [settings.idField]: outcome.id } } }
      : outcome;
  });
  const back = context.transaction(() => {
    const done = writeBack(
      context.store,
      state.soupName,
      settings.idField,
      creates,
      outcomes,
      notes[0]?.after,
    );
    settle(
      context,
      notes.filter((note) => !done.unsettled.has(note.entry)),
    );
    return done;
  });
  return creates.flatMap((entry, i) =>
    outcomes[i]?.kind === 'created' && !back.unsettled.has(entry._soupEntryId)
      ? [{ entry: entry._soupEntryId, body: bodies[i] as RestRecord }]
      : [],
  );
}

/** Creates with an external id, as upserts: one call per sObject type (the SDK allows one type a batch). */
async function sendUpserts(
  context: RunContext,
  state: SyncState,
  upserts: readonly StoredEntry[],
  settings: WriteSettings,
): Promise<Written[]> {
  const field = settings.externalIdField;
  if (field === undefined || upserts.length === 0) return [];
  const written: Written[] = [];
  for (const type of new Set(upserts.map(typeOf))) {
    const ofType = upserts.filter((entry) => typeOf(entry) === type);
    const bodies = ofType.map((entry) => bodyOf(entry, settings.createFields, settings.skip));
    const results = checkedResults(
      await context.client.upsertRecords(
        type,
        field,
        ofType.map((entry, i) => ({
          ...withType(entry, bodies[i] as RestRecord),
          [field]: entry[field],
        })),
      ),
      ofType.length,
      `the ${type} upsert call`,
    );
    const outcomes = ofType.map((_, i) => outcomeOf(results[i], 'create', state));
    const back = context.transaction(() =>
      writeBack(context.store, state.soupName, settings.idField, ofType, outcomes),
    );
    ofType.forEach((entry, i) => {
      if (outcomes[i]?.kind === 'created' && !back.unsettled.has(entry._soupEntryId))
        written.push({ entry: entry._soupEntryId, body: bodies[i] as RestRecord });
    });
  }
  return written;
}

/**
 * Outcomes of an update call with "gone" checked: a record refused as gone
 * (to be created again, or left) that the server still has was refused for
 * something else, a bad lookup, and fails with that error instead.
 */
async function confirmGone(
  context: RunContext,
  records: readonly RefusedRecord[],
  results: readonly (CollectionResult | undefined)[],
  outcomes: readonly Outcome[],
): Promise<Outcome[]> {
  const gone = records.filter((_, i) => {
    const kind = outcomes[i]?.kind;
    return kind === 'recreate' || kind === 'left';
  });
  if (gone.length === 0) return [...outcomes];
  const present = await stillOnServer(context.client, gone);
  return outcomes.map((outcome, i) =>
    (outcome.kind === 'recreate' || outcome.kind === 'left') &&
    present.has(records[i]?.id as string)
      ? { kind: 'failed', error: results[i]?.errors?.[0] ?? { message: 'refused' } }
      : outcome,
  );
}

/** What one result of a collection call says of its record. */
function outcomeOf(
  result: CollectionResult | undefined,
  operation: 'create' | 'update' | 'delete',
  state: SyncState,
): Outcome {
  const firstError = result?.errors?.[0];
  const notThere = firstError !== undefined && RECORD_NOT_THERE.has(firstError.statusCode);
  if (result?.success) {
    if (operation === 'delete') return { kind: 'deleted' };
    return operation === 'create' ? { kind: 'created', id: result.id } : { kind: 'updated' };
  }
  if (operation === 'delete' && notThere) return { kind: 'deleted' };
  if (operation === 'update' && notThere)
    return state.options.mergeMode === 'OVERWRITE' ? { kind: 'recreate' } : { kind: 'left' };
  return { kind: 'failed', error: firstError ?? { message: 'no result for this record' } };
}
