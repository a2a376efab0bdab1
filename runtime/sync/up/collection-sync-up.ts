/**
 * Runs a sync up through sObject Collections (§4.1, §4.2, §4.5 of the design
 * notes): the dirty records in `_soupEntryId` order, in batches of up to 200,
 * each batch as up to three calls (creates, updates, deletes). What a call
 * answers is written back to the soup by one synchronous transaction before the
 * next call starts, so a server id is never lost to a later failure of the
 * same batch (the SDK keeps them until the whole batch has answered).
 * Per-record errors go to `__last_error__`; the sync still ends DONE.
 */
import { buildExactQuerySpec } from '../../store/query-spec.js';
import type { StoredEntry } from '../../store/smart-store.js';
import {
  LAST_ERROR,
  LOCAL,
  LOCALLY_CREATED,
  LOCALLY_DELETED,
  LOCALLY_UPDATED,
  SYNC_PATHS,
} from '../constants.js';
import { type RunContext, StopRequested } from '../down/soql-sync-down.js';
import { cleanRecord, isLocalId } from '../local-edits.js';
import {
  type CollectionResult,
  type RestRecord,
  SalesforceRequestError,
} from '../salesforce-client.js';
import { isApiName } from '../soql-text.js';
import type { SyncUpTarget } from '../sync-config.js';
import { SyncError } from '../sync-error.js';
import type { SyncState } from '../sync-state.js';

const MAX_BATCH = 200;
const RETRIEVE_CHUNK = 2000;
const NOT_THERE = new Set(['INVALID_CROSS_REFERENCE_KEY', 'ENTITY_IS_DELETED']);
/** How far the server's clock may be behind ours when looking for a create we never heard back from. */
const CREATE_CLOCK_TOLERANCE_MS = 60 * 60 * 1000;

type Operation = 'create' | 'update' | 'delete' | 'deleteLocal';

function operationOf(entry: StoredEntry): Operation {
  if (entry[LOCALLY_DELETED] === true || entry[LOCALLY_DELETED] === 'true') {
    return entry[LOCALLY_CREATED] === true || isLocalId(entry.Id) ? 'deleteLocal' : 'delete';
  }
  if (entry[LOCALLY_CREATED] === true || entry[LOCALLY_CREATED] === 'true') return 'create';
  return 'update';
}

function typeOf(entry: StoredEntry): string {
  const type = (entry.attributes as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type : 'null';
}

/** The body fields of a write: the field list's values the record has, never the id or modification date. */
function bodyOf(
  entry: StoredEntry,
  fields: readonly string[],
  skip: readonly string[],
): RestRecord {
  const body: RestRecord = { attributes: { type: typeOf(entry) } };
  for (const field of fields) {
    if (skip.includes(field) || field.includes('.') || !(field in entry)) continue;
    body[field] = entry[field];
  }
  return body;
}

export async function runCollectionSyncUp(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as SyncUpTarget;
  const idField = target.idFieldName ?? 'Id';
  const modField = target.modificationDateFieldName ?? 'LastModifiedDate';
  const createFields = target.createFieldlist ?? state.options.fieldlist;
  const updateFields = target.updateFieldlist ?? state.options.fieldlist;
  if (createFields === undefined || updateFields === undefined) {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      `sync up of soup ${state.soupName}: No fields specified (createFieldlist, updateFieldlist or options.fieldlist)`,
    );
  }
  const batchSize = Math.min(MAX_BATCH, Math.max(1, target.maxBatchSize ?? MAX_BATCH));
  const { store, client } = context;
  // The ids by query (within its page budget), the entries by id (not bounded by it).
  const dirtyIds = (
    store.query(
      buildExactQuerySpec({
        soupName: state.soupName,
        indexPath: LOCAL,
        matchKey: 'true',
        pageSize: 10_000_000,
        selectPaths: ['_soupEntryId'],
      }),
    ) as number[][]
  )
    .map((row) => row[0] as number)
    .sort((a, b) => a - b);
  const dirty = store.retrieve(state.soupName, dirtyIds);
  const totalSize = dirty.length;
  context.update({ totalSize, progress: 0 });
  await reconcileUnansweredCreates(dirty, createFields, idField, state, context);

  const leaveIfChanged = state.options.mergeMode === 'LEAVE_IF_CHANGED';
  const serverStamps = leaveIfChanged
    ? await serverModificationDates(dirty, modField, idField, context)
    : undefined;
  const skip = [idField, modField, ...SYNC_PATHS];

  let done = 0;
  for (let start = 0; start < dirty.length; start += batchSize) {
    if (context.stopRequested()) throw new StopRequested();
    const batch = dirty.slice(start, start + batchSize).filter((entry) => {
      if (serverStamps === undefined) return true;
      const operation = operationOf(entry);
      if (operation === 'create' || operation === 'deleteLocal') return true;
      const remote = serverStamps.get(entry[idField] as string);
      const local = entry[modField];
      if (remote === null) return operation === 'delete'; // gone on the server: only a delete goes on
      return typeof local !== 'string' || remote === undefined || local >= remote;
    });
    const byOperation = (operation: Operation) =>
      batch.filter((entry) => operationOf(entry) === operation);

    const localDeletes = byOperation('deleteLocal');
    if (localDeletes.length > 0)
      store.remove(
        state.soupName,
        localDeletes.map((e) => e._soupEntryId),
      );

    const creates = byOperation('create');
    if (creates.length > 0) {
      // Noted in the state before the call (one small write): if its answer
      // never arrives, the next run asks the server whether these were created
      // instead of creating them again.
      context.update(
        { createAttempt: { at: Date.now(), soupEntryIds: creates.map((e) => e._soupEntryId) } },
        false,
      );
      let results: CollectionResult[];
      try {
        results = await client.createRecords(
          creates.map((entry) => bodyOf(entry, createFields, skip)),
        );
      } catch (error) {
        // An answer (an error status) means nothing was created.
        if (error instanceof SalesforceRequestError && error.answered) {
          context.update({ createAttempt: undefined }, false);
        }
        throw error;
      }
      store.transaction(() => {
        applyResults(context, state, creates, results, idField, 'create');
        context.update({ createAttempt: undefined }, false);
      });
    }
    const updates = byOperation('update');
    if (updates.length > 0) {
      const results = await client.updateRecords(
        updates.map((entry) => ({ ...bodyOf(entry, updateFields, skip), Id: entry[idField] })),
      );
      const gone = store.transaction(() =>
        applyResults(context, state, updates, results, idField, 'update'),
      );
      if (gone.length > 0 && state.options.mergeMode === 'OVERWRITE') {
        // Deleted on the server while changed here: OVERWRITE creates it again, once.
        const again = await client.createRecords(
          gone.map((entry) => bodyOf(entry, createFields, skip)),
        );
        store.transaction(() => applyResults(context, state, gone, again, idField, 'create'));
      }
    }
    const deletes = byOperation('delete');
    if (deletes.length > 0) {
      const results = await client.deleteRecords(deletes.map((entry) => entry[idField] as string));
      store.transaction(() => applyResults(context, state, deletes, results, idField, 'delete'));
    }
    done += Math.min(batchSize, dirty.length - start);
    if (done < totalSize) context.update({ progress: Math.floor((done * 100) / totalSize) });
  }
}

/** Writes one call's answers back by position; returns the updates whose record is gone on the server. */
function applyResults(
  context: RunContext,
  state: SyncState,
  entries: readonly StoredEntry[],
  results: readonly CollectionResult[],
  idField: string,
  operation: 'create' | 'update' | 'delete',
): StoredEntry[] {
  const gone: StoredEntry[] = [];
  const saved: StoredEntry[] = [];
  const removed: number[] = [];
  entries.forEach((entry, index) => {
    const result = results[index];
    const firstError = result?.errors?.[0];
    const notThere = firstError !== undefined && NOT_THERE.has(firstError.statusCode);
    if (result?.success) {
      if (operation === 'delete') removed.push(entry._soupEntryId);
      else
        saved.push(
          cleanRecord({ ...entry, [idField]: operation === 'create' ? result.id : entry[idField] }),
        );
    } else if (operation === 'delete' && notThere) {
      removed.push(entry._soupEntryId);
    } else if (operation === 'update' && notThere) {
      gone.push(entry);
    } else {
      saved.push({
        ...entry,
        [LAST_ERROR]: JSON.stringify(firstError ?? { message: 'no result for this record' }),
      });
    }
  });
  if (saved.length > 0) context.store.upsert(state.soupName, saved);
  if (removed.length > 0) context.store.remove(state.soupName, removed);
  return gone;
}

/**
 * For every create whose answer never arrived (the connection dropped after the
 * server committed, or a later call of the batch failed), looks for the record
 * on the server by the values that were sent and the time of the attempt; one
 * found becomes the local record's server id (it is then sent as an update), so
 * a retried sync up never creates it twice. Where nothing can be looked up by,
 * the create is sent again.
 */
async function reconcileUnansweredCreates(
  dirty: StoredEntry[],
  createFields: readonly string[],
  idField: string,
  state: SyncState,
  context: RunContext,
): Promise<void> {
  const pending = context.unansweredCreates(state.soupName);
  if (pending.attempts.length === 0) return;
  const attemptOf = new Map<number, number>();
  for (const attempt of pending.attempts) {
    for (const id of attempt.soupEntryIds)
      attemptOf.set(id, Math.min(attempt.at, attemptOf.get(id) ?? attempt.at));
  }
  const claimed = new Set<string>();
  for (let index = 0; index < dirty.length; index++) {
    const entry = dirty[index] as StoredEntry;
    const at = attemptOf.get(entry._soupEntryId);
    if (at === undefined || operationOf(entry) !== 'create') continue;
    const soql = lookupSoql(typeOf(entry), bodyOf(entry, createFields, [idField]), at);
    let serverId: string | undefined;
    if (soql !== undefined) {
      const page = await context.client.query(soql);
      serverId = page.records.map((r) => r.Id as string).find((id) => !claimed.has(id));
    }
    if (serverId === undefined) continue;
    claimed.add(serverId);
    const next = {
      ...entry,
      [idField]: serverId,
      [LOCALLY_CREATED]: false,
      [LOCALLY_UPDATED]: true,
    };
    dirty[index] = context.store.upsert(state.soupName, [next])[0] as StoredEntry;
  }
  pending.clear();
  context.update({ createAttempt: undefined }, false);
}

function soqlValue(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))
    return String(value);
  if (typeof value === 'string' && value.length <= 255)
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return undefined;
}

/** `SELECT Id FROM T WHERE CreatedDate >= … AND <field> = <value sent> …`, or undefined with nothing to match. */
function lookupSoql(type: string, body: RestRecord, attempt: number): string | undefined {
  if (!isApiName(type)) return undefined;
  const conditions: string[] = [];
  for (const [field, value] of Object.entries(body)) {
    if (field === 'attributes' || !isApiName(field)) continue;
    const literal = soqlValue(value);
    if (literal !== undefined) conditions.push(`${field} = ${literal}`);
  }
  if (conditions.length === 0) return undefined;
  const since = new Date(attempt - CREATE_CLOCK_TOLERANCE_MS).toISOString().replace('Z', '+0000');
  return `SELECT Id FROM ${type} WHERE CreatedDate >= ${since} AND ${conditions.join(' AND ')} ORDER BY CreatedDate LIMIT 10`;
}

/** The server's modification date of each dirty record that exists there (null: deleted on the server). */
async function serverModificationDates(
  dirty: readonly StoredEntry[],
  modField: string,
  idField: string,
  context: RunContext,
): Promise<Map<string, string | null>> {
  const onServer = dirty.filter(
    (entry) => operationOf(entry) === 'update' || operationOf(entry) === 'delete',
  );
  const stamps = new Map<string, string | null>();
  if (onServer.length === 0) return stamps;
  const types = new Set(onServer.map(typeOf));
  if (types.size > 1) {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      `LEAVE_IF_CHANGED sync up needs one sObject type per soup, found ${[...types].join(', ')}`,
    );
  }
  const type = [...types][0] as string;
  for (let start = 0; start < onServer.length; start += RETRIEVE_CHUNK) {
    const ids = onServer
      .slice(start, start + RETRIEVE_CHUNK)
      .map((entry) => entry[idField] as string);
    const records = await context.client.retrieveRecords(type, ids, [modField]);
    ids.forEach((id, index) => {
      const record = records[index];
      stamps.set(id, record === null || record === undefined ? null : (record[modField] as string));
    });
  }
  return stamps;
}
