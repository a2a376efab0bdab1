/**
 * Sync up under MERGE_FIELDS (soupkit's own mode, whatever the record
 * target's class): per batch of up to 2000 dirty records (whatever the
 * target's `maxBatchSize`, which caps the records of each write call here),
 * the server's copies of the updated and deleted ones are read (one
 * Collections retrieve per type and 2000 ids), each merged field by field
 * with the record here against its base (`merge/record-merge.ts`,
 * `merge-plan.ts`), and only the fields changed here are sent — by
 * `POST …/composite` (25 a call), each PATCH conditional on
 * `If-Unmodified-Since` the date just read, so a server edit made between
 * the read and the write is answered 412 instead of being overwritten; those
 * records are read and merged again (up to `ROUNDS` times a run). Records
 * with open conflicts are not sent. Creates go as sObject Collections
 * creates; a delete is sent only when the server has not changed the record
 * since the base (the platform has no conditional DELETE: the check is the
 * read just before). A run's update and delete calls have as many records on
 * their way as the Collections target's under OVERWRITE (`recordsInFlight`,
 * `call-slots.ts`; creates are not counted); their answers are written back
 * as they come, many to a transaction (`answer-queue.ts`). Every PATCH of a
 * round is noted in the pending-writes ledger before the round's first call
 * and settled with its answer's write-back; a note whose answer was lost is
 * settled by the next run before it merges (`pending-writes.ts`).
 */
import type { StoredEntry } from '../../store/smart-store.js';
import { checkedResults, checkedRetrieve } from '../adapters/server-answers.js';
import type {
  CompositeSubrequest,
  CompositeSubresponse,
  RestRecord,
} from '../contracts/salesforce-client.js';
import type { SyncUpTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import { type RunContext, StopRequested } from '../engine/run-context.js';
import { type FieldKinds, fieldKinds } from '../merge/field-kinds.js';
import { conflictsOf } from '../merge/record-merge.js';
import { AnswerQueue } from './answer-queue.js';
import { checkedSubresponses } from './batch-sync-up.js';
import { CallSlots, inFlight } from './call-slots.js';
import { sendBatch as sendCollectionBatch } from './collection-sync-up.js';
import { operationOf, RECORD_NOT_THERE, typeOf, type WriteSettings } from './dirty-records.js';
import { type Patch, planMerge } from './merge-plan.js';
import { notesOf, sendAfterNote, settle } from './pending-writes.js';
import { BATCHES_IN_FLIGHT, currentDirty, runInBatches, type Written } from './record-batches.js';
import { type Outcome, writeBack } from './write-back.js';

const MAX_BATCH = 2000;
/** Records an sObject Collections call takes. */
const COLLECTION_MAX = 200;
const COMPOSITE_MAX = 25;
/**
 * The records a run's write calls (composite, delete) have in flight at
 * once, whichever batch and round they are of: as many as the Collections
 * target has under OVERWRITE (two calls of `maxBatchSize`, at most 200; so
 * 16 composite calls of 25 by default). The server then has as many of this
 * device's rows being written at once in either mode, though MERGE_FIELDS,
 * held to 25 records a call, makes eight times the calls. The SDK sends one
 * call at a time. Measured with bench/merge.bench.ts: docs/sync.md.
 *
 * @example
 * recordsInFlight(200); // 400: 16 composite calls of 25
 */
export function recordsInFlight(perCall: number): number {
  return BATCHES_IN_FLIGHT * Math.min(COLLECTION_MAX, perCall);
}
const RETRIEVE_CHUNK = 2000;
/** Reads and merges of a record a run makes while the server keeps changing it. */
const ROUNDS = 3;

export function runMergeSyncUp(state: SyncState, context: RunContext): Promise<void> {
  const slots = new CallSlots(recordsInFlight(perCallOf(state)));
  return runInBatches(state, context, {
    maxBatch: MAX_BATCH,
    ownBatchSize: true,
    send: (batch, settings) => sendMerged(batch, settings, state, context, slots),
  });
}

/** The most records a write call of the run takes: the target's `maxBatchSize`, 200 by default. */
function perCallOf(state: SyncState): number {
  return Math.max(1, (state.target as SyncUpTarget).maxBatchSize ?? COLLECTION_MAX);
}

async function sendMerged(
  batch: readonly StoredEntry[],
  settings: WriteSettings,
  state: SyncState,
  context: RunContext,
  slots: CallSlots,
): Promise<Written[]> {
  const open = (entry: StoredEntry) => conflictsOf(entry).length > 0;
  const perCall = perCallOf(state);
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
  const sentAsCreates = new Set(creates);
  let rest = batch.filter((entry) => !sentAsCreates.has(entry));
  for (let round = 1; rest.length > 0; round += 1) {
    const again = await mergeRound(rest, settings, state, context, {
      last: round === ROUNDS,
      perCall,
      slots,
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

/** The kinds of each type of `entries`, described once per type and client. */
async function kindsOf(
  entries: readonly StoredEntry[],
  context: RunContext,
): Promise<Map<string, FieldKinds>> {
  return new Map(
    await Promise.all(
      [...new Set(entries.map(typeOf))].map(
        async (type) => [type, await fieldKinds(context.client, type)] as const,
      ),
    ),
  );
}

/** What a subresponse says of its record: settled, or to be read and merged again. */
function answerOf(
  patch: Patch,
  response: CompositeSubresponse | undefined,
  last: boolean,
): Outcome | 'retry' {
  const status = response?.httpStatusCode ?? 0;
  const first = (Array.isArray(response?.body) ? response?.body[0] : response?.body) as
    | { errorCode?: string }
    | undefined;
  if (status >= 200 && status < 300) return patch.after;
  if (status === 412 && !last) return 'retry';
  if (status === 404 || RECORD_NOT_THERE.has(first?.errorCode ?? ''))
    // Deleted on the server between the read and the write: read again, it is then a whole-record conflict.
    return last ? { kind: 'failed', error: first } : 'retry';
  return { kind: 'failed', error: first ?? { message: `HTTP ${status}` } };
}

/**
 * One read-merge-write round over updates and deletes: what took, and the
 * entries to read and merge again (the server changed them meanwhile). What
 * needs no call is written back first; each call's answer is written back
 * as it arrives, while the next calls are in flight, so an answer that
 * arrived is kept whatever happens to the other calls.
 */
async function mergeRound(
  entries: readonly StoredEntry[],
  settings: WriteSettings,
  state: SyncState,
  context: RunContext,
  { last, perCall, slots }: { last: boolean; perCall: number; slots: CallSlots },
): Promise<{ written: Written[]; retry: number[] }> {
  const [copies, kinds] = await Promise.all([
    serverCopies(entries, settings, context),
    kindsOf(entries, context),
  ]);
  const { settled, patches, deletes } = planMerge(entries, copies, kinds, settings);
  // PATCHes are noted before their call; a note goes with the write-back of
  // its answer, unless that answer leaves the outcome unknown (a 5xx).
  const noted = new Set<number>();
  const unknown = new Set<number>();
  const save = (sent: readonly StoredEntry[], outcomes: readonly Outcome[]) => {
    const settledNotes = sent
      .map((entry) => entry._soupEntryId)
      .filter((entry) => noted.has(entry) && !unknown.has(entry));
    if (sent.length > 0)
      context.transaction(() => {
        writeBack(context.store, state.soupName, settings.idField, sent, outcomes);
        if (settledNotes.length > 0) context.pending.settle(state.soupName, settledNotes);
      });
  };
  save(
    settled.map((s) => s.entry),
    settled.map((s) => s.outcome),
  );
  const answers = new AnswerQueue(save, { onFailure: (error) => slots.fail(error) });
  const retry: number[] = [];
  const written: Written[] = [];
  const calls: (() => Promise<void>)[] = [];
  const sizes: number[] = [];
  const patchesPerCall = Math.min(COMPOSITE_MAX, perCall);
  const chunks: Patch[][] = [];
  for (let start = 0; start < patches.length; start += patchesPerCall)
    chunks.push(patches.slice(start, start + patchesPerCall));
  // Every PATCH of the round is noted before the first call, in one
  // transaction; the notes of calls that never start are settled below.
  const allNotes = await notesOf(
    context,
    state,
    state.soupName,
    'update',
    patches.map(({ entry, body, localSets }) => ({ entry: entry._soupEntryId, body, localSets })),
    { perField: true },
  );
  const chunkNotes = chunks.map((_, i) =>
    allNotes.slice(i * patchesPerCall, (i + 1) * patchesPerCall),
  );
  context.pending.noteCalls(chunkNotes);
  for (const note of allNotes) noted.add(note.entry);
  const unstarted = new Set(chunks.keys());
  chunks.forEach((chunk, index) => {
    const notes = chunkNotes[index] ?? [];
    sizes.push(chunk.length);
    calls.push(async () => {
      unstarted.delete(index);
      const requests: CompositeSubrequest[] = chunk.map(({ entry, body, since }) => ({
        method: 'PATCH',
        url: `/services/data/${context.client.apiVersion}/sobjects/${encodeURIComponent(typeOf(entry))}/${encodeURIComponent(String(entry[settings.idField]))}`,
        referenceId: `entry_${entry._soupEntryId}`,
        body,
        ...(since === undefined ? {} : { httpHeaders: { 'If-Unmodified-Since': since } }),
      }));
      const responses = checkedSubresponses(
        await sendAfterNote(context, notes, () => context.client.composite(false, requests)),
        requests,
        'the merged update call',
      );
      const sent: StoredEntry[] = [];
      const outcomes: Outcome[] = [];
      const refused: number[] = [];
      chunk.forEach((patch, i) => {
        const response = responses.get(requests[i]?.referenceId ?? '');
        if ((response?.httpStatusCode ?? 500) >= 500) unknown.add(patch.entry._soupEntryId);
        const outcome = answerOf(patch, response, last);
        if (outcome === 'retry') {
          // Refused (412, 404): nothing applied; the next round notes it again.
          refused.push(patch.entry._soupEntryId);
          retry.push(patch.entry._soupEntryId);
          return;
        }
        if (outcome === patch.after)
          written.push({ entry: patch.entry._soupEntryId, body: patch.body });
        sent.push(patch.entry);
        outcomes.push(outcome);
      });
      if (refused.length > 0)
        context.transaction(() => context.pending.settle(state.soupName, refused));
      answers.add(sent, outcomes);
    });
  });
  const deletesPerCall = Math.min(COLLECTION_MAX, perCall);
  for (let start = 0; start < deletes.length; start += deletesPerCall) {
    const chunk = deletes.slice(start, start + deletesPerCall);
    sizes.push(chunk.length);
    calls.push(async () => {
      const results = checkedResults(
        await context.client.deleteRecords(chunk.map((entry) => String(entry[settings.idField]))),
        chunk.length,
        'the delete call',
      );
      answers.add(
        chunk,
        chunk.map((_, i): Outcome => {
          const result = results[i];
          const error = result?.errors?.[0];
          return result?.success || (error !== undefined && RECORD_NOT_THERE.has(error.statusCode))
            ? { kind: 'deleted' }
            : { kind: 'failed', error: error ?? { message: 'no result for this record' } };
        }),
      );
    });
  }
  let ended = await inFlight(calls, slots, context, (index) => sizes[index] ?? 1).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
  // The answers that arrived are written back whatever ended the calls; the
  // notes of calls a failure or a stop kept from starting are settled (they
  // sent nothing). Should a write fail, what it held is settled by the next
  // run; the run fails with the first error, which a stop request does not
  // hide (a write-back that failed after it makes the run FAILED).
  const keep = (error: unknown) => {
    if (ended === undefined || ended.error instanceof StopRequested) ended = { error };
  };
  try {
    answers.drain();
  } catch (error) {
    keep(error);
  }
  const unsent = [...unstarted].flatMap((index) => chunkNotes[index] ?? []);
  if (unsent.length > 0)
    try {
      context.transaction(() => settle(context, unsent));
    } catch (error) {
      keep(error);
    }
  if (ended !== undefined) throw ended.error;
  return { written, retry };
}
