/**
 * What MERGE_FIELDS does with each dirty record once the server's copy is
 * read (no call, no store write here): settle it without a call (a
 * conflict, nothing to send, gone on both sides), send the fields changed
 * here as a PATCH conditional on the server's date just read, or delete it
 * (the server has not changed it since the base).
 */
import type { StoredEntry } from '../../store/smart-store.js';
import { BASE, CONFLICTS, WHOLE_RECORD } from '../contracts/constants.js';
import type { RestRecord } from '../contracts/salesforce-client.js';
import type { FieldKinds } from '../merge/field-kinds.js';
import {
  baseOf,
  baseValue,
  conflictsOf,
  mergeRecord,
  serverChangedSince,
  wholeRecordConflict,
  withConflicts,
} from '../merge/record-merge.js';
import { type FieldConflict, isMergedSetValue, type SetWhenSent } from '../merge/three-way.js';
import { operationOf, typeOf, type WriteSettings } from './dirty-records.js';
import type { Outcome } from './write-back.js';

/** A record settled without a call, and how. */
export interface Settled {
  readonly entry: StoredEntry;
  readonly outcome: Outcome;
}

/** A conditional PATCH of the fields changed here. */
export interface Patch {
  readonly entry: StoredEntry;
  readonly body: RestRecord;
  /** `If-Unmodified-Since`: the server's date just read (whole seconds). */
  readonly since: string | undefined;
  /** The outcome once it took. */
  readonly after: Outcome;
  /** Multi-selects sent as a merge with the server's set: the record's value and its base's. */
  readonly localSets: Readonly<Record<string, SetWhenSent>>;
}

export interface MergePlan {
  readonly settled: Settled[];
  readonly patches: Patch[];
  readonly deletes: StoredEntry[];
}

const PLAIN: FieldKinds = () => 'plain';

/** An HTTP date (whole seconds) of a modification date. */
export function httpDate(value: unknown): string | undefined {
  const ms = typeof value === 'string' ? Date.parse(value.replace(/\+0000$/, 'Z')) : Number.NaN;
  return Number.isNaN(ms) ? undefined : new Date(ms).toUTCString();
}

/** The fields of `set` whose value differs from the entry's (setting the others changes nothing). */
function changedOnly(
  set: Readonly<Record<string, unknown>>,
  entry: StoredEntry,
): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const key in set) if (set[key] !== entry[key]) changed[key] = set[key];
  return changed;
}

/** The multi-selects in `send` that differ from the record's (merged with the server's set), as the record holds them. */
function localSetsOf(
  send: Readonly<Record<string, unknown>>,
  entry: StoredEntry,
  kindOf: FieldKinds,
): Record<string, SetWhenSent> {
  const held: Record<string, SetWhenSent> = {};
  for (const field in send)
    if (isMergedSetValue(kindOf(field), send[field], entry[field]))
      held[field] = { here: entry[field] ?? null, base: baseValue(entry, field) };
  return held;
}

function conflict(entry: StoredEntry, marks: Record<string, unknown>, patch = {}): Settled {
  return { entry, outcome: { kind: 'conflict', patch, marks } };
}

/** A field conflict with the values each side holds now (a field absent here keeps its reported value). */
function currentSides(c: FieldConflict, entry: StoredEntry, server: RestRecord): FieldConflict {
  return {
    ...c,
    local: Object.hasOwn(entry, c.field) ? (entry[c.field] ?? null) : c.local,
    server: Object.hasOwn(server, c.field) ? (server[c.field] ?? null) : c.server,
  };
}

/**
 * The plan for `entries` (updates and deletes, open conflicts included: a
 * delete on the server is reported there) against the server's `copies`
 * (null: not there), by entry id.
 */
export function planMerge(
  entries: readonly StoredEntry[],
  copies: ReadonlyMap<number, RestRecord | null>,
  kinds: ReadonlyMap<string, FieldKinds>,
  settings: WriteSettings,
): MergePlan {
  const skip = [settings.idField, settings.modField];
  const fields = settings.updateFields.filter(
    (f) => !settings.skip.includes(f) && !f.includes('.'),
  );
  const plan: MergePlan = { settled: [], patches: [], deletes: [] };
  for (const entry of entries) {
    const server = copies.get(entry._soupEntryId) ?? null;
    const kindOf = kinds.get(typeOf(entry)) ?? PLAIN;
    const base = baseOf(entry, server ?? undefined, settings.modField);
    const open = conflictsOf(entry);
    if (open.length > 0) {
      const whole = open.some((c) => c.field === WHOLE_RECORD);
      if (server === null && !whole)
        plan.settled.push(
          conflict(entry, withConflicts([...open, wholeRecordConflict(base, entry, null)])),
        );
      else if (server !== null) {
        // Nothing of the record is sent, but its report says what each side holds now:
        // the app may have edited a conflicting field since, or deleted the record (a
        // delete here of a record the server changed is a conflict of the whole record,
        // which its field conflicts are part of: resolving it decides them all).
        const deletedHere = !whole && operationOf(entry, settings.idField) === 'delete';
        const now = deletedHere
          ? [wholeRecordConflict(base, null, server)]
          : open.map((c) => (c.field === WHOLE_RECORD ? c : currentSides(c, entry, server)));
        if (JSON.stringify(now) !== JSON.stringify(open))
          plan.settled.push(conflict(entry, withConflicts(now)));
      }
      continue;
    }
    const operation = operationOf(entry, settings.idField);
    if (server === null) {
      // Gone on the server: a delete here is done; an edit here is a conflict of the whole record.
      plan.settled.push(
        operation === 'delete'
          ? { entry, outcome: { kind: 'deleted' } }
          : conflict(entry, withConflicts([wholeRecordConflict(base, entry, null)])),
      );
      continue;
    }
    if (operation === 'delete') {
      if (serverChangedSince(base, server, entry, kindOf, skip))
        plan.settled.push(
          conflict(entry, withConflicts([wholeRecordConflict(base, null, server)])),
        );
      else plan.deletes.push(entry);
      continue;
    }
    const merge = mergeRecord(entry, server, fields, kindOf, settings.modField);
    if (merge.conflicts.length > 0) {
      plan.settled.push(
        conflict(entry, withConflicts(merge.conflicts), { ...merge.set, [BASE]: merge.base }),
      );
      continue;
    }
    let sends = false;
    for (const _ in merge.send) {
      sends = true;
      break;
    }
    const after: Outcome = {
      kind: 'updated',
      patch: {
        ...changedOnly(merge.set, entry),
        [BASE]: sends ? Object.assign({ ...merge.base }, merge.send) : merge.base,
        [CONFLICTS]: undefined,
      },
      ...(sends ? { sent: { values: merge.send, seen: server, kinds: kindOf } } : {}),
    };
    if (!sends) plan.settled.push({ entry, outcome: after });
    else
      plan.patches.push({
        entry,
        body: merge.send,
        since: httpDate(server[settings.modField]),
        after,
        localSets: localSetsOf(merge.send, entry, kindOf),
      });
  }
  return plan;
}
