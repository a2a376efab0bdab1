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
import { cleanRecord } from '../local-edits.js';
import { isLocalNewer } from '../merge-mode.js';
import { checkStop, type RunContext } from '../run-context.js';
import { SalesforceRequestError } from '../salesforce-client.js';
import type { SyncUpTarget } from '../sync-config.js';
import type { SyncState } from '../sync-state.js';
import {
  bodyOf,
  dirtyEntries,
  externalIdOf,
  hasSpecificFlag,
  operationOf,
  RECORD_NOT_THERE,
  typeOf,
  type WriteSettings,
  withLastError,
  writeSettings,
} from './dirty-records.js';
import { fetchedStamp } from './server-stamps.js';
import {
  createsAnswered,
  reconcileUnansweredCreates,
  sendingCreates,
} from './unanswered-creates.js';

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
  const dirty = dirtyEntries(context.store, state.soupName);
  const totalSize = dirty.length;
  context.update({ totalSize, progress: 0 });
  await reconcileUnansweredCreates(dirty, state.soupName, settings, context);
  for (const [index, entry] of dirty.entries()) {
    checkStop(context);
    if (hasSpecificFlag(entry)) await syncOne(entry, state, settings, context);
    const done = index + 1;
    if (done < totalSize) context.update({ progress: Math.floor((done * 100) / totalSize) });
  }
}

async function syncOne(
  entry: StoredEntry,
  state: SyncState,
  settings: WriteSettings,
  context: RunContext,
): Promise<void> {
  const { store, client } = context;
  const soup = state.soupName;
  const operation = operationOf(entry, settings.idField);
  if (state.options.mergeMode === 'LEAVE_IF_CHANGED') {
    const remote =
      operation === 'update' || operation === 'delete'
        ? await fetchedStamp(entry, settings, context)
        : undefined;
    if (!isLocalNewer(operation, entry[settings.modField], remote)) return;
  }
  const type = typeOf(entry);
  const id = String(entry[settings.idField]);
  const keepError = (error: SalesforceRequestError) =>
    store.upsert(soup, [withLastError(entry, errorText(error))]);
  const create = async () => {
    const fields = bodyOf(entry, settings.createFields, settings.skip);
    const external = externalIdOf(entry, settings);
    try {
      const serverId =
        external === undefined
          ? await sendingCreates(context, [entry], () => client.createRecord(type, fields))
          : await client.upsertRecord(type, settings.externalIdField as string, external, fields);
      store.transaction(() => {
        store.upsert(soup, [cleanRecord({ ...entry, [settings.idField]: serverId })]);
        createsAnswered(context);
      });
    } catch (error) {
      keepError(answerOf(error));
    }
  };
  switch (operation) {
    case 'deleteLocal':
      store.remove(soup, [entry._soupEntryId]);
      return;
    case 'create':
      return create();
    case 'update':
      try {
        await client.updateRecord(type, id, bodyOf(entry, settings.updateFields, settings.skip));
        store.upsert(soup, [cleanRecord(entry)]);
      } catch (error) {
        const answer = answerOf(error);
        if (!RECORD_NOT_THERE.has(answer.errorCode)) keepError(answer);
        // Deleted on the server while changed here: OVERWRITE creates it again.
        else if (state.options.mergeMode === 'OVERWRITE') await create();
      }
      return;
    case 'delete':
      try {
        await client.deleteRecord(type, id);
        store.remove(soup, [entry._soupEntryId]);
      } catch (error) {
        const answer = answerOf(error);
        if (RECORD_NOT_THERE.has(answer.errorCode)) store.remove(soup, [entry._soupEntryId]);
        else keepError(answer);
      }
      return;
    default:
      return operation satisfies never;
  }
}
