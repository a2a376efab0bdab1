/**
 * Every outcome sync up does not know is reconciled with the server before
 * the write is repeated (the SDK repeats it blindly):
 *
 * - A create is noted in the sync's state before its call, with the short
 *   values it sends and the server's time (the `Date` of its answers). A note
 *   that survives means the answer never came (a dropped connection, a
 *   killed process) or could not be trusted; the next sync up of the soup
 *   looks for the record on the server (`CreatedDate` from a few minutes
 *   before that server time, and the values sent) and takes its id instead
 *   of creating it again.
 * - Under LEAVE_IF_CHANGED an update is noted with a digest of the values it
 *   sends. Once it took, the server's new modification date is read back and
 *   kept as the record's own when the server still holds those values, so
 *   the record's next edit is not mistaken for a conflict with the sync's own
 *   write; a note that survives (the answer was lost) is settled the same way
 *   by the next run.
 */
import { createHash } from 'node:crypto';
import type { StoredEntry } from '../../store/smart-store.js';
import { LOCAL, LOCALLY_CREATED, LOCALLY_UPDATED, SYNC_ID } from '../constants.js';
import { isDirty, isLocalId } from '../local-edits.js';
import type { RunContext } from '../run-context.js';
import { type RestRecord, SalesforceRequestError } from '../salesforce-client.js';
import { checkedPage, checkedRetrieve, isServerId } from '../server-answers.js';
import { isApiName, parseSalesforceDateTime, soqlDateTime } from '../soql-text.js';
import type { PendingWrite } from '../sync-state.js';
import { bodyOf, operationOf, typeOf, type WriteSettings } from './dirty-records.js';
import { holderOf } from './write-back.js';

/** How long before the server's time of a create the lookup starts (the `Date` header is to the second, and app servers' clocks differ a little). */
const LOOKUP_MARGIN_MS = 5 * 60_000;
/** Ids a collection retrieve takes. */
const RETRIEVE_CHUNK = 2000;

type MatchValue = string | number | boolean | null;

/** The values a create's lookup can match on: short strings, numbers, booleans, nulls. */
function lookupValues(body: RestRecord): Record<string, MatchValue> {
  const values: Record<string, MatchValue> = {};
  for (const [field, value] of Object.entries(body)) {
    if (!isApiName(field)) continue;
    if (
      value === null ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      // A local id (a parent not created yet when this was sent) was never a server value.
      (typeof value === 'string' &&
        value.length <= 255 &&
        !isLocalId(value) &&
        !value.startsWith('@{'))
    )
      values[field] = value;
  }
  return values;
}

/** A digest of `fields`' values in a record (absent counts as null). */
export function digestOf(
  record: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): string {
  return createHash('sha256')
    .update(JSON.stringify(fields.map((field) => record[field] ?? null)))
    .digest('hex')
    .slice(0, 32);
}

/** The notes of creates about to be sent from `soup`. */
export async function createNotes(
  context: RunContext,
  soup: string,
  entries: readonly StoredEntry[],
  settings: WriteSettings,
): Promise<PendingWrite[]> {
  if (entries.length === 0) return [];
  const serverAt = await context.client.serverTime();
  return entries.map((entry) => ({
    soup,
    entry: entry._soupEntryId,
    op: 'create',
    ...(serverAt === undefined ? {} : { serverAt: Math.floor(serverAt) }),
    match: lookupValues(bodyOf(entry, settings.createFields, settings.skip)),
  }));
}

/** The notes of updates about to be sent under LEAVE_IF_CHANGED: each body's fields and digest. */
export function updateNotes(
  soup: string,
  sent: readonly { entry: number; body: RestRecord }[],
): PendingWrite[] {
  return sent.map(({ entry, body }) => {
    const fields = Object.keys(body);
    return { soup, entry, op: 'update', fields, digest: digestOf(body, fields) };
  });
}

/**
 * Sends a call with `notes` noted in the state first. An error answer (the
 * call applied nothing) settles them; a call without an answer leaves them
 * for the next run. The caller settles them with the outcomes.
 */
export async function sendNoted<T>(
  context: RunContext,
  notes: readonly PendingWrite[],
  send: () => Promise<T>,
): Promise<T> {
  context.pending.note(notes);
  try {
    return await send();
  } catch (error) {
    if (error instanceof SalesforceRequestError && error.answered) {
      context.transaction(() => settle(context, notes));
    }
    throw error;
  }
}

/** Settles notes, soup by soup (call in the transaction that writes their outcome). */
export function settle(context: RunContext, notes: readonly PendingWrite[]): void {
  for (const soup of new Set(notes.map((note) => note.soup))) {
    context.pending.settle(
      soup,
      notes.filter((note) => note.soup === soup).map((note) => note.entry),
    );
  }
}

/**
 * Reconciles the notes every sync up left for `soup`: a create found on the
 * server gives the entry its server id (it is then sent as an update; where
 * nothing can be looked up by, it is created again); an update's server
 * stamp is adopted where the server holds what was sent. `onIdChange` hears
 * of each id taken (children pointing at the local id are re-pointed by the
 * parent-children target).
 */
export async function reconcilePending(
  context: RunContext,
  soup: string,
  settings: WriteSettings,
  onIdChange: (localId: unknown, serverId: string) => void = () => {},
): Promise<void> {
  const notes = context.pending.of(soup);
  for (const note of notes) {
    if (note.op !== 'create') continue;
    const [entry] = context.store.retrieve(soup, [note.entry]);
    // Deleted here since (created and deleted): found, it is deleted on the server too.
    const soql =
      entry !== undefined && createdHere(entry, settings.idField)
        ? lookupSoql(typeOf(entry), note)
        : undefined;
    const found =
      soql === undefined
        ? []
        : checkedPage(await context.client.query(soql), 'the lookup of an unanswered create')
            .records.map((record) => record.Id)
            .filter((id): id is string => isServerId(id, 'Id'));
    context.transaction(() => {
      const [now] = context.store.retrieve(soup, [note.entry]);
      const holders = found.map((id) => ({
        id,
        holder: holderOf(context.store, soup, settings.idField, id, note.entry),
      }));
      // A server record no entry holds; else the clean copy a sync down brought of it
      // (the create's own record, come down before its answer was reconciled).
      const claim =
        holders.find(({ holder }) => holder === undefined) ??
        holders.find(({ holder }) => holder !== undefined && isDownloadedCopy(holder));
      if (claim !== undefined && now !== undefined && createdHere(now, settings.idField)) {
        if (claim.holder !== undefined) context.store.remove(soup, [claim.holder._soupEntryId]);
        takeServerId(context, soup, settings.idField, now, claim.id);
        onIdChange(now[settings.idField], claim.id);
      }
      context.pending.settle(soup, [note.entry]);
    });
  }
  const updates = notes.filter((note) => note.op === 'update');
  if (updates.length > 0) {
    await adoptStamps(
      context,
      soup,
      settings,
      updates.map((note) => ({
        entry: note.entry,
        fields: note.fields ?? [],
        digest: note.digest ?? '',
      })),
    );
  }
}

/**
 * Reads the server's modification date of records sync up has written
 * (`fields` and their `digest` as sent) and keeps it in each entry as it is
 * now where the server still holds those values; settles their notes.
 */
export async function adoptStamps(
  context: RunContext,
  soup: string,
  settings: WriteSettings,
  written: readonly { entry: number; fields: readonly string[]; digest: string }[],
): Promise<void> {
  if (written.length === 0) return;
  const { idField, modField } = settings;
  const byType = new Map<string, string[]>();
  for (const entry of context.store.retrieve(
    soup,
    written.map((w) => w.entry),
  )) {
    const id = entry[idField];
    if (!isServerId(id, idField) || typeof id !== 'string') continue;
    const ids = byType.get(typeOf(entry)) ?? [];
    ids.push(id);
    byType.set(typeOf(entry), ids);
  }
  const fields = [...new Set([modField, ...written.flatMap((w) => w.fields)])].filter(
    (field) => field === idField || isApiName(field),
  );
  const server = new Map<unknown, RestRecord>();
  for (const [type, ids] of byType) {
    for (let start = 0; start < ids.length; start += RETRIEVE_CHUNK) {
      const chunk = ids.slice(start, start + RETRIEVE_CHUNK);
      const records = checkedRetrieve(
        await context.client.retrieveRecords(type, chunk, fields),
        chunk.length,
        `the ${type} records just written`,
      );
      chunk.forEach((id, index) => {
        const record = records[index];
        if (record) server.set(id, record);
      });
    }
  }
  context.transaction(() => {
    const now = new Map(
      context.store
        .retrieve(
          soup,
          written.map((w) => w.entry),
        )
        .map((entry) => [entry._soupEntryId, entry]),
    );
    const adopted: StoredEntry[] = [];
    for (const { entry, fields: sent, digest } of written) {
      const current = now.get(entry);
      const record = current === undefined ? undefined : server.get(current[idField]);
      const stamp = record?.[modField];
      if (
        current !== undefined &&
        typeof stamp === 'string' &&
        stamp !== current[modField] &&
        digestOf(record as RestRecord, sent) === digest
      )
        adopted.push({ ...current, [modField]: stamp });
    }
    if (adopted.length > 0) context.store.upsert(soup, adopted);
    context.pending.settle(
      soup,
      written.map((w) => w.entry),
    );
  });
}

/** A clean entry a sync down brought (it carries `__sync_id__`): a copy of the server's record. */
function isDownloadedCopy(entry: StoredEntry): boolean {
  return !isDirty(entry) && typeof entry[SYNC_ID] === 'number';
}

/** A locally created entry becomes the server record `serverId` (still dirty: an update from now on). */
function takeServerId(
  context: RunContext,
  soup: string,
  idField: string,
  entry: StoredEntry,
  serverId: string,
): void {
  context.store.upsert(soup, [
    {
      ...entry,
      [idField]: serverId,
      [LOCAL]: true,
      [LOCALLY_CREATED]: false,
      [LOCALLY_UPDATED]: true,
    },
  ]);
}

/**
 * Sync down's part (call inside its page transaction): a record of the page
 * that no entry holds yet and that carries the values an unanswered create
 * of `soup` sent (created no earlier than the note's server time, when the
 * record says) is that create's record: the created entry takes its id
 * instead of the page adding it as a second entry, and the note is settled.
 */
export function attachUnansweredCreates(
  context: RunContext,
  soup: string,
  idField: string,
  records: readonly RestRecord[],
): void {
  const creates = context.pending
    .of(soup)
    .filter((note) => note.op === 'create' && Object.keys(note.match ?? {}).length > 0);
  if (creates.length === 0) return;
  for (const record of records) {
    const id = record[idField];
    if (typeof id !== 'string' || holderOf(context.store, soup, idField, id, -1) !== undefined)
      continue;
    const note = creates.find((candidate) => isItsRecord(record, candidate));
    if (note === undefined) continue;
    creates.splice(creates.indexOf(note), 1);
    const [entry] = context.store.retrieve(soup, [note.entry]);
    if (entry !== undefined && createdHere(entry, idField))
      takeServerId(context, soup, idField, entry, id);
    context.pending.settle(soup, [note.entry]);
  }
}

/** Whether a server record holds every value a create sent (and is not older than it, when it says when it was made). */
function isItsRecord(record: RestRecord, note: PendingWrite): boolean {
  const created = parseSalesforceDateTime(record.CreatedDate);
  if (
    note.serverAt !== undefined &&
    !Number.isNaN(created) &&
    created < note.serverAt - LOOKUP_MARGIN_MS
  )
    return false;
  return Object.entries(note.match ?? {}).every(
    ([field, value]) => field in record && record[field] === value,
  );
}

/** Whether the entry was created here and is not on the server yet (deleted here since, or not). */
function createdHere(entry: StoredEntry, idField: string): boolean {
  const operation = operationOf(entry, idField);
  return operation === 'create' || operation === 'deleteLocal';
}

/** `SELECT Id FROM T WHERE CreatedDate >= … AND <field> = <value sent> …`, or undefined with nothing to match. */
function lookupSoql(type: string, note: PendingWrite): string | undefined {
  if (!isApiName(type)) return undefined;
  const conditions = Object.entries(note.match ?? {})
    .filter(([field]) => isApiName(field))
    .map(([field, value]) => `${field} = ${soqlLiteral(value)}`);
  if (conditions.length === 0) return undefined;
  if (note.serverAt !== undefined)
    conditions.unshift(`CreatedDate >= ${soqlDateTime(note.serverAt - LOOKUP_MARGIN_MS)}`);
  return `SELECT Id FROM ${type} WHERE ${conditions.join(' AND ')} ORDER BY CreatedDate LIMIT 10`;
}

function soqlLiteral(value: MatchValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(value);
}
