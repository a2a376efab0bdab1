import { SoupkitError } from '../errors.js';

/**
 * The stable codes a `StoreError` carries. Switch on these, never on messages.
 *
 * | code | when |
 * | --- | --- |
 * | `STORE_BAD_OPTION` | `SmartStore.open` got a misspelled, missing or out-of-range option |
 * | `STORE_BAD_PATH` | the database path is empty or its folder does not exist; or a JSON path is malformed |
 * | `STORE_BAD_KEY` | the key is wrong (or the file is not a store), or a key is not a string |
 * | `STORE_NOT_A_DATABASE` | the file is not an SQLite database (or is encrypted and no key was given) |
 * | `STORE_NOT_A_STORE` | the file is a readable SQLite database but not a SmartStore |
 * | `STORE_CLOSED` | the store was used after `close()` |
 * | `STORE_BAD_SOUP_NAME` | a soup name is empty, not a string, or holds `{ } : ' " \` or control characters |
 * | `STORE_UNKNOWN_SOUP` | the soup does not exist |
 * | `STORE_BAD_INDEX_SPEC` | index specs are missing, duplicated, of an unknown type or on a metadata path |
 * | `STORE_NO_INDEX_FOR_PATH` | an operation needs an index (of some type) on a path that has none |
 * | `STORE_BAD_ENTRY` | an entry is not a JSON object, or its `_soupEntryId` is not a positive integer |
 * | `STORE_UNKNOWN_ENTRY` | an upsert names a `_soupEntryId` that the soup does not hold |
 * | `STORE_EXTERNAL_ID_EMPTY` | an upsert by external id found no value at that path |
 * | `STORE_EXTERNAL_ID_NOT_UNIQUE` | an upsert by external id matched more than one entry |
 * | `STORE_BAD_ARGUMENT` | ids, page indexes, where args or callbacks of the wrong shape |
 * | `STORE_BAD_QUERY_SPEC` | a query spec is malformed (unknown type, missing key, bad page size …) |
 * | `STORE_BAD_MATCH_KEY` | SQLite's full-text engine rejected a match key |
 * | `STORE_UNKNOWN_CURSOR` | a cursor was closed or never opened by this store |
 * | `STORE_QUERY_BUDGET_EXCEEDED` | a query's page passed `limits.maxResultBytes`, a value passed SQLite's length limit, or an isolated query's process ran out of memory |
 * | `STORE_QUERY_TIMEOUT` | `queryIsolated` did not finish within its `timeoutMs` (its process was killed) |
 * | `STORE_TRANSACTION` | `endTransaction`/`setTransactionSuccessful` without `beginTransaction` |
 * | `STORE_SQLITE_ERROR` | any other SQLite failure; `cause` is the driver error and `sqliteCode` its code |
 */
export type StoreErrorCode =
  | 'STORE_BAD_OPTION'
  | 'STORE_BAD_PATH'
  | 'STORE_BAD_KEY'
  | 'STORE_NOT_A_DATABASE'
  | 'STORE_NOT_A_STORE'
  | 'STORE_CLOSED'
  | 'STORE_BAD_SOUP_NAME'
  | 'STORE_UNKNOWN_SOUP'
  | 'STORE_BAD_INDEX_SPEC'
  | 'STORE_NO_INDEX_FOR_PATH'
  | 'STORE_BAD_ENTRY'
  | 'STORE_UNKNOWN_ENTRY'
  | 'STORE_EXTERNAL_ID_EMPTY'
  | 'STORE_EXTERNAL_ID_NOT_UNIQUE'
  | 'STORE_BAD_ARGUMENT'
  | 'STORE_BAD_QUERY_SPEC'
  | 'STORE_BAD_MATCH_KEY'
  | 'STORE_UNKNOWN_CURSOR'
  | 'STORE_QUERY_BUDGET_EXCEEDED'
  | 'STORE_QUERY_TIMEOUT'
  | 'STORE_TRANSACTION'
  | 'STORE_SQLITE_ERROR';

/**
 * The one error class of the store. `code` is stable; `sqliteCode` is set when
 * the error wraps a driver error (which is kept as `cause`).
 *
 * @example
 * try {
 *   SmartStore.open({ path: 'app.db', key: 'wrong' });
 * } catch (error) {
 *   if (error instanceof StoreError && error.code === 'STORE_BAD_KEY') console.error('wrong key');
 * }
 */
export class StoreError extends SoupkitError {
  declare readonly code: StoreErrorCode;
  readonly sqliteCode: string | undefined;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.sqliteCode = sqliteCodeOf(options?.cause);
  }
}

/**
 * The `code` of a driver error (`SQLITE_CONSTRAINT_UNIQUE`, …), if it is one.
 *
 * @internal
 */
export function sqliteCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** The driver's SQLITE_MAX_LENGTH (see its compile options). */
const SQLITE_MAX_LENGTH = '1,000,000,000';

/**
 * Turns `error` into what the store throws: soupkit errors (the store's own,
 * the Smart SQL compiler's) pass through, driver errors are wrapped with the
 * SQLite code kept. For a match query, FTS5's complaints about the key become
 * `STORE_BAD_MATCH_KEY`.
 *
 * @internal
 */
export function toStoreError(error: unknown, context: string, matchQuery = false): Error {
  if (error instanceof SoupkitError) return error;
  const sqliteCode = sqliteCodeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  // A match query's SQL is the store's own and was prepared before it ran, so
  // a plain SQLITE_ERROR while it runs comes from parsing the key: FTS5's
  // syntax errors, "unterminated string", a `column:term` naming no column.
  if (matchQuery && sqliteCode === 'SQLITE_ERROR') {
    return new StoreError('STORE_BAD_MATCH_KEY', `${context}: ${detail}`, { cause: error });
  }
  if (sqliteCode === 'SQLITE_TOOBIG' || sqliteCode === 'SQLITE_NOMEM') {
    return new StoreError(
      'STORE_QUERY_BUDGET_EXCEEDED',
      `${context}: ${detail} (SQLite holds at most ${SQLITE_MAX_LENGTH} bytes in one value, and memory ran out or would have)`,
      { cause: error },
    );
  }
  if (sqliteCode !== undefined || !(error instanceof Error)) {
    return new StoreError('STORE_SQLITE_ERROR', `${context}: ${detail}`, { cause: error });
  }
  return error;
}
