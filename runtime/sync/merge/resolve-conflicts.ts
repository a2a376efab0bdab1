/**
 * Resolving MERGE_FIELDS conflicts: per field, keep the value here
 * (`'local'`: the entry's value now, with any edit made since the conflict), take the server's (`'server'`), or set another (`{ value }`).
 * Once every conflict of a record is resolved it loses `__conflicts__` and
 * `__last_error__` and stays dirty: the next sync up sends the fields that
 * differ from the base (the server's copy the conflict was found against),
 * and checks again that the server has not changed them since.
 *
 * A conflict of the whole record (`field: '*'`): a delete here against an
 * edit there — `'local'` deletes it on the server anyway, `'server'` takes
 * the server's copy back (clean); an edit here against a delete there —
 * `'local'` creates the record again, `'server'` removes it here.
 */
import type { StoredEntry } from '../../store/smart-store.js';
import {
  BASE,
  CONFLICTS,
  LAST_ERROR,
  LOCAL,
  LOCALLY_CREATED,
  LOCALLY_DELETED,
  LOCALLY_UPDATED,
  WHOLE_RECORD,
} from '../contracts/constants.js';
import { SyncError } from '../contracts/sync-error.js';
import { cleanRecord, createLocalId, type LocalEditHost } from '../local-edits.js';
import { baseOf, conflictError, conflictsOf } from './record-merge.js';
import type { FieldConflict } from './three-way.js';

/** How one conflict is resolved. */
export type ConflictChoice = 'local' | 'server' | { readonly value: unknown };

/** Choices by field (`'*'` for a conflict of the whole record). */
export type ConflictChoices = Readonly<Record<string, ConflictChoice>>;

/** What resolving needs of a store (a `SmartStore` has it all). */
export interface ConflictHost extends LocalEditHost {
  remove(soupName: string, ids: readonly number[]): void;
}

/** The open conflicts of a record. */
export function conflictsOfEntry(
  store: LocalEditHost,
  soupName: string,
  soupEntryId: number,
): FieldConflict[] {
  const [entry] = store.retrieve(soupName, [soupEntryId]) as (StoredEntry | undefined)[];
  return entry === undefined ? [] : conflictsOf(entry);
}

function resolvedWhole(
  entry: StoredEntry,
  conflict: FieldConflict,
  choice: ConflictChoice,
): StoredEntry | undefined {
  const server = conflict.server as Record<string, unknown> | null;
  if (typeof choice === 'object')
    throw new SyncError(
      'SYNC_BAD_RECORD',
      "A conflict of the whole record is resolved with 'local' or 'server'",
    );
  if (server === null) {
    // Deleted on the server, changed here.
    if (choice === 'server') return undefined;
    const { [BASE]: _b, ...rest } = entry;
    return {
      ...rest,
      Id: createLocalId(),
      [LOCAL]: true,
      [LOCALLY_CREATED]: true,
      [LOCALLY_UPDATED]: false,
      [LOCALLY_DELETED]: false,
    } as StoredEntry;
  }
  // Deleted here, changed on the server.
  const base = { ...baseOf(entry, undefined, ''), ...server };
  if (choice === 'server') return cleanRecord({ ...entry, ...server, [BASE]: base });
  return { ...entry, [BASE]: base };
}

/**
 * Resolves conflicts of one record; returns it as saved (undefined: removed).
 * Throws `SYNC_BAD_RECORD` for an entry that is not there or a field that
 * has no open conflict.
 *
 * @example
 * resolveConflicts(store, 'accounts', entryId, { Phone: 'local', Industry: 'server' });
 */
export function resolveConflicts(
  store: ConflictHost,
  soupName: string,
  soupEntryId: number,
  choices: ConflictChoices,
): StoredEntry | undefined {
  const run = <T>(fn: () => T): T =>
    store.transaction === undefined ? fn() : store.transaction(fn);
  return run(() => {
    const [entry] = store.retrieve(soupName, [soupEntryId]) as (StoredEntry | undefined)[];
    if (entry === undefined)
      throw new SyncError(
        'SYNC_BAD_RECORD',
        `resolveConflicts: soup ${soupName} holds no entry ${soupEntryId}`,
      );
    const open = conflictsOf(entry);
    for (const field of Object.keys(choices))
      if (!open.some((c) => c.field === field))
        throw new SyncError(
          'SYNC_BAD_RECORD',
          `resolveConflicts: entry ${soupEntryId} of soup ${soupName} has no open conflict on ${field}`,
        );
    let next: StoredEntry | undefined = { ...entry };
    const left: FieldConflict[] = [];
    for (const conflict of open) {
      const choice = choices[conflict.field];
      if (choice === undefined) left.push(conflict);
      else if (conflict.field === WHOLE_RECORD)
        next = next && resolvedWhole(next, conflict, choice);
      else if (next !== undefined && choice !== 'local')
        // 'local' keeps the value the entry holds now (the app may have edited it since the conflict was found).
        next = {
          ...next,
          [conflict.field]: choice === 'server' ? conflict.server : choice.value,
        };
    }
    if (next === undefined) {
      store.remove(soupName, [soupEntryId]);
      return undefined;
    }
    const { [CONFLICTS]: _c, [LAST_ERROR]: _e, ...rest } = next;
    const saved =
      left.length > 0 ? { ...rest, [CONFLICTS]: left, [LAST_ERROR]: conflictError(left) } : rest;
    return store.upsert(soupName, [saved])[0] as StoredEntry;
  });
}
