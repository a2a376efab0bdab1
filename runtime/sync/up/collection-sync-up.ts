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
import { cleanRecord } from '../local-edits.js';
import type { RunContext } from '../run-context.js';
import type { CollectionResult, RestRecord } from '../salesforce-client.js';
import type { SyncState } from '../sync-state.js';
import {
  bodyOf,
  externalIdOf,
  type Operation,
  operationOf,
  RECORD_NOT_THERE,
  typeOf,
  type WriteSettings,
  withLastError,
} from './dirty-records.js';
import { runInBatches } from './record-batches.js';
import { createsAnswered, sendingCreates } from './unanswered-creates.js';

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
async function sendBatch(
  batch: readonly StoredEntry[],
  settings: WriteSettings,
  state: SyncState,
  context: RunContext,
): Promise<void> {
  const { store, client } = context;
  const byOperation = (wanted: Operation) =>
    batch.filter((entry) => operationOf(entry, settings.idField) === wanted);
  const localDeletes = byOperation('deleteLocal');
  if (localDeletes.length > 0)
    store.remove(
      state.soupName,
      localDeletes.map((e) => e._soupEntryId),
    );
  const allCreates = byOperation('create');
  const creates = allCreates.filter((entry) => externalIdOf(entry, settings) === undefined);
  await sendCreates(creates, settings, state, context);
  const updates = byOperation('update');
  if (updates.length > 0) {
    const results = await client.updateRecords(
      updates.map((entry) => ({
        ...withType(entry, bodyOf(entry, settings.updateFields, settings.skip)),
        Id: entry[settings.idField],
      })),
    );
    const gone = store.transaction(() =>
      applyResults(context, state, updates, results, settings, 'update'),
    );
    // Deleted on the server while changed here: OVERWRITE creates it again, once.
    if (state.options.mergeMode === 'OVERWRITE') await sendCreates(gone, settings, state, context);
  }
  await sendUpserts(
    context,
    state,
    allCreates.filter((e) => !creates.includes(e)),
    settings,
  );
  const deletes = byOperation('delete');
  if (deletes.length > 0) {
    const results = await client.deleteRecords(
      deletes.map((entry) => entry[settings.idField] as string),
    );
    store.transaction(() => applyResults(context, state, deletes, results, settings, 'delete'));
  }
}

/** One create call, noted before it is sent; its answers saved with the note cleared. */
async function sendCreates(
  creates: readonly StoredEntry[],
  settings: WriteSettings,
  state: SyncState,
  context: RunContext,
): Promise<void> {
  if (creates.length === 0) return;
  const results = await sendingCreates(context, creates, () =>
    context.client.createRecords(
      creates.map((entry) => withType(entry, bodyOf(entry, settings.createFields, settings.skip))),
    ),
  );
  context.store.transaction(() => {
    applyResults(context, state, creates, results, settings, 'create');
    createsAnswered(context);
  });
}

/** Creates with an external id, as upserts: one call per sObject type (the SDK allows one type a batch). */
async function sendUpserts(
  context: RunContext,
  state: SyncState,
  upserts: readonly StoredEntry[],
  settings: WriteSettings,
): Promise<void> {
  const field = settings.externalIdField;
  if (field === undefined || upserts.length === 0) return;
  for (const type of new Set(upserts.map(typeOf))) {
    const ofType = upserts.filter((entry) => typeOf(entry) === type);
    const results = await context.client.upsertRecords(
      type,
      field,
      ofType.map((entry) => ({
        ...withType(entry, bodyOf(entry, settings.createFields, settings.skip)),
        [field]: entry[field],
      })),
    );
    context.store.transaction(() =>
      applyResults(context, state, ofType, results, settings, 'create'),
    );
  }
}

/** Writes one call's answers back by position; returns the updates whose record is gone on the server. */
function applyResults(
  context: RunContext,
  state: SyncState,
  entries: readonly StoredEntry[],
  results: readonly CollectionResult[],
  settings: WriteSettings,
  operation: 'create' | 'update' | 'delete',
): StoredEntry[] {
  const gone: StoredEntry[] = [];
  const saved: StoredEntry[] = [];
  const removed: number[] = [];
  entries.forEach((entry, index) => {
    const result = results[index];
    const firstError = result?.errors?.[0];
    const notThere = firstError !== undefined && RECORD_NOT_THERE.has(firstError.statusCode);
    if (result?.success) {
      if (operation === 'delete') removed.push(entry._soupEntryId);
      else
        saved.push(
          cleanRecord({
            ...entry,
            [settings.idField]: operation === 'create' ? result.id : entry[settings.idField],
          }),
        );
    } else if (operation === 'delete' && notThere) {
      removed.push(entry._soupEntryId);
    } else if (operation === 'update' && notThere) {
      gone.push(entry);
    } else {
      saved.push(withLastError(entry, firstError ?? { message: 'no result for this record' }));
    }
  });
  if (saved.length > 0) context.store.upsert(state.soupName, saved);
  if (removed.length > 0) context.store.remove(state.soupName, removed);
  return gone;
}
