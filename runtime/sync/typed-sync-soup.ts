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
import { LOCAL } from './constants.js';
import { createLocally, deleteLocally, type LocalEditHost, updateLocally } from './local-edits.js';
import type { SyncLocalFlags } from './sync-config.js';

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
}

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
    dirtyRecords: () =>
      store.query(
        buildExactQuerySpec({ soupName, indexPath: LOCAL, matchKey: 'true', pageSize: 1_000_000 }),
      ) as Entry[],
  };
}
