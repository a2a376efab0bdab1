/**
 * A typed soup with Mobile Sync's local edits: `createLocally` takes the
 * object's create shape (only createable fields), `updateLocally` its update
 * shape (only updateable fields), and both fill in what sync needs (the
 * `local_…` id, `attributes.type`, the SDK's flags). `soupkit generate` emits
 * one binding per synced object.
 */
import { buildExactQuerySpec } from '../store/query-spec.js';
import type { IndexSpec } from '../store/specs.js';
import {
  bindSoup,
  type SoupDefinition,
  type SoupEntry,
  type TypedSoup,
  type TypedSoupHost,
} from '../store/typed-soup.js';
import { LOCAL, WHOLE_RECORD } from './contracts/constants.js';
import type { SyncLocalFlags } from './contracts/sync-config.js';
import { createLocally, deleteLocally, type LocalEditHost, updateLocally } from './local-edits.js';
import { conflictsOf } from './merge/record-merge.js';
import {
  type ConflictChoice,
  type ConflictChoices,
  resolveConflicts,
} from './merge/resolve-conflicts.js';
import type { FieldConflict } from './merge/three-way.js';

/** A record as a synced soup stores it: the record and the sync flags. */
export type SyncedRecord<TRecord> = TRecord & SyncLocalFlags;

/** A synced soup bound to a store: the typed soup plus typed local edits. */
export interface TypedSyncSoup<TRecord, TCreate, TUpdate, TSpecs extends readonly IndexSpec[]>
  extends TypedSoup<SyncedRecord<TRecord>, TSpecs> {
  /** Saves a record created offline (a `local_…` id, `attributes.type`, created flags). */
  createLocally(record: TCreate): SoupEntry<SyncedRecord<TRecord>>;
  /** Changes a stored record and marks it updated (a created one stays created). */
  updateLocally(
    soupEntryId: number,
    changes: Omit<TUpdate, 'Id'>,
  ): SoupEntry<SyncedRecord<TRecord>>;
  /** Marks a stored record deleted (sync up deletes it on the server, then here). */
  deleteLocally(soupEntryId: number): SoupEntry<SyncedRecord<TRecord>>;
  /** The records with local changes, each with the server's `__last_error__` of the last sync up. */
  dirtyRecords(): SoupEntry<SyncedRecord<TRecord>>[];
  /** MERGE_FIELDS: the records with open conflicts, each with its conflicts. */
  conflicts(): RecordConflicts<TRecord, TUpdate>[];
  /**
   * MERGE_FIELDS: resolves conflicts of one record, per updateable field
   * (`'*'` for a conflict of the whole record); returns it as saved.
   */
  resolveConflicts(
    soupEntryId: number,
    choices: TypedConflictChoices<TUpdate>,
  ): SoupEntry<SyncedRecord<TRecord>> | undefined;
}

/** A field of the update shape, or `'*'` (the whole record). */
export type ConflictField<TUpdate> = Exclude<keyof TUpdate, 'Id'> & string;

/** One open conflict, typed by the object's updateable fields. */
export interface TypedConflict<TUpdate> extends FieldConflict {
  readonly field: ConflictField<TUpdate> | typeof WHOLE_RECORD;
}

/** A record with open conflicts. */
export interface RecordConflicts<TRecord, TUpdate> {
  readonly entry: SoupEntry<SyncedRecord<TRecord>>;
  readonly conflicts: readonly TypedConflict<TUpdate>[];
}

/** Choices by updateable field; a name that is not one fails to compile. */
export type TypedConflictChoices<TUpdate> = {
  readonly [K in ConflictField<TUpdate>]?: ConflictChoice;
} & { readonly [WHOLE_RECORD]?: 'local' | 'server' };

/** What a synced soup's binding needs to know besides its definition. */
export interface SyncSoupOptions {
  /** The sObject type written into `attributes.type` of records created offline. */
  readonly sobjectType: string;
  /** The field holding the record id; default `Id`. */
  readonly idFieldName?: string;
}

/**
 * Binds a synced soup to an open store.
 *
 * @example
 * const accounts = bindSyncSoup<Account, AccountCreate, AccountUpdate, typeof accountSoup.indexSpecs>(
 *   store, accountSoup, { sobjectType: 'Account' });
 * const created = accounts.createLocally({ Name: 'New Co' });
 * accounts.updateLocally(created._soupEntryId, { Industry: 'Energy' });
 */
export function bindSyncSoup<TRecord, TCreate, TUpdate, TSpecs extends readonly IndexSpec[]>(
  store: TypedSoupHost & LocalEditHost,
  definition: SoupDefinition<SyncedRecord<TRecord>, TSpecs>,
  options: SyncSoupOptions,
): TypedSyncSoup<TRecord, TCreate, TUpdate, TSpecs> {
  type Entry = SoupEntry<SyncedRecord<TRecord>>;
  const soup = bindSoup(store, definition);
  const { soupName } = definition;
  const dirty = () =>
    store.query(
      buildExactQuerySpec({ soupName, indexPath: LOCAL, matchKey: 'true', pageSize: 1_000_000 }),
    ) as Entry[];
  return {
    ...soup,
    createLocally: (record) =>
      createLocally(store, soupName, record as Record<string, unknown>, {
        sobjectType: options.sobjectType,
        ...(options.idFieldName === undefined ? {} : { idFieldName: options.idFieldName }),
      }) as unknown as Entry,
    updateLocally: (soupEntryId, changes) =>
      updateLocally(
        store,
        soupName,
        soupEntryId,
        changes as Record<string, unknown>,
      ) as unknown as Entry,
    deleteLocally: (soupEntryId) => deleteLocally(store, soupName, soupEntryId) as unknown as Entry,
    dirtyRecords: () => dirty(),
    conflicts: () =>
      dirty().flatMap((entry) => {
        const open = conflictsOf(entry as Record<string, unknown>);
        return open.length === 0 ? [] : [{ entry, conflicts: open as TypedConflict<TUpdate>[] }];
      }),
    resolveConflicts: (soupEntryId, choices) =>
      resolveConflicts(store, soupName, soupEntryId, choices as ConflictChoices) as
        | Entry
        | undefined,
  };
}
