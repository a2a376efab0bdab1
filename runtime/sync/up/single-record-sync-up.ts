/**
 * The single-record sync-up target, `SyncUpTarget` in the SDK (§4.3 of the
 * design notes): one REST call per dirty record, create / upsert by external
 * id / update / delete by its flags, each answer written back in one
 * transaction before the next record. A per-record error answer (4xx or 5xx)
 * is kept whole in `__last_error__` and the sync goes on; only a call without
 * an answer (a dropped connection) fails the sync. A record dirty with none of
 * the three specific flags is counted and left as it is.
 */
import type { StoredEntry } from '../../store/smart-store.js';
import { type RestRecord, SalesforceRequestError } from '../contracts/salesforce-client.js';
import type { SyncUpTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import { checkStop, type RunContext } from '../engine/run-context.js';
import {
  bodyOf,
  dirtyEntryIds,
  externalIdOf,
  hasSpecificFlag,
  operationOf,
  RECORD_NOT_THERE,
  typeOf,
  type WriteSettings,
  writeSettings,
} from './dirty-records.js';
import { isLocalNewer } from './merge-mode.js';
import {
  adoptStamps,
  createNotes,
  notesOf,
  reconcilePending,
  sendNoted,
  settle,
  surelyNotApplied,
} from './pending-writes.js';
import { currentDirty, digests, type Written } from './record-batches.js';
import { isOnServer } from './record-gone.js';
import { fetchedStamp } from './server-stamps.js';
import { type Outcome, writeBack } from './write-back.js';

/** The error answer of a call, or rethrows what had no answer. */
function answerOf(error: unknown): SalesforceRequestError {
  if (error instanceof SalesforceRequestError && error.answered) return error;
  throw error;
}

function errorText(error: SalesforceRequestError): string {
  return JSON.stringify(error.body ?? [{ message: error.message, errorCode: error.errorCode }]);
}

export async function runSingleRecordSyncUp(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as SyncUpTarget;
  const settings = writeSettings(
    state,
    { create: target.createFieldlist, update: target.updateFieldlist },
    target,
  );
  const held = await reconcilePending(context, state.soupName, settings);
  const ids = dirtyEntryIds(context.store, state.soupName);
  const totalSize = ids.length;
  context.update({ totalSize, progress: 0 });
  for (const [index, id] of ids.entries()) {
    checkStop(context);
    // The record as it is now: an edit made while earlier records were sent goes with it.
    const [entry] = held.has(id) ? [] : currentDirty(context, state.soupName, [id]);
    if (entry !== undefined && hasSpecificFlag(entry)) {
      const written = await syncOne(entry, state, settings, context);
      if (state.options.mergeMode === 'LEAVE_IF_CHANGED')
        await adoptStamps(context, state.soupName, settings, digests(written));
    }
    const done = index + 1;
    if (done < totalSize) context.report({ progress: Math.floor((done * 100) / totalSize) });
  }
}

/** Writes one outcome back to the entry as it is now; returns it as saved (undefined: removed or gone). */
function back(
  context: RunContext,
  state: SyncState,
  settings: WriteSettings,
  entry: StoredEntry,
  outcome: Outcome,
  notes: Parameters<typeof settle>[1] = [],
): StoredEntry | undefined {
  return context.transaction(() => {
    const done = writeBack(
      context.store,
      state.soupName,
      settings.idField,
      [entry],
      [outcome],
      notes.find((note) => note.op === 'create')?.after,
    );
    const settled =
      done.unsettled.size > 0 ||
      (outcome.kind === 'updated' && state.options.mergeMode === 'LEAVE_IF_CHANGED')
        ? []
        : notes;
    settle(context, settled);
    return done.saved.get(entry._soupEntryId);
  });
}

async function syncOne(
  entry: StoredEntry,
  state: SyncState,
  settings: WriteSettings,
  context: RunContext,
): Promise<Written[]> {
  const { client } = context;
  const operation = operationOf(entry, settings.idField);
  if (state.options.mergeMode === 'LEAVE_IF_CHANGED') {
    const remote =
      operation === 'update' || operation === 'delete'
        ? await fetchedStamp(entry, settings, context)
        : undefined;
    if (!isLocalNewer(operation, entry[settings.modField], remote)) return [];
  }
  const type = typeOf(entry);
  const id = String(entry[settings.idField]);
  const failed = (error: SalesforceRequestError): Outcome => ({
    kind: 'failed',
    error: errorText(error),
  });
  const create = async (record: StoredEntry): Promise<Written[]> => {
    const fields = bodyOf(record, settings.createFields, settings.skip);
    const external = externalIdOf(record, settings);
    const notes =
      external === undefined
        ? await createNotes(context, state, state.soupName, [record], settings)
        : [];
    let outcome: Outcome;
    try {
      const serverId = await sendNoted(context, notes, () =>
        external === undefined
          ? client.createRecord(typeOf(record), fields)
          : client.upsertRecord(
              typeOf(record),
              settings.externalIdField as string,
              external,
              fields,
            ),
      );
      outcome = { kind: 'created', id: serverId };
    } catch (error) {
      const answer = answerOf(error);
      // A 5xx may come after the server made it: noted, it is looked up before it is sent again.
      outcome = surelyNotApplied(answer)
        ? failed(answer)
        : { kind: 'unknown', error: errorText(answer) };
    }
    back(context, state, settings, record, outcome, notes);
    return outcome.kind === 'created' ? [{ entry: record._soupEntryId, body: fields }] : [];
  };
  switch (operation) {
    case 'deleteLocal':
      back(context, state, settings, entry, { kind: 'deleted' });
      return [];
    case 'create':
      return create(entry);
    case 'update': {
      const fields = bodyOf(entry, settings.updateFields, settings.skip);
      const notes =
        state.options.mergeMode === 'LEAVE_IF_CHANGED'
          ? await notesOf(context, state, state.soupName, 'update', [
              { entry: entry._soupEntryId, body: fields },
            ])
          : [];
      let outcome: Outcome;
      try {
        await sendNoted(context, notes, () => client.updateRecord(type, id, fields));
        outcome = { kind: 'updated' };
      } catch (error) {
        const answer = answerOf(error);
        const gone =
          RECORD_NOT_THERE.has(answer.errorCode) &&
          !(await isOnServer(context.client, { type, id }));
        outcome = !gone
          ? failed(answer)
          : // Deleted on the server while changed here: OVERWRITE creates it again.
            state.options.mergeMode === 'OVERWRITE'
            ? { kind: 'recreate' }
            : { kind: 'left' };
      }
      const saved = back(context, state, settings, entry, outcome, notes);
      if (outcome.kind === 'recreate' && saved !== undefined) return create(saved);
      return outcome.kind === 'updated'
        ? [{ entry: entry._soupEntryId, body: fields as RestRecord }]
        : [];
    }
    case 'delete': {
      let outcome: Outcome;
      try {
        await client.deleteRecord(type, id);
        outcome = { kind: 'deleted' };
      } catch (error) {
        const answer = answerOf(error);
        outcome = RECORD_NOT_THERE.has(answer.errorCode) ? { kind: 'deleted' } : failed(answer);
      }
      back(context, state, settings, entry, outcome);
      return [];
    }
    default:
      return operation satisfies never;
  }
}
