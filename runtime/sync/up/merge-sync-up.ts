/**
 * Sync up under MERGE_FIELDS (soupkit's own mode, whatever the record
 * target's class): per batch of up to 2000 dirty records (whatever the
 * target's `maxBatchSize`, which caps the records of each write call here),
 * the server's copies
 * of the updated and deleted ones are read (one Collections retrieve per type
 * and 2000 ids), each merged field by field with the record here against its
 * base (`merge/record-merge.ts`), and only the fields changed here are sent —
 * by `POST …/composite` (25 a call, 4 calls at once), each PATCH conditional on
 * `If-Unmodified-Since` the date just read, so a server edit made between
 * the read and the write is answered 412 instead of being overwritten; those
 * records are read and merged again (up to `ROUNDS` times a run). Records
 * with open conflicts are not sent. Creates go as sObject Collections
 * creates; a delete is sent only when the server has not changed the record
 * since the base (the platform has no conditional DELETE: the check is the
 * read just before).
 */
import type { StoredEntry } from '../../store/smart-store.js';
import { checkedResults, checkedRetrieve } from '../adapters/server-answers.js';
import { BASE, CONFLICTS, WHOLE_RECORD } from '../contracts/constants.js';
import type {
  CompositeSubrequest,
  CompositeSubresponse,
  RestRecord,
} from '../contracts/salesforce-client.js';
import type { SyncUpTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { RunContext } from '../engine/run-context.js';
import { fieldKinds } from '../merge/field-kinds.js';
import {
  baseOf,
  conflictsOf,
  mergeRecord,
  serverChangedSince,
  wholeRecordConflict,
  withConflicts,
} from '../merge/record-merge.js';
import { checkedSubresponses } from './batch-sync-up.js';
import { sendBatch as sendCollectionBatch } from './collection-sync-up.js';
import { operationOf, RECORD_NOT_THERE, typeOf, type WriteSettings } from './dirty-records.js';
import { currentDirty, runInBatches, type Written } from './record-batches.js';
import { type Outcome, writeBack } from './write-back.js';

const MAX_BATCH = 2000;
/** Records an sObject Collections call takes. */
const COLLECTION_MAX = 200;
const COMPOSITE_MAX = 25;
/** Composite calls out at once. */
const PARALLEL = 4;
const RETRIEVE_CHUNK = 2000;
/** Reads and merges of a record a run makes while the server keeps changing it. */
const ROUNDS = 3;

export function runMergeSyncUp(state: SyncState, context: RunContext): Promise<void> {
  return runInBatches(state, context, {
    maxBatch: MAX_BATCH,
    ownBatchSize: true,
    send: (batch, settings) => sendMerged(batch, settings, state, context),
  });
}

async function sendMerged(
  batch: readonly StoredEntry[],
  settings: WriteSettings,
  state: SyncState,
  context: RunContext,
): Promise<Written[]> {
  const open = (entry: StoredEntry) => conflictsOf(entry).length > 0;
  const perCall = Math.max(1, (state.target as SyncUpTarget).maxBatchSize ?? COLLECTION_MAX);
  const creates = batch.filter((entry) => {
    const op = operationOf(entry, settings.idField);
    return op === 'create' || op === 'deleteLocal';
  });
  const written: Written[] = [];
  const createsPerCall = Math.min(COLLECTION_MAX, perCall);
  for (let start = 0; start < creates.length; start += createsPerCall)
    written.push(
      ...(await sendCollectionBatch(
        creates.slice(start, start + createsPerCall),
        settings,
        state,
        context,
      )),
    );
  // Records with open conflicts are read too (a delete there is reported), never sent.
  let rest = batch.filter((entry) => !creates.includes(entry));
  for (let round = 1; rest.length > 0; round += 1) {
    const again = await mergeRound(rest, settings, state, context, {
      last: round === ROUNDS,
      perCall,
    });
    written.push(...again.written);
    rest = currentDirty(context, state.soupName, again.retry).filter((entry) => !open(entry));
  }
  return written;
}

/** The server's copies of `entries` (null: not there), by entry id. */
async function serverCopies(
  entries: readonly StoredEntry[],
  settings: WriteSettings,
  context: RunContext,
): Promise<Map<number, RestRecord | null>> {
  const fields = [
    ...new Set([settings.idField, settings.modField, ...settings.updateFields]),
  ].filter((field) => !field.includes('.'));
  const copies = new Map<number, RestRecord | null>();
  for (const type of new Set(entries.map(typeOf))) {
    const ofType = entries.filter((entry) => typeOf(entry) === type);
    for (let start = 0; start < ofType.length; start += RETRIEVE_CHUNK) {
      const chunk = ofType.slice(start, start + RETRIEVE_CHUNK);
      const ids = chunk.map((entry) => String(entry[settings.idField]));
      const records = checkedRetrieve(
        await context.client.retrieveRecords(type, ids, fields),
        ids.length,
        `the server's copies of ${type} records`,
      );
      for (const [i, entry] of chunk.entries()) copies.set(entry._soupEntryId, records[i] ?? null);
    }
  }
  return copies;
}

/** An HTTP date (whole seconds) of a modification date. */
function httpDate(value: unknown): string | undefined {
  const ms = typeof value === 'string' ? Date.parse(value.replace(/\+0000$/, 'Z')) : Number.NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toUTCString();
}

/**
 * One read-merge-write round over updates and deletes: what took, and the
 * entries to read and merge again (the server changed them meanwhile).
 */
async function mergeRound(
  entries: readonly StoredEntry[],
  settings: WriteSettings,
  state: SyncState,
  context: RunContext,
  { last, perCall }: { last: boolean; perCall: number },
): Promise<{ written: Written[]; retry: number[] }> {
  const copies = await serverCopies(entries, settings, context);
  const kinds = new Map(
    await Promise.all(
      [...new Set(entries.map(typeOf))].map(
        async (type) => [type, await fieldKinds(context.client, type)] as const,
      ),
    ),
  );
  const skip = [settings.idField, settings.modField];
  const fields = settings.updateFields.filter(
    (f) => !settings.skip.includes(f) && !f.includes('.'),
  );
  const settled: { entry: StoredEntry; outcome: Outcome }[] = [];
  const patches: {
    entry: StoredEntry;
    body: RestRecord;
    since: string | undefined;
    after: Outcome;
  }[] = [];
  const deletes: StoredEntry[] = [];
  for (const entry of entries) {
    const server = copies.get(entry._soupEntryId) ?? null;
    const kindOf = kinds.get(typeOf(entry)) ?? (() => 'plain' as const);
    const base = baseOf(entry, server ?? undefined, settings.modField);
    const operation = operationOf(entry, settings.idField);
    const open = conflictsOf(entry);
    if (open.length > 0) {
      if (server === null && !open.some((c) => c.field === WHOLE_RECORD))
        settled.push({
          entry,
          outcome: {
            kind: 'conflict',
            patch: {},
            marks: withConflicts([...open, wholeRecordConflict(base, entry, null)]),
          },
        });
      continue;
    }
    if (server === null) {
      // Gone on the server: a delete here is done; an edit here is a conflict of the whole record.
      settled.push({
        entry,
        outcome:
          operation === 'delete'
            ? { kind: 'deleted' }
            : {
                kind: 'conflict',
                patch: {},
                marks: withConflicts([wholeRecordConflict(base, entry, null)]),
              },
      });
      continue;
    }
    if (operation === 'delete') {
      if (serverChangedSince(base, server, entry, kindOf, skip))
        settled.push({
          entry,
          outcome: {
            kind: 'conflict',
            patch: {},
            marks: withConflicts([wholeRecordConflict(base, null, server)]),
          },
        });
      else deletes.push(entry);
      continue;
    }
    const merge = mergeRecord(entry, server, fields, kindOf, settings.modField);
    if (merge.conflicts.length > 0) {
      settled.push({
        entry,
        outcome: {
          kind: 'conflict',
          patch: { ...merge.set, [BASE]: merge.base },
          marks: withConflicts(merge.conflicts),
        },
      });
      continue;
    }
    const after: Outcome = {
      kind: 'updated',
      patch: {
        ...merge.set,
        [BASE]: { ...merge.base, ...merge.send },
        [CONFLICTS]: undefined,
      },
    };
    if (Object.keys(merge.send).length === 0) settled.push({ entry, outcome: after });
    else
      patches.push({ entry, body: merge.send, since: httpDate(server[settings.modField]), after });
  }
  const retry: number[] = [];
  const written: Written[] = [];
  const chunks: (typeof patches)[] = [];
  const patchesPerCall = Math.min(COMPOSITE_MAX, perCall);
  for (let start = 0; start < patches.length; start += patchesPerCall)
    chunks.push(patches.slice(start, start + patchesPerCall));
  // Up to PARALLEL composite calls at once; what answered is written back even when another call failed.
  let failure: { error: unknown } | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < chunks.length) {
      const chunk = chunks[next++] as typeof patches;
      const requests: CompositeSubrequest[] = chunk.map(({ entry, body, since }) => ({
        method: 'PATCH',
        url: `/services/data/${context.client.apiVersion}/sobjects/${encodeURIComponent(typeOf(entry))}/${encodeURIComponent(String(entry[settings.idField]))}`,
        referenceId: `entry_${entry._soupEntryId}`,
        body,
        ...(since === undefined ? {} : { httpHeaders: { 'If-Unmodified-Since': since } }),
      }));
      let responses: Map<string, CompositeSubresponse>;
      try {
        responses = checkedSubresponses(
          await context.client.composite(false, requests),
          requests,
          'the merged update call',
        );
      } catch (error) {
        failure ??= { error };
        return;
      }
      chunk.forEach((patch, i) => {
        const response = responses.get(requests[i]?.referenceId ?? '');
        const status = response?.httpStatusCode ?? 0;
        const first = (Array.isArray(response?.body) ? response?.body[0] : response?.body) as
          | { errorCode?: string }
          | undefined;
        if (status >= 200 && status < 300) {
          settled.push({ entry: patch.entry, outcome: patch.after });
          written.push({ entry: patch.entry._soupEntryId, body: patch.body });
        } else if (status === 412 && !last) retry.push(patch.entry._soupEntryId);
        else if (status === 404 || RECORD_NOT_THERE.has(first?.errorCode ?? ''))
          // Deleted on the server between the read and the write: read again, it is then a whole-record conflict.
          last
            ? settled.push({ entry: patch.entry, outcome: { kind: 'failed', error: first } })
            : retry.push(patch.entry._soupEntryId);
        else
          settled.push({
            entry: patch.entry,
            outcome: { kind: 'failed', error: first ?? { message: `HTTP ${status}` } },
          });
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, chunks.length) }, worker));
  if (deletes.length > 0 && failure === undefined) {
    const deletesPerCall = Math.min(COLLECTION_MAX, perCall);
    for (let start = 0; start < deletes.length; start += deletesPerCall) {
      const chunk = deletes.slice(start, start + deletesPerCall);
      const results = checkedResults(
        await context.client.deleteRecords(chunk.map((entry) => String(entry[settings.idField]))),
        chunk.length,
        'the delete call',
      );
      chunk.forEach((entry, i) => {
        const result = results[i];
        const error = result?.errors?.[0];
        settled.push({
          entry,
          outcome:
            result?.success || (error !== undefined && RECORD_NOT_THERE.has(error.statusCode))
              ? { kind: 'deleted' }
              : { kind: 'failed', error: error ?? { message: 'no result for this record' } },
        });
      });
    }
  }
  if (settled.length > 0)
    context.transaction(() =>
      writeBack(
        context.store,
        state.soupName,
        settings.idField,
        settled.map((s) => s.entry),
        settled.map((s) => s.outcome),
      ),
    );
  if (failure !== undefined) throw failure.error;
  return { written, retry };
}
