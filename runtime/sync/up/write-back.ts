/**
 * How sync up writes what the server answered back into the soup without
 * losing an edit the app made meanwhile: each outcome is applied to the
 * entry *as it is now* (read in the same transaction), never to the copy the
 * sync read before its call. An entry nobody touched since is cleaned (or
 * removed) as the SDK does; an entry the app changed since keeps every change
 * and stays dirty, taking from the answer only what the server now holds (its
 * id, the fact that it exists).
 */
import { buildSmartQuerySpec } from '../../store/query-spec.js';
import type { SmartStore, StoredEntry } from '../../store/smart-store.js';
import { isServerId } from '../adapters/server-answers.js';
import {
  BASE,
  LAST_ERROR,
  LOCAL,
  LOCALLY_CREATED,
  LOCALLY_DELETED,
  LOCALLY_UPDATED,
} from '../contracts/constants.js';
import type { RunContext } from '../engine/run-context.js';
import { cleanRecord } from '../local-edits.js';
import type { FieldKinds } from '../merge/field-kinds.js';
import { baseValue } from '../merge/record-merge.js';
import { isMergedSetValue, rebasedSet, sameValue } from '../merge/three-way.js';
import { isSet, operationOf } from './dirty-records.js';

/** What the server said of one record sync up sent. */
export type Outcome =
  /** A create (or upsert) took: the server id, and fields to set where they still hold what was sent. */
  | {
      readonly kind: 'created';
      readonly id: unknown;
      readonly patch?: Readonly<Record<string, unknown>>;
    }
  /**
   * An update took. `sent` (MERGE_FIELDS): what this write set on the server,
   * folded into a base another sync moved meanwhile (`SentWrite`).
   */
  | {
      readonly kind: 'updated';
      readonly patch?: Readonly<Record<string, unknown>>;
      readonly sent?: SentWrite;
    }
  /** A delete took, or the record was not there to delete. */
  | { readonly kind: 'deleted' }
  /** The server refused it: the error goes to `__last_error__`, the record stays dirty. */
  | { readonly kind: 'failed'; readonly error: unknown }
  /** The server no longer has it (OVERWRITE): it is marked to be created again. */
  | { readonly kind: 'recreate' }
  /** Left as it is (LEAVE_IF_CHANGED: the server no longer has it). */
  | { readonly kind: 'left' }
  /** To be sent again as an update (a lookup child whose parent is created again). */
  | { readonly kind: 'dirty' }
  /** MERGE_FIELDS: not sent; the fields the merge takes in where unchanged since read, the conflicts kept, the record dirty. */
  | {
      readonly kind: 'conflict';
      readonly patch: Readonly<Record<string, unknown>>;
      readonly marks: Readonly<Record<string, unknown>>;
    }
  /** The answer cannot be trusted (a create's id missing, malformed or taken): as `failed`, and the write stays noted. */
  | { readonly kind: 'unknown'; readonly error: unknown };

/**
 * A MERGE_FIELDS PATCH that took: the `values` sent, the server's values of
 * the record's fields when the sync read it (`seen`), and each sent field's
 * kind (values compare as the server holds them: sets, instants).
 */
export interface SentWrite {
  readonly values: Readonly<Record<string, unknown>>;
  readonly seen: Readonly<Record<string, unknown>>;
  readonly kinds: FieldKinds;
}

/** Whether the entry is as the sync read it: every field, stamps included. */
function isUnchanged(current: StoredEntry, read: StoredEntry): boolean {
  // A different stamp is a change; the same stamp may still be a change made in the same millisecond.
  return current._soupLastModifiedDate === read._soupLastModifiedDate && sameJson(current, read);
}

/** Deep equality of two JSON values (key order aside). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) =>
      Object.hasOwn(b, key) &&
      sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/** What `writeBack` did: the entries as saved (by entry id), and the entries of `unknown` outcomes. */
export interface WrittenBack {
  readonly saved: Map<number, StoredEntry>;
  readonly unsettled: Set<number>;
}

function errorText(error: unknown): string {
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/**
 * Applies `outcomes[i]` to the entry that `sent[i]` was read as, in `soup`
 * (call it inside the run's transaction). A created id that is not a server
 * id, or that the answer gives twice, or that another entry already holds,
 * turns the outcome `unknown`.
 */
export function writeBack(
  store: SmartStore,
  soup: string,
  idField: string,
  sent: readonly StoredEntry[],
  outcomes: readonly Outcome[],
  /** The soup's highest entry id when the call was sent (a created id held by a clean entry added since is a copy of its record). */
  addedAfter = Number.POSITIVE_INFINITY,
): WrittenBack {
  const current = new Map(
    store
      .retrieve(
        soup,
        sent.map((entry) => entry._soupEntryId),
      )
      .map((entry) => [entry._soupEntryId, entry]),
  );
  const createdIds = outcomes.flatMap((o) => (o.kind === 'created' ? [o.id] : []));
  const repeated = new Set(createdIds.filter((id, i) => createdIds.indexOf(id) !== i));
  const holding = holdersOf(store, soup, idField, createdIds);
  const saved: StoredEntry[] = [];
  const removed: number[] = [];
  const unsettled = new Set<number>();
  const copies: number[] = [];
  sent.forEach((read, index) => {
    const now = current.get(read._soupEntryId);
    let outcome = outcomes[index] ?? {
      kind: 'unknown',
      error: { message: 'no answer for this record' },
    };
    if (outcome.kind === 'created') {
      // An entry added since the call was sent, holding the id, is the copy a sync down brought of this very record.
      const others = store.retrieve(
        soup,
        (holding.get(outcome.id) ?? []).filter((holder) => holder !== read._soupEntryId),
      );
      const problem = !isServerId(outcome.id, idField)
        ? 'is not a record id'
        : repeated.has(outcome.id)
          ? 'was given to another record of the same call'
          : !others.every((other) => other._soupEntryId > addedAfter && !isSet(other[LOCAL]))
            ? 'is held by another entry of the soup'
            : undefined;
      if (problem === undefined) copies.push(...others.map((other) => other._soupEntryId));
      if (problem !== undefined)
        outcome = {
          kind: 'unknown',
          error: {
            errorCode: 'INVALID_RESPONSE',
            message: `The server answered id ${JSON.stringify(outcome.id)} for this create, which ${problem}; soupkit looks the record up before creating it again`,
          },
        };
    }
    if (outcome.kind === 'unknown') unsettled.add(read._soupEntryId);
    if (now === undefined) return; // The app removed the entry meanwhile.
    const next = applied(now, read, outcome, idField);
    if (next === undefined) removed.push(now._soupEntryId);
    else if (next !== now) saved.push(next);
  });
  if (copies.length > 0) store.remove(soup, copies);
  const written = saved.length > 0 ? store.upsert(soup, saved) : [];
  if (removed.length > 0) store.remove(soup, removed);
  return { saved: new Map(written.map((entry) => [entry._soupEntryId, entry])), unsettled };
}

/** Ids asked of the soup a query. */
const HOLDERS_CHUNK = 500;

/**
 * The entries of the soup holding each of `ids` in `idField` (one query per
 * 500 ids; sync needs the id field indexed, and without the index nothing is
 * found).
 */
export function holdersOf(
  store: SmartStore,
  soup: string,
  idField: string,
  ids: readonly unknown[],
): Map<unknown, number[]> {
  const holders = new Map<unknown, number[]>();
  const asked = [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
  if (asked.length === 0 || !store.hasIndexForPath(soup, idField)) return holders;
  for (let start = 0; start < asked.length; start += HOLDERS_CHUNK) {
    const chunk = asked.slice(start, start + HOLDERS_CHUNK);
    const rows = store.query(
      buildSmartQuerySpec({
        smartSql: `SELECT {${soup}:_soupEntryId}, {${soup}:${idField}} FROM {${soup}} WHERE {${soup}:${idField}} IN (${chunk.map(() => '?').join(', ')})`,
        pageSize: chunk.length * 2 + 1,
      }),
      0,
      chunk,
    ) as [number, unknown][];
    for (const [entry, id] of rows) holders.set(id, [...(holders.get(id) ?? []), entry]);
  }
  return holders;
}

/**
 * Sets each patched field where the entry still holds what was read, and,
 * in a record that keeps a base, where no other sync moved that field's
 * base since (a sync down from another manager): the record's value then
 * follows a newer server state than this merge, and an edit the app made
 * over it may hold exactly the value read.
 */
function patched(
  entry: StoredEntry,
  read: StoredEntry,
  patch: Readonly<Record<string, unknown>> | undefined,
  sent?: SentWrite,
): StoredEntry {
  if (patch === undefined) return entry;
  const next: Record<string, unknown> = { ...entry };
  const keepsBase = typeof read[BASE] === 'object' && read[BASE] !== null;
  for (const [field, value] of Object.entries(patch)) {
    if (field === BASE) {
      if (sameJson(entry[BASE], read[BASE]))
        next[BASE] = baseUnderEdits(value, entry, read, patch, sent);
      else if (sent !== undefined) next[BASE] = baseWithSent(entry, read, sent);
    } else if (isMergedSet(field, read, sent))
      // The set sent, with the app's changes since (and where a sync moved its base since).
      next[field] = rebasedSet(
        value,
        entry[field],
        { here: read[field] ?? null, base: baseValue(read, field) },
        // A base gone since (a native app rewrote the record) has not moved.
        baseValue(entry, field, baseValue(read, field)),
      );
    else if (
      sameJson(entry[field], read[field]) &&
      !(keepsBase && !sameJson(baseValue(entry, field), baseValue(read, field)))
    )
      next[field] = value;
  }
  return next as StoredEntry;
}

/**
 * Whether `field` is a multi-select this write sent merged with the
 * server's set (what it sent differs from what the record held when read).
 * Edited here while the call was out, the record takes the set sent with
 * the app's changes since, over the set sent as its base: kept as it was
 * over the old base, the app's removal of its own addition would look like
 * no change, and the server's copy of that addition would come back.
 */
function isMergedSet(field: string, read: StoredEntry, sent: SentWrite | undefined): boolean {
  return (
    sent !== undefined &&
    Object.hasOwn(sent.values, field) &&
    isMergedSetValue(sent.kinds(field), sent.values[field], read[field])
  );
}

/**
 * A MERGE_FIELDS base another sync moved while this write was out (a sync
 * down from another manager): a value sent goes into it where its field
 * still holds, by value, what this sync knew of the server (the base it
 * read, or the server's value it read). The server held exactly that when it
 * applied the conditional PATCH, so the write is newer; a value the other
 * sync brought that differs is someone else's later edit, and stays. Left
 * as it was, the base would not know the server holds this device's own
 * write, and an edit back to the old value would look like no change and be
 * overwritten by it.
 */
function baseWithSent(entry: StoredEntry, read: StoredEntry, sent: SentWrite): unknown {
  const now = entry[BASE];
  if (typeof now !== 'object' || now === null || Array.isArray(now)) return now;
  const before = (read[BASE] ?? {}) as Record<string, unknown>;
  const next: Record<string, unknown> = { ...(now as Record<string, unknown>) };
  for (const [field, value] of Object.entries(sent.values)) {
    const kind = sent.kinds(field);
    if (
      sameValue(next[field], before[field], kind) ||
      sameValue(next[field], sent.seen[field], kind)
    )
      next[field] = value;
  }
  return next;
}

/**
 * A MERGE_FIELDS base as written back under edits made meanwhile: where the
 * merge took a server value into a field the app has edited since the read
 * (so the server value is not applied), that field keeps the base the app's
 * edit was made on (a multi-select sent merged is rebased instead:
 * `isMergedSet`). Its new base would say the device had seen the server's
 * value, and the next merge would send the edit over it unseen instead of
 * reporting a conflict.
 */
function baseUnderEdits(
  base: unknown,
  entry: StoredEntry,
  read: StoredEntry,
  patch: Readonly<Record<string, unknown>>,
  sent?: SentWrite,
): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base)) return base;
  const before = (read[BASE] ?? {}) as Record<string, unknown>;
  const kept: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const field of Object.keys(kept)) {
    const takenIn = Object.hasOwn(patch, field) && !sameJson(patch[field], read[field]);
    if (!takenIn || sameJson(entry[field], read[field]) || isMergedSet(field, read, sent)) continue;
    if (Object.hasOwn(before, field)) kept[field] = before[field];
    else delete kept[field];
  }
  return kept;
}

/** The entry after the outcome (undefined: removed; the same object: left as it is). */
function applied(
  now: StoredEntry,
  read: StoredEntry,
  outcome: Outcome,
  idField: string,
): StoredEntry | undefined {
  const unchanged = isUnchanged(now, read);
  const { [LAST_ERROR]: _error, ...withoutError } = now;
  switch (outcome.kind) {
    case 'created': {
      const withId = patched(now, read, { ...outcome.patch, [idField]: outcome.id });
      if (unchanged) return cleanRecord(withId);
      // Edited while the create was on its way: it exists on the server now, with the edits still to send.
      const { [LAST_ERROR]: _stale, ...rest } = withId;
      return {
        ...rest,
        [LOCAL]: true,
        [LOCALLY_CREATED]: false,
        [LOCALLY_UPDATED]: !isSet(now[LOCALLY_DELETED]),
      } as StoredEntry;
    }
    case 'updated':
      return unchanged
        ? cleanRecord(patched(now, read, outcome.patch, outcome.sent))
        : (patched(withoutError as StoredEntry, read, outcome.patch, outcome.sent) as StoredEntry);
    case 'deleted':
      if (unchanged || isSet(now[LOCALLY_DELETED])) return undefined;
      // Restored while the delete was on its way: the server's copy is gone, so it is created again.
      return {
        ...withoutError,
        [LOCAL]: true,
        [LOCALLY_CREATED]: true,
        [LOCALLY_DELETED]: false,
      } as StoredEntry;
    case 'failed':
    case 'unknown':
      return { ...now, [LAST_ERROR]: errorText(outcome.error) };
    case 'recreate':
      // Deleted here meanwhile: gone on both sides, nothing to create.
      if (isSet(now[LOCALLY_DELETED])) return undefined;
      return { ...now, [LOCAL]: true, [LOCALLY_CREATED]: true };
    case 'left':
      return now;
    case 'conflict':
      return { ...patched(now, read, outcome.patch), ...outcome.marks } as StoredEntry;
    case 'dirty':
      return { ...now, [LOCAL]: true, [LOCALLY_UPDATED]: true };
    default:
      return outcome satisfies never;
  }
}

/**
 * Removes the batch's records created and deleted here (never sent; each as
 * it is now, see `writeBack`) in one transaction; returns the rest.
 */
export function withoutLocalDeletes(
  context: RunContext,
  soup: string,
  idField: string,
  batch: readonly StoredEntry[],
): StoredEntry[] {
  const local = batch.filter((entry) => operationOf(entry, idField) === 'deleteLocal');
  if (local.length > 0)
    context.transaction(() =>
      writeBack(
        context.store,
        soup,
        idField,
        local,
        local.map(() => ({ kind: 'deleted' })),
      ),
    );
  return batch.filter((entry) => !local.includes(entry));
}
