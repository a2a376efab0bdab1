/**
 * The composite batch sync-up target, `BatchSyncUpTarget` in the SDK (§4.4 of
 * the design notes): up to 25 dirty records a `POST …/composite` call
 * (`allOrNone: false`), each a sub-request whose `referenceId` is the
 * record's id. Sub-responses are written back in one transaction; records the
 * server no longer has are created again once under OVERWRITE (a second call
 * for them alone). A whole-call failure fails the sync; that batch's records
 * stay as they were.
 */
import type { StoredEntry } from '../../store/smart-store.js';
import { cleanRecord, createLocalId } from '../local-edits.js';
import type { RunContext } from '../run-context.js';
import type { CompositeSubrequest, CompositeSubresponse } from '../salesforce-client.js';
import type { SyncState } from '../sync-state.js';
import {
  bodyOf,
  externalIdOf,
  markedCreated,
  operationOf,
  typeOf,
  type WriteSettings,
  withLastError,
} from './dirty-records.js';
import { runInBatches } from './record-batches.js';
import { createsAnswered, sendingCreates } from './unanswered-creates.js';

const MAX_BATCH = 25;
const REFERENCE_ID = /^[A-Za-z0-9_]+$/;

/** A sub-request's reference: the record's id when it is a valid one, else one made from its entry. */
export function referenceIdOf(entry: StoredEntry, idField: string): string {
  const id = entry[idField];
  return typeof id === 'string' && REFERENCE_ID.test(id) ? id : `entry_${entry._soupEntryId}`;
}

/** The sub-request of one dirty record (`undefined` for a record created and deleted here). */
export function subrequestOf(
  entry: StoredEntry,
  settings: WriteSettings,
  apiVersion: string,
  overrides: Record<string, unknown> = {},
): CompositeSubrequest | undefined {
  const base = `/services/data/${apiVersion}/sobjects/${encodeURIComponent(typeOf(entry))}`;
  const referenceId = referenceIdOf(entry, settings.idField);
  const id = encodeURIComponent(String(entry[settings.idField]));
  const operation = operationOf(entry, settings.idField);
  switch (operation) {
    case 'deleteLocal':
      return undefined;
    case 'delete':
      return { method: 'DELETE', url: `${base}/${id}`, referenceId };
    case 'create': {
      const body = { ...bodyOf(entry, settings.createFields, settings.skip), ...overrides };
      const external = externalIdOf(entry, settings);
      return external === undefined
        ? { method: 'POST', url: base, referenceId, body }
        : {
            method: 'PATCH',
            url: `${base}/${encodeURIComponent(settings.externalIdField as string)}/${encodeURIComponent(external)}`,
            referenceId,
            body,
          };
    }
    case 'update':
      return {
        method: 'PATCH',
        url: `${base}/${id}`,
        referenceId,
        body: { ...bodyOf(entry, settings.updateFields, settings.skip), ...overrides },
      };
    default:
      return operation satisfies never;
  }
}

/** What a sub-response says of its record. */
export type SubOutcome =
  | { readonly kind: 'success'; readonly id: string | undefined }
  | { readonly kind: 'notThere'; readonly error: unknown }
  | { readonly kind: 'parentGone'; readonly error: unknown }
  | { readonly kind: 'error'; readonly error: unknown };

export function outcomeOf(response: CompositeSubresponse | undefined): SubOutcome {
  if (response === undefined)
    return { kind: 'error', error: { message: 'no sub-response for this record' } };
  const status = response.httpStatusCode;
  if (status >= 200 && status < 300) {
    const id = (response.body as { id?: unknown } | null)?.id;
    return { kind: 'success', id: typeof id === 'string' ? id : undefined };
  }
  const first = Array.isArray(response.body) ? response.body[0] : response.body;
  if (status === 404) return { kind: 'notThere', error: first ?? { message: 'HTTP 404' } };
  if ((first as { errorCode?: unknown } | undefined)?.errorCode === 'ENTITY_IS_DELETED')
    return { kind: 'parentGone', error: first };
  return { kind: 'error', error: first ?? { message: `HTTP ${status}` } };
}

export function runBatchSyncUp(state: SyncState, context: RunContext): Promise<void> {
  return runInBatches(state, context, {
    maxBatch: MAX_BATCH,
    prepare: (dirty, settings) => withIds(dirty, state, settings, context),
    send: async (batch, settings) => {
      const again = await sendBatch(batch, state, settings, context, true);
      if (again.length > 0) await sendBatch(again, state, settings, context, false);
    },
  });
}

/** Dirty records without an id get a local one (the id is the sub-request's reference). */
function withIds(
  dirty: StoredEntry[],
  state: SyncState,
  settings: WriteSettings,
  context: RunContext,
): StoredEntry[] {
  const missing = dirty.filter((entry) => typeof entry[settings.idField] !== 'string');
  if (missing.length === 0) return dirty;
  const saved = context.store.upsert(
    state.soupName,
    missing.map((entry) => ({ ...entry, [settings.idField]: createLocalId() })),
  );
  const byEntry = new Map(saved.map((entry) => [entry._soupEntryId, entry]));
  return dirty.map((entry) => byEntry.get(entry._soupEntryId) ?? entry);
}

/** One composite call for `batch`; returns the records to send again (gone on the server, OVERWRITE, first pass). */
async function sendBatch(
  batch: readonly StoredEntry[],
  state: SyncState,
  settings: WriteSettings,
  context: RunContext,
  firstPass: boolean,
): Promise<StoredEntry[]> {
  const { store, client } = context;
  const localDeletes = batch.filter((e) => operationOf(e, settings.idField) === 'deleteLocal');
  if (localDeletes.length > 0)
    store.remove(
      state.soupName,
      localDeletes.map((e) => e._soupEntryId),
    );
  const sent = batch.filter((e) => !localDeletes.includes(e));
  if (sent.length === 0) return [];
  const requests = sent.map(
    (entry) => subrequestOf(entry, settings, client.apiVersion) as CompositeSubrequest,
  );
  const creates = sent.filter(
    (e) => operationOf(e, settings.idField) === 'create' && externalIdOf(e, settings) === undefined,
  );
  const responses = await sendingCreates(context, creates, () => client.composite(false, requests));
  // Entries to send again (gone on the server, OVERWRITE, first pass), as saved.
  const resend = new Set<number>();
  return store.transaction(() => {
    const saved: StoredEntry[] = [];
    const removed: number[] = [];
    sent.forEach((entry, index) => {
      const outcome = outcomeOf(responses[index]);
      const isDelete = operationOf(entry, settings.idField) === 'delete';
      if (outcome.kind === 'success' || (isDelete && outcome.kind === 'notThere')) {
        if (isDelete) removed.push(entry._soupEntryId);
        else
          saved.push(
            cleanRecord({
              ...entry,
              [settings.idField]:
                outcome.kind === 'success' && outcome.id !== undefined
                  ? outcome.id
                  : entry[settings.idField],
            }),
          );
      } else if (
        outcome.kind === 'notThere' &&
        firstPass &&
        state.options.mergeMode === 'OVERWRITE'
      ) {
        saved.push(markedCreated(entry));
        resend.add(entry._soupEntryId);
      } else {
        saved.push(withLastError(entry, outcome.error));
      }
    });
    const stored = saved.length > 0 ? store.upsert(state.soupName, saved) : [];
    if (removed.length > 0) store.remove(state.soupName, removed);
    createsAnswered(context);
    return stored.filter((entry) => resend.has(entry._soupEntryId));
  });
}
