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
import { refused, shown } from '../adapters/server-answers.js';
import type {
  CompositeSubrequest,
  CompositeSubresponse,
  RestRecord,
} from '../contracts/salesforce-client.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { RunContext } from '../engine/run-context.js';
import { createLocalId } from '../local-edits.js';
import {
  bodyOf,
  dirtyEntries,
  externalIdOf,
  operationOf,
  typeOf,
  type WriteSettings,
} from './dirty-records.js';
import { createNotes, notesOf, sendNoted, settle } from './pending-writes.js';
import { runInBatches, type Written } from './record-batches.js';
import { type Outcome, withoutLocalDeletes, writeBack } from './write-back.js';

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
    prepare: (settings) => withIds(state, settings, context),
    send: async (batch, settings) => {
      const first = await sendBatch(batch, state, settings, context, true);
      if (first.again.length === 0) return first.written;
      const second = await sendBatch(first.again, state, settings, context, false);
      return [...first.written, ...second.written];
    },
  });
}

/** Dirty records without an id get a local one (the id is the sub-request's reference). */
function withIds(state: SyncState, settings: WriteSettings, context: RunContext): void {
  context.transaction(() => {
    const missing = dirtyEntries(context.store, state.soupName).filter(
      (entry) => typeof entry[settings.idField] !== 'string',
    );
    if (missing.length > 0)
      context.store.upsert(
        state.soupName,
        missing.map((entry) => ({ ...entry, [settings.idField]: createLocalId() })),
      );
  });
}

/** The composite answer for `requests`: one sub-response per request, by reference. */
export function checkedSubresponses(
  value: unknown,
  requests: readonly CompositeSubrequest[],
  what: string,
): Map<string, CompositeSubresponse> {
  const byReference = new Map<string, CompositeSubresponse>();
  if (Array.isArray(value)) {
    for (const item of value as Partial<CompositeSubresponse>[]) {
      if (
        typeof item === 'object' &&
        item !== null &&
        typeof item.referenceId === 'string' &&
        typeof item.httpStatusCode === 'number' &&
        !byReference.has(item.referenceId)
      )
        byReference.set(item.referenceId, item as CompositeSubresponse);
    }
  }
  if (
    !Array.isArray(value) ||
    value.length !== requests.length ||
    requests.some((request) => !byReference.has(request.referenceId))
  )
    throw refused(`${what} answered ${shown(value)} for ${requests.length} sub-request(s)`);
  return byReference;
}

/**
 * One composite call for `batch`: what took, and the records to send again
 * (gone on the server, OVERWRITE, first pass), as they are now.
 */
async function sendBatch(
  batch: readonly StoredEntry[],
  state: SyncState,
  settings: WriteSettings,
  context: RunContext,
  firstPass: boolean,
): Promise<{ written: Written[]; again: StoredEntry[] }> {
  const soup = state.soupName;
  const sent = withoutLocalDeletes(context, soup, settings.idField, batch);
  if (sent.length === 0) return { written: [], again: [] };
  const requests = sent.map(
    (entry) => subrequestOf(entry, settings, context.client.apiVersion) as CompositeSubrequest,
  );
  const leaving = state.options.mergeMode === 'LEAVE_IF_CHANGED';
  const isPlainCreate = (e: StoredEntry) =>
    operationOf(e, settings.idField) === 'create' && externalIdOf(e, settings) === undefined;
  const bodyOfRequest = (i: number) => (requests[i]?.body ?? {}) as RestRecord;
  const notes = [
    ...(await createNotes(context, state, soup, sent.filter(isPlainCreate), settings)),
    ...(leaving
      ? await notesOf(
          context,
          state,
          soup,
          'update',
          sent.flatMap((entry, i) =>
            operationOf(entry, settings.idField) === 'update'
              ? [{ entry: entry._soupEntryId, body: bodyOfRequest(i) }]
              : [],
          ),
        )
      : []),
  ];
  const responses = checkedSubresponses(
    await sendNoted(context, notes, () => context.client.composite(false, requests)),
    requests,
    'the composite call',
  );
  const outcomes = sent.map((entry, index): Outcome => {
    const outcome = outcomeOf(responses.get(requests[index]?.referenceId ?? ''));
    const operation = operationOf(entry, settings.idField);
    if (outcome.kind === 'success') {
      if (operation === 'delete') return { kind: 'deleted' };
      return operation === 'create'
        ? { kind: 'created', id: outcome.id ?? entry[settings.idField] }
        : { kind: 'updated' };
    }
    if (operation === 'delete' && outcome.kind === 'notThere') return { kind: 'deleted' };
    if (outcome.kind === 'notThere' && firstPass && state.options.mergeMode === 'OVERWRITE')
      return { kind: 'recreate' };
    return { kind: 'failed', error: outcome.error };
  });
  return context.transaction(() => {
    const back = writeBack(
      context.store,
      soup,
      settings.idField,
      sent,
      outcomes,
      notes.find((note) => note.op === 'create')?.after,
    );
    settle(
      context,
      notes.filter(
        (note) =>
          !back.unsettled.has(note.entry) &&
          !(
            note.op === 'update' &&
            outcomes[sent.findIndex((e) => e._soupEntryId === note.entry)]?.kind === 'updated'
          ),
      ),
    );
    const written: Written[] = [];
    const again: StoredEntry[] = [];
    sent.forEach((entry, i) => {
      const kind = outcomes[i]?.kind;
      if ((kind === 'created' || kind === 'updated') && !back.unsettled.has(entry._soupEntryId))
        written.push({ entry: entry._soupEntryId, body: bodyOfRequest(i) });
      const now = back.saved.get(entry._soupEntryId);
      if (kind === 'recreate' && now !== undefined) again.push(now);
    });
    return { written, again };
  });
}
