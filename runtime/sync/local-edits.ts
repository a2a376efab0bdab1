/**
 * Local edits with the Mobile SDK's bookkeeping (§1 of the design notes): the
 * flags `__local__`, `__locally_created__`, `__locally_updated__`,
 * `__locally_deleted__`, and `local_…` ids for records created offline. Apps
 * that set the flags by hand keep working: sync reads the same fields.
 * Each call is one synchronous store write.
 */
import type { StoredEntry } from '../store/smart-store.js';
import {
  LAST_ERROR,
  LOCAL,
  LOCAL_ID_PREFIX,
  LOCALLY_CREATED,
  LOCALLY_DELETED,
  LOCALLY_UPDATED,
} from './contracts/constants.js';
import { SyncError } from './contracts/sync-error.js';

/** The part of a store local edits use (a `SmartStore`, or what a typed soup is bound to). */
export interface LocalEditHost {
  upsert(soupName: string, entries: readonly object[], externalIdPath?: string): unknown[];
  retrieve(soupName: string, ids: readonly number[]): unknown[];
  /** When there is one (a `SmartStore` has), each edit reads and writes in one transaction. */
  transaction?<T>(fn: () => T): T;
}

/** Runs a read-then-write in one transaction when the host has them (another process may write between). */
function atomically<T>(store: LocalEditHost, fn: () => T): T {
  return store.transaction === undefined ? fn() : store.transaction(fn);
}

let lastLocalSerial = 0n;

/**
 * A new local id: `local_` and a counter that only grows (nanoseconds since the
 * epoch, bumped when two ids fall in the same nanosecond).
 *
 * @example
 * createLocalId(); // 'local_1764624000123456789'
 */
export function createLocalId(): string {
  const now = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
  lastLocalSerial = now > lastLocalSerial ? now : lastLocalSerial + 1n;
  return `${LOCAL_ID_PREFIX}${lastLocalSerial}`;
}

/**
 * Whether an id was made by `createLocalId` (the record is not on the server yet).
 *
 * @example
 * isLocalId('local_42'); // true
 */
export function isLocalId(id: unknown): boolean {
  return typeof id === 'string' && id.startsWith(LOCAL_ID_PREFIX);
}

/**
 * Whether a record has local changes: `__local__` true, `"true"` or 1 (the
 * SDK's apps write all three). A record without the flag is neither dirty nor clean.
 *
 * @example
 * isDirty({ __local__: 'true' }); // true
 */
export function isDirty(record: Readonly<Record<string, unknown>>): boolean {
  const flag = record[LOCAL];
  return flag === true || flag === 'true' || flag === 1;
}

/** Options of `createLocally`. */
export interface CreateLocallyOptions {
  /** The sObject type, when the record has no `attributes.type`. */
  readonly sobjectType?: string;
  /** The field that holds the record id; default `Id`. */
  readonly idFieldName?: string;
}

/**
 * Saves a record created offline: a `local_…` id unless it has one, its
 * `attributes.type`, and the created flags. Sync up creates it on the server.
 *
 * @example
 * const saved = createLocally(store, 'accounts', { Name: 'New Co' }, { sobjectType: 'Account' });
 * saved.Id; // 'local_…'
 */
export function createLocally(
  store: LocalEditHost,
  soupName: string,
  record: Readonly<Record<string, unknown>>,
  options: CreateLocallyOptions = {},
): StoredEntry {
  const idField = options.idFieldName ?? 'Id';
  const attributes = (record.attributes ?? {}) as Record<string, unknown>;
  const type = typeof attributes.type === 'string' ? attributes.type : options.sobjectType;
  if (type === undefined) {
    throw new SyncError(
      'SYNC_BAD_RECORD',
      `createLocally in soup ${soupName}: the record needs attributes.type or options.sobjectType (sync up must know its sObject type)`,
    );
  }
  const entry = {
    ...record,
    attributes: { ...attributes, type },
    [idField]: record[idField] ?? createLocalId(),
    [LOCAL]: true,
    [LOCALLY_CREATED]: true,
    [LOCALLY_UPDATED]: false,
    [LOCALLY_DELETED]: false,
  };
  return store.upsert(soupName, [entry])[0] as StoredEntry;
}

/**
 * Applies changes to a stored record and marks it updated (a record created
 * offline stays "created": sync up still creates it, with the changes).
 *
 * @example
 * updateLocally(store, 'accounts', saved._soupEntryId, { Industry: 'Energy' });
 */
export function updateLocally(
  store: LocalEditHost,
  soupName: string,
  soupEntryId: number,
  changes: Readonly<Record<string, unknown>>,
): StoredEntry {
  return atomically(store, () => {
    const current = requireEntry(store, soupName, soupEntryId, 'updateLocally');
    const entry = {
      ...current,
      ...changes,
      _soupEntryId: soupEntryId,
      [LOCAL]: true,
      [LOCALLY_UPDATED]: current[LOCALLY_CREATED] !== true,
    };
    return store.upsert(soupName, [entry])[0] as StoredEntry;
  });
}

/**
 * Marks a stored record deleted; sync up deletes it on the server, then from the
 * soup. (A record created offline is removed by sync up without a server call.)
 *
 * @example
 * deleteLocally(store, 'accounts', saved._soupEntryId);
 */
export function deleteLocally(
  store: LocalEditHost,
  soupName: string,
  soupEntryId: number,
): StoredEntry {
  return atomically(store, () => {
    const current = requireEntry(store, soupName, soupEntryId, 'deleteLocally');
    const entry = { ...current, [LOCAL]: true, [LOCALLY_DELETED]: true };
    return store.upsert(soupName, [entry])[0] as StoredEntry;
  });
}

/**
 * The record as sync leaves a record it wrote: every flag false, no last error.
 *
 * @example
 * cleanRecord({ Id: '001…', __local__: true, __last_error__: 'x' }); // { Id: '001…', __local__: false, … }
 */
export function cleanRecord<T extends Record<string, unknown>>(record: T): T {
  const { [LAST_ERROR]: _error, ...rest } = record;
  return {
    ...rest,
    [LOCAL]: false,
    [LOCALLY_CREATED]: false,
    [LOCALLY_UPDATED]: false,
    [LOCALLY_DELETED]: false,
  } as unknown as T;
}

function requireEntry(
  store: LocalEditHost,
  soupName: string,
  id: number,
  what: string,
): StoredEntry {
  const [entry] = store.retrieve(soupName, [id]) as (StoredEntry | undefined)[];
  if (entry === undefined) {
    throw new SyncError('SYNC_BAD_RECORD', `${what}: soup ${soupName} holds no entry ${id}`);
  }
  return entry;
}
