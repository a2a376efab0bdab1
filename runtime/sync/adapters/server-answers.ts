/**
 * Server answers are checked before they touch the store: a page is an
 * object with a non-negative integer `totalSize` and an array of record
 * objects, record ids are server ids (15 or 18 letters and digits for `Id`,
 * never a `local_…` id) and unique, and what a collection call answers lines
 * up with what it was sent. Anything else ends the run with
 * `SYNC_BAD_RESPONSE`, before anything of that answer is saved.
 */
import { LOCAL_ID_PREFIX } from '../contracts/constants.js';
import type { CollectionResult, QueryPage, RestRecord } from '../contracts/salesforce-client.js';
import { SyncError } from '../contracts/sync-error.js';

const SALESFORCE_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

/** The error of an answer sync refuses to act on. */
export function refused(message: string): SyncError {
  return new SyncError('SYNC_BAD_RESPONSE', `The server's answer was refused: ${message}`);
}

/** A short, printable form of a value for a message. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isRecord(value: unknown): value is RestRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether `value` can be the server's id of a record in field `idField`: for
 * `Id`, 15 or 18 letters and digits; for another field (an external id), a
 * non-empty string or a finite number. Never a `local_…` id.
 *
 * @example
 * isServerId('001000000000001AAA', 'Id'); // true
 * isServerId('local_17', 'Id'); // false
 */
export function isServerId(value: unknown, idField: string): boolean {
  if (typeof value === 'string' && value.startsWith(LOCAL_ID_PREFIX)) return false;
  if (idField === 'Id') return typeof value === 'string' && SALESFORCE_ID.test(value);
  return (
    (typeof value === 'string' && value !== '') ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/** A query page as the API answers one; anything else is `SYNC_BAD_RESPONSE`. */
export function checkedPage(value: unknown, what: string): QueryPage {
  if (!isRecord(value)) throw refused(`${what} is not a query result: ${shown(value)}`);
  const { totalSize, done, records, nextRecordsUrl } = value;
  if (typeof totalSize !== 'number' || !Number.isSafeInteger(totalSize) || totalSize < 0)
    throw refused(`${what} has totalSize ${shown(totalSize)}, not a non-negative integer`);
  if (typeof done !== 'boolean')
    throw refused(`${what} has done ${shown(done)}, not true or false`);
  if (!Array.isArray(records)) throw refused(`${what} has records ${shown(records)}, not an array`);
  const index = records.findIndex((record) => !isRecord(record));
  if (index >= 0)
    throw refused(`${what}: record ${index} is ${shown(records[index])}, not an object`);
  if (nextRecordsUrl !== undefined && nextRecordsUrl !== null && typeof nextRecordsUrl !== 'string')
    throw refused(`${what} has nextRecordsUrl ${shown(nextRecordsUrl)}, not a string`);
  return value as unknown as QueryPage;
}

/** Records (a search, a retrieve's non-null items) as objects; anything else is `SYNC_BAD_RESPONSE`. */
export function checkedRecords(value: unknown, what: string): RestRecord[] {
  if (!Array.isArray(value)) throw refused(`${what} is ${shown(value)}, not an array of records`);
  const index = value.findIndex((record) => !isRecord(record));
  if (index >= 0)
    throw refused(`${what}: record ${index} is ${shown(value[index])}, not an object`);
  return value as RestRecord[];
}

/**
 * Checks that each record's `idField` holds a server id, none twice: what
 * sync down saves records by.
 */
export function checkRecordIds(
  records: readonly RestRecord[],
  idField: string,
  what: string,
): void {
  const seen = new Set<unknown>();
  records.forEach((record, index) => {
    const id = record[idField];
    if (!isServerId(id, idField))
      throw refused(`${what}: record ${index} has ${idField} ${shown(id)}, not a server id`);
    if (seen.has(id)) throw refused(`${what}: ${idField} ${shown(id)} comes twice`);
    seen.add(id);
  });
}

/**
 * The answer of a retrieve of `count` ids: one record or null per id.
 */
export function checkedRetrieve(
  value: unknown,
  count: number,
  what: string,
): (RestRecord | null)[] {
  if (!Array.isArray(value) || value.length !== count)
    throw refused(`${what} answered ${shown(value)} for ${count} id(s)`);
  const index = value.findIndex((record) => record !== null && !isRecord(record));
  if (index >= 0)
    throw refused(`${what}: item ${index} is ${shown(value[index])}, not a record or null`);
  return value as (RestRecord | null)[];
}

/**
 * The answer of an sObject Collections write of `count` records: one result
 * object per record, in order. (Each result's id is checked where it is used.)
 */
export function checkedResults(value: unknown, count: number, what: string): CollectionResult[] {
  if (!Array.isArray(value) || value.length !== count)
    throw refused(`${what} answered ${shown(value)} for ${count} record(s)`);
  const index = value.findIndex(
    (result) => !isRecord(result) || typeof result.success !== 'boolean',
  );
  if (index >= 0) throw refused(`${what}: result ${index} is ${shown(value[index])}`);
  return value as CollectionResult[];
}
