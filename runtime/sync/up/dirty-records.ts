/**
 * What every sync-up target reads of the soup (§4.1 of the design notes): the
 * dirty records in `_soupEntryId` order, what each asks of the server (flag
 * precedence deleted > created > updated), its sObject type, and the body of
 * its create or update (the field list's values the record has; never the id,
 * the modification date or a sync flag).
 */
import { buildExactQuerySpec } from '../../store/query-spec.js';
import type { SmartStore, StoredEntry } from '../../store/smart-store.js';
import {
  LOCAL,
  LOCALLY_CREATED,
  LOCALLY_DELETED,
  LOCALLY_UPDATED,
  SYNC_PATHS,
} from '../contracts/constants.js';
import type { RestRecord } from '../contracts/salesforce-client.js';
import type { SyncUpTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import type { SyncState } from '../contracts/sync-state.js';
import { isLocalId } from '../local-edits.js';

/** What a dirty record asks: `deleteLocal` is created and deleted here, never sent. */
export type Operation = 'create' | 'update' | 'delete' | 'deleteLocal';

/** Whether a flag is set, as the SDK's apps write them (true, `"true"` or 1). */
export const isSet = (value: unknown) => value === true || value === 'true' || value === 1;

/** The operation a dirty record asks of the server. */
export function operationOf(entry: Readonly<Record<string, unknown>>, idField = 'Id'): Operation {
  if (isSet(entry[LOCALLY_DELETED])) {
    return isSet(entry[LOCALLY_CREATED]) || isLocalId(entry[idField]) ? 'deleteLocal' : 'delete';
  }
  if (isSet(entry[LOCALLY_CREATED])) return 'create';
  return 'update';
}

/** Whether one of the three specific flags is set (the single-record target sends nothing otherwise). */
export function hasSpecificFlag(entry: Readonly<Record<string, unknown>>): boolean {
  return (
    isSet(entry[LOCALLY_CREATED]) || isSet(entry[LOCALLY_UPDATED]) || isSet(entry[LOCALLY_DELETED])
  );
}

/** The record's sObject type (`attributes.type`); `"null"` as the SDK sends without one. */
export function typeOf(entry: Readonly<Record<string, unknown>>): string {
  const type = (entry.attributes as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' ? type : 'null';
}

/** The entry ids of the soup's dirty records, in order. */
export function dirtyEntryIds(store: SmartStore, soupName: string): number[] {
  // The ids by query (within its page budget), the entries by id (not bounded by it).
  return (
    store.query(
      buildExactQuerySpec({
        soupName,
        indexPath: LOCAL,
        matchKey: 'true',
        pageSize: 10_000_000,
        selectPaths: ['_soupEntryId'],
      }),
    ) as number[][]
  )
    .map((row) => row[0] as number)
    .sort((a, b) => a - b);
}

/** The soup's dirty records, in `_soupEntryId` order. */
export function dirtyEntries(store: SmartStore, soupName: string): StoredEntry[] {
  return store.retrieve(soupName, dirtyEntryIds(store, soupName));
}

/** The id, modification-date and field-list settings of a record sync-up target. */
export interface WriteSettings {
  readonly idField: string;
  readonly modField: string;
  readonly createFields: readonly string[];
  readonly updateFields: readonly string[];
  /** Fields never sent: the id, the modification date, the sync flags. */
  readonly skip: readonly string[];
  readonly externalIdField: string | undefined;
}

/**
 * The settings of `target`: `createFieldlist` / `updateFieldlist`, falling back
 * to `options.fieldlist` (set `fallback: false` for the children of a
 * parent-children target, which have none). Throws `No fields specified`.
 */
export function writeSettings(
  state: Pick<SyncState, 'soupName' | 'options'>,
  lists: { create?: readonly string[]; update?: readonly string[] },
  target: Pick<SyncUpTarget, 'idFieldName' | 'modificationDateFieldName' | 'externalIdFieldName'>,
  fallback = true,
): WriteSettings {
  const createFields = lists.create ?? (fallback ? state.options.fieldlist : undefined);
  const updateFields = lists.update ?? (fallback ? state.options.fieldlist : undefined);
  if (createFields === undefined || updateFields === undefined) {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      `sync up of soup ${state.soupName}: No fields specified (createFieldlist, updateFieldlist or options.fieldlist)`,
    );
  }
  const idField = target.idFieldName ?? 'Id';
  const modField = target.modificationDateFieldName ?? 'LastModifiedDate';
  return {
    idField,
    modField,
    createFields,
    updateFields,
    skip: [idField, modField, ...SYNC_PATHS],
    externalIdField: target.externalIdFieldName ?? undefined,
  };
}

/** The body of a create or update: the listed fields the record has (a null is sent as null). */
export function bodyOf(
  entry: Readonly<Record<string, unknown>>,
  fields: readonly string[],
  skip: readonly string[],
): RestRecord {
  const body: RestRecord = {};
  for (const field of fields) {
    if (skip.includes(field) || field.includes('.') || !(field in entry)) continue;
    body[field] = entry[field];
  }
  return body;
}

/**
 * The external id a create is upserted by: set, not null and not a local id
 * (so `externalIdFieldName: "Id"` upserts onto a real server id only).
 */
export function externalIdOf(
  entry: Readonly<Record<string, unknown>>,
  settings: WriteSettings,
): string | undefined {
  if (settings.externalIdField === undefined) return undefined;
  const value = entry[settings.externalIdField];
  if (value === null || value === undefined || value === '' || isLocalId(value)) return undefined;
  return String(value);
}

/** The entry marked as updated (it exists on the server; send its fields). */
export function markedUpdated(entry: StoredEntry): StoredEntry {
  return { ...entry, [LOCAL]: true, [LOCALLY_UPDATED]: true };
}

/** Status codes that say the server has no such record (deleted, or never was). */
export const RECORD_NOT_THERE = new Set([
  'NOT_FOUND',
  'ENTITY_IS_DELETED',
  'INVALID_CROSS_REFERENCE_KEY',
]);
