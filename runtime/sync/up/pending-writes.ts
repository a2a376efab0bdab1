/**
 * Every outcome sync up does not know is reconciled with the server before
 * the write is repeated (the SDK repeats it blindly). Writes are noted in the
 * ledger (`pending-ledger.ts`) before their call, with the fields sent, a
 * digest of their values and the server's time (the `Date` of its answers):
 *
 * - A create whose note survives (the answer never came, could not be
 *   trusted, or said 5xx) is looked up by the next sync up of the soup: the
 *   server's records of its type created from a few minutes before that time,
 *   whose sent fields hold the values sent. One found becomes the entry's
 *   record (sent as an update from then on), never created twice. A sync down
 *   that brings that record first gives it to the created entry.
 * - Under LEAVE_IF_CHANGED an update is noted too. Once it took, the server's
 *   new modification date is read back and kept as the record's own when the
 *   server still holds the values sent, so the record's next edit is not
 *   mistaken for a conflict with the sync's own write; a note that survives
 *   (the answer was lost) is settled the same way by the next run.
 * - Under MERGE_FIELDS each conditional PATCH is noted. A note that survives
 *   is settled by the next sync up before any merge (or by a sync down that
 *   brings the record first, `foldOwnWrite`): where the server holds the
 *   values sent, they go into the record's base copy, so a later edit here
 *   (back to the old value too) is this device's change, never the server's.
 *   A sync down leaves the note of a sync up that still runs when the server
 *   does not hold its values yet: that call may not have been answered.
 *
 * Values compare as the server writes them back: date-times by instant,
 * multi-select values as sets.
 */
import { hash } from 'node:crypto';
import type { StoredEntry } from '../../store/smart-store.js';
import { checkedPage, checkedRetrieve, isServerId } from '../adapters/server-answers.js';
import {
  BASE,
  CONFLICTS,
  LAST_ERROR,
  LOCAL,
  LOCALLY_CREATED,
  LOCALLY_UPDATED,
} from '../contracts/constants.js';
import { type RestRecord, SalesforceRequestError } from '../contracts/salesforce-client.js';
import { isApiName, parseSalesforceDateTime, soqlDateTime } from '../contracts/soql-text.js';
import type { SyncState } from '../contracts/sync-state.js';
import { pagesFrom } from '../down/query-pages.js';
import { highestEntryId, mayStillLand, type PendingWrite } from '../engine/pending-ledger.js';
import type { RunContext } from '../engine/run-context.js';
import { isLeaseLive } from '../engine/sync-lease.js';
import { findSyncState } from '../engine/sync-states.js';
import { isDirty, isLocalId } from '../local-edits.js';
import { baseValue, conflictsOf, withConflicts } from '../merge/record-merge.js';
import { rebasedSet, type SetWhenSent } from '../merge/three-way.js';
import { bodyOf, operationOf, typeOf, type WriteSettings } from './dirty-records.js';
import { holdersOf } from './write-back.js';

/** How long before the server's time of a create its record may be dated (the `Date` header is to the second, and app servers' clocks differ a little). */
const LOOKUP_MARGIN_MS = 5 * 60_000;
/** How long after it: the call may have waited that long on the server. */
const LOOKUP_AFTER_MS = 60 * 60_000;
/** Ids a collection retrieve takes. */
const RETRIEVE_CHUNK = 2000;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A value as the server writes it back: an instant for a date-time, a set for a multi-select. */
function comparable(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  if (DATE_TIME.test(value)) {
    const ms = parseSalesforceDateTime(value);
    if (!Number.isNaN(ms)) return { instant: ms };
  }
  return value.includes(';') ? value.split(';').sort().join(';') : value;
}

/**
 * A digest of `fields`' values in a record (absent counts as null), so a
 * write can be recognised on the server without keeping its values.
 *
 * @example
 * digestOf({ Name: 'Acme' }, ['Name']) === digestOf({ Name: 'Acme', Phone: '1' }, ['Name']); // true
 */
export function digestOf(
  record: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): string {
  return hash('sha1', JSON.stringify(fields.map((field) => comparable(record[field]))), 'hex');
}

/**
 * The fields of a noted write that the server's `record` holds as sent:
 * every one when the write's digest matches, else those whose own digest
 * does (`fieldDigests`). A field held goes into the base whether the write
 * took or someone made the same change (the server holds that value either
 * way); only the whole write held proves it took.
 */
export function fieldsHeld(
  note: Pick<PendingWrite, 'fields' | 'digest' | 'fieldDigests'>,
  record: RestRecord,
): { readonly whole: boolean; readonly fields: readonly string[] } {
  if (digestOf(record, note.fields) === note.digest) return { whole: true, fields: note.fields };
  return {
    whole: false,
    fields: note.fields.filter(
      (field, i) =>
        note.fieldDigests?.[i] !== undefined && digestOf(record, [field]) === note.fieldDigests[i],
    ),
  };
}

/**
 * The notes of writes about to be sent from `soup`, each with the body it
 * sends. `perField`: updates of several fields also note each field's
 * digest (`fieldDigests`), which only a MERGE_FIELDS base reads.
 */
export async function notesOf(
  context: RunContext,
  state: Pick<SyncState, 'id'>,
  soup: string,
  op: 'create' | 'update',
  sent: readonly {
    entry: number;
    body: RestRecord;
    localSets?: Readonly<Record<string, SetWhenSent>>;
  }[],
  { perField = false }: { perField?: boolean } = {},
): Promise<PendingWrite[]> {
  if (sent.length === 0) return [];
  const serverAt = op === 'create' ? await context.client.serverTime() : undefined;
  const after = highestEntryId(context.store, soup);
  return sent.map(({ entry, body, localSets }) => {
    // A local id (a parent not created yet) is not what the server will hold.
    const fields = Object.keys(body).filter(
      (field) =>
        isApiName(field) && !isLocalId(body[field]) && !String(body[field]).startsWith('@{'),
    );
    return {
      soup,
      entry,
      op,
      ...(serverAt === undefined ? {} : { serverAt: Math.floor(serverAt) }),
      after,
      fields,
      digest: digestOf(body, fields),
      ...(perField && op === 'update' && fields.length > 1
        ? { fieldDigests: fields.map((field) => digestOf(body, [field])) }
        : {}),
      syncId: state.id,
      notedAt: Date.now(),
      ...(localSets === undefined || Object.keys(localSets).length === 0 ? {} : { localSets }),
    };
  });
}

/** The notes of creates about to be sent (their create bodies). */
export function createNotes(
  context: RunContext,
  state: Pick<SyncState, 'id'>,
  soup: string,
  entries: readonly StoredEntry[],
  settings: WriteSettings,
): Promise<PendingWrite[]> {
  return notesOf(
    context,
    state,
    soup,
    'create',
    entries.map((entry) => ({
      entry: entry._soupEntryId,
      body: bodyOf(entry, settings.createFields, settings.skip),
    })),
  );
}

/**
 * Whether a failed call surely applied nothing: the server answered it with
 * an error below 500 (a 5xx, or no answer, leaves its outcome unknown).
 */
export function surelyNotApplied(error: unknown): boolean {
  return (
    error instanceof SalesforceRequestError &&
    error.answered &&
    error.status !== undefined &&
    error.status < 500
  );
}

/**
 * Sends a call with `notes` noted first. A call that surely applied nothing
 * settles them; any other failure leaves them for the next run. The caller
 * settles them with the outcomes.
 */
export async function sendNoted<T>(
  context: RunContext,
  notes: readonly PendingWrite[],
  send: () => Promise<T>,
): Promise<T> {
  context.pending.note(notes);
  return sendAfterNote(context, notes, send);
}

/** Sends a call whose `notes` are noted already (`sendNoted` without the noting). */
export async function sendAfterNote<T>(
  context: RunContext,
  notes: readonly PendingWrite[],
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (surelyNotApplied(error)) context.transaction(() => settle(context, notes));
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
 * server gives the entry its server id (a clean copy a sync down brought of
 * that record goes); an update's server stamp is adopted where the server
 * holds what was sent. Resolves with the entries to hold back this run: a
 * create whose outcome is still unknown (its record found but another dirty
 * entry holds it, or nothing to look it up by) stays dirty with
 * `__last_error__` and its note, and is not sent again. `onIdChange` hears of
 * each id taken.
 */
export async function reconcilePending(
  context: RunContext,
  soup: string,
  settings: WriteSettings,
  onIdChange: (localId: unknown, serverId: string) => void = () => {},
): Promise<Set<number>> {
  const held = new Set<number>();
  const notes = context.pending.of(soup);
  for (const note of notes) {
    if (note.op !== 'create') continue;
    const [entry] = context.store.retrieve(soup, [note.entry]);
    if (entry === undefined || !createdHere(entry, settings.idField)) {
      context.transaction(() => context.pending.settle(soup, [note.entry]));
      continue;
    }
    const found =
      note.serverAt === undefined || note.fields.length === 0
        ? undefined
        : await lookUp(context, typeOf(entry), note);
    context.transaction(() => {
      const [now] = context.store.retrieve(soup, [note.entry]);
      if (now === undefined || !createdHere(now, settings.idField)) {
        context.pending.settle(soup, [note.entry]);
        return;
      }
      if (found === undefined) {
        hold(context, soup, now, 'nothing to look it up by (no server time, or no field sent)');
        held.add(note.entry);
        return;
      }
      // Each record found, with the other entries holding it: none (it is this create's), only
      // entries added after the create was sent (copies a sync down brought of it), or an
      // entry that was there before (another local record with the same values: not this one).
      const holders = holdersOf(context.store, soup, settings.idField, found);
      const candidates = found.map((id) => ({
        id,
        holders: context.store.retrieve(
          soup,
          (holders.get(id) ?? []).filter((holder) => holder !== note.entry),
        ),
      }));
      const copies = candidates.filter(
        (c) => c.holders.length > 0 && c.holders.every((h) => h._soupEntryId > note.after),
      );
      const claim =
        candidates.find((c) => c.holders.length === 0) ??
        copies.find((c) => c.holders.every((h) => !isDirty(h)));
      if (claim === undefined && copies.length > 0) {
        hold(
          context,
          soup,
          now,
          `a copy of its record ${copies[0]?.id} came down and was changed here`,
        );
        held.add(note.entry);
        return;
      }
      if (claim !== undefined) {
        if (claim.holders.length > 0)
          context.store.remove(
            soup,
            claim.holders.map((h) => h._soupEntryId),
          );
        takeServerId(context, soup, settings.idField, now, claim.id);
        onIdChange(now[settings.idField], claim.id);
      }
      // Not on the server: it is created again.
      context.pending.settle(soup, [note.entry]);
    });
  }
  const updates = notes.filter((note) => note.op === 'update');
  if (updates.length > 0)
    await adoptStamps(context, soup, settings, updates, { foldBase: true, keepYoung: true });
  return held;
}

/** Keeps an entry whose create's outcome is unknown dirty and out of this run, saying why. */
function hold(context: RunContext, soup: string, entry: StoredEntry, why: string): void {
  context.store.upsert(soup, [
    {
      ...entry,
      [LAST_ERROR]: JSON.stringify({
        errorCode: 'OUTCOME_UNKNOWN',
        message: `soupkit cannot tell whether the server created this record before its answer was lost: ${why}; it is not sent again until that is settled`,
      }),
    },
  ]);
}

/** The ids of the server's records of `type` created around the note's time whose sent fields hold what was sent. */
async function lookUp(context: RunContext, type: string, note: PendingWrite): Promise<string[]> {
  if (!isApiName(type)) return [];
  const from = soqlDateTime((note.serverAt as number) - LOOKUP_MARGIN_MS);
  const to = soqlDateTime((note.serverAt as number) + LOOKUP_AFTER_MS);
  // Values are compared here, not in the query: not every field can be filtered on.
  const first = checkedPage(
    await context.client.query(
      `SELECT Id, ${note.fields.join(', ')} FROM ${type} WHERE CreatedDate >= ${from} AND CreatedDate <= ${to} ORDER BY CreatedDate`,
    ),
    'the lookup of an unanswered create',
  );
  const found: string[] = [];
  for await (const page of pagesFrom(context.client, first)) {
    for (const record of page.records) {
      if (isServerId(record.Id, 'Id') && digestOf(record, note.fields) === note.digest)
        found.push(record.Id as string);
    }
  }
  return found;
}

/**
 * Reads the server's modification date of records sync up has written
 * (`fields` and their `digest` as sent) and keeps it in each entry as it is
 * now where the server still holds those values; settles their notes. With
 * `foldBase` (unanswered writes), an entry that keeps a base copy
 * (`__base__`, MERGE_FIELDS) takes the values sent into it there too: its
 * own write took, so the server's copy of those fields is what it sent.
 */
export async function adoptStamps(
  context: RunContext,
  soup: string,
  settings: WriteSettings,
  written: readonly {
    entry: number;
    fields: readonly string[];
    digest: string;
    fieldDigests?: readonly string[] | undefined;
    notedAt?: number | undefined;
    localSets?: Readonly<Record<string, SetWhenSent>> | undefined;
  }[],
  {
    foldBase = false,
    keepYoung = false,
  }: {
    foldBase?: boolean;
    /** Notes the server does not match yet stay while it may still apply them (`mayStillLand`). */
    keepYoung?: boolean;
  } = {},
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
  const fields = [...new Set([modField, ...written.flatMap((w) => w.fields)])].filter(isApiName);
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
    const kept = new Set<number>();
    for (const write of written) {
      const { entry, notedAt } = write;
      const current = now.get(entry);
      const record = current === undefined ? undefined : server.get(current[idField]);
      if (current === undefined || record === undefined) continue;
      const held = fieldsHeld(write, record);
      // Some fields held: the record changed since the read, so the conditional call cannot land late.
      if (!held.whole && held.fields.length === 0 && keepYoung && mayStillLand({ notedAt }))
        kept.add(entry);
      // Not all held: the fields the server holds as sent still go into the base.
      if (!held.whole && (!foldBase || held.fields.length === 0)) continue;
      const stamp = record[modField];
      const next: StoredEntry = {
        ...current,
        ...(held.whole && typeof stamp === 'string' ? { [modField]: stamp } : {}),
        ...(foldBase ? foldHeld(write, current, record, held) : {}),
      };
      if (
        next[modField] !== current[modField] ||
        next[BASE] !== current[BASE] ||
        next[CONFLICTS] !== current[CONFLICTS]
      ) {
        adopted.push(next);
        now.set(entry, next);
      }
    }
    if (adopted.length > 0) context.store.upsert(soup, adopted);
    context.pending.settle(
      soup,
      written.map((w) => w.entry).filter((entry) => !kept.has(entry)),
    );
  });
}

/** The server's values of `fields`. */
function valuesOf(record: RestRecord, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, record[field] ?? null]));
}

/**
 * What a note whose fields the server holds (`held`) does to the entry: its
 * base takes in the fields held, and a multi-select sent merged is rebased.
 * When only some fields are held, a field the record changed since it was
 * sent is also reported as a conflict: the server's value may be this
 * device's write, which the app's edit should replace, or someone else's
 * same value set after the call was lost, which it should not.
 */
function foldHeld(
  note: Pick<PendingWrite, 'fields' | 'fieldDigests' | 'localSets'>,
  entry: StoredEntry,
  record: RestRecord,
  held: { readonly whole: boolean; readonly fields: readonly string[] },
): Record<string, unknown> {
  const changed = held.whole
    ? []
    : held.fields.filter(
        (field) => digestOf(entry, [field]) !== note.fieldDigests?.[note.fields.indexOf(field)],
      );
  // As a merge's conflict does, the base takes the server's value: resolved 'local', the record's is sent.
  const folded = withSentInBase(entry, valuesOf(record, held.fields), note.localSets);
  const open = conflictsOf(entry);
  const unknown = changed
    .filter((field) => !open.some((c) => c.field === field))
    .map((field) => ({
      field,
      base: baseValue(entry, field),
      local: entry[field] ?? null,
      server: record[field] ?? null,
    }));
  return unknown.length === 0 ? folded : { ...folded, ...withConflicts([...open, ...unknown]) };
}

/**
 * The base copy of an entry that keeps one, with values a write of its sent
 * (`sent`, as the server holds them) taken in; no base when it keeps none (the
 * entry's own values are then its only record of them). A multi-select the
 * write sent merged (`localSets`) is rebased here too.
 */
function withSentInBase(
  entry: StoredEntry,
  sent: Readonly<Record<string, unknown>>,
  localSets: Readonly<Record<string, SetWhenSent>> = {},
): Record<string, unknown> {
  // A multi-select sent merged with the server's set: the record takes the set sent, with its own changes since.
  const rebased: Record<string, unknown> = {};
  for (const [field, then] of Object.entries(localSets))
    if (Object.hasOwn(sent, field))
      // A base gone since (a native app rewrote the record) has not moved.
      rebased[field] = rebasedSet(
        sent[field],
        entry[field],
        then,
        baseValue(entry, field, then.base),
      );
  const base = entry[BASE];
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return rebased;
  return { ...rebased, [BASE]: { ...(base as Record<string, unknown>), ...sent } };
}

/**
 * Sync down's part under MERGE_FIELDS (call inside its page transaction,
 * before merging a record changed here): when an update of the entry's
 * whose answer was lost is noted and the server's `record` holds what it
 * sent, that write took — the entry is returned with the values sent in its
 * base (so the app's later edit of them, even back to the old base value,
 * is its own change, not the server's) and the note is settled. A record
 * that holds other values settles the note and keeps the base; a record
 * that lacks a field sent (the query did not read it) leaves the note for
 * sync up. `notes`: the soup's notes, when the caller read them once for a
 * whole page.
 */
export function foldOwnWrite(
  context: RunContext,
  soup: string,
  entry: StoredEntry,
  record: RestRecord,
  notes: readonly PendingWrite[] = context.pending.of(soup),
): StoredEntry {
  const note = notes.find(
    (candidate) => candidate.op === 'update' && candidate.entry === entry._soupEntryId,
  );
  if (note === undefined || !note.fields.every((field) => Object.hasOwn(record, field)))
    return entry;
  const held = fieldsHeld(note, record);
  // Any field held: the record changed after the read, so the conditional call cannot land late.
  const took = held.whole || held.fields.length > 0;
  // The sync that noted it still runs (its call may be queued or on its way),
  // or the server may still apply it late: the note outlives this page.
  if (took || !(mayStillLand(note) || isStillSending(context, note)))
    context.pending.settle(soup, [note.entry]);
  return took ? { ...entry, ...foldHeld(note, entry, record, held) } : entry;
}

/** Whether the sync up that noted `note` runs now (here or in another live runner). */
function isStillSending(context: RunContext, note: PendingWrite): boolean {
  const state = findSyncState(context.store, note.syncId);
  return state?.status === 'RUNNING' && isLeaseLive(state.lease, state.id);
}

/** A locally created entry becomes the server record `serverId` (still dirty: an update from now on). */
function takeServerId(
  context: RunContext,
  soup: string,
  idField: string,
  entry: StoredEntry,
  serverId: string,
): void {
  const { [LAST_ERROR]: _unknown, ...rest } = entry;
  context.store.upsert(soup, [
    {
      ...rest,
      [idField]: serverId,
      [LOCAL]: true,
      [LOCALLY_CREATED]: false,
      [LOCALLY_UPDATED]: true,
    },
  ]);
}

/**
 * Sync down's part (call inside its page transaction): a record of the page
 * that no entry holds yet, dated no earlier than an unanswered create of
 * `soup` and holding the values it sent, is that create's record: the
 * created entry takes its id (and `onIdChange` hears of it) instead of the
 * page adding it as a second entry, and the note is settled.
 */
export function attachUnansweredCreates(
  context: RunContext,
  soup: string,
  idField: string,
  records: readonly RestRecord[],
  onIdChange: (localId: unknown, serverId: string) => void = () => {},
): void {
  const creates = context.pending
    .of(soup)
    .filter(
      (note) => note.op === 'create' && note.serverAt !== undefined && note.fields.length > 0,
    );
  if (creates.length === 0) return;
  const held = holdersOf(
    context.store,
    soup,
    idField,
    records.map((record) => record[idField]),
  );
  for (const record of records) {
    const id = record[idField];
    if (typeof id !== 'string' || held.has(id)) continue;
    const note = creates.find((candidate) => isItsRecord(record, candidate));
    if (note === undefined) continue;
    creates.splice(creates.indexOf(note), 1);
    const [entry] = context.store.retrieve(soup, [note.entry]);
    if (entry !== undefined && createdHere(entry, idField)) {
      takeServerId(context, soup, idField, entry, id);
      onIdChange(entry[idField], id);
    }
    context.pending.settle(soup, [note.entry]);
  }
}

/**
 * Whether a server record is a create's: every field sent is in it with the
 * value sent, and it was made (or at least last changed) no earlier than the
 * create's server time allows.
 */
function isItsRecord(record: RestRecord, note: PendingWrite): boolean {
  const made = parseSalesforceDateTime(record.CreatedDate ?? record.LastModifiedDate);
  return (
    !Number.isNaN(made) &&
    made >= (note.serverAt as number) - LOOKUP_MARGIN_MS &&
    note.fields.every((field) => field in record) &&
    digestOf(record, note.fields) === note.digest
  );
}

/** Whether the entry was created here and is not on the server yet (deleted here since, or not). */
function createdHere(entry: StoredEntry, idField: string): boolean {
  const operation = operationOf(entry, idField);
  return operation === 'create' || operation === 'deleteLocal';
}
