/**
 * Whether records an update was refused for are really gone from the server.
 * `NOT_FOUND`, `ENTITY_IS_DELETED` and `INVALID_CROSS_REFERENCE_KEY` name a
 * deleted record, but the last two also name a lookup field that points at a
 * deleted or unknown record. The SDK reads them all as "gone" and, under
 * OVERWRITE, creates the record again: a duplicate on the server when only
 * the lookup was bad. One retrieve of the refused ids tells the two apart.
 */
import { type SalesforceClient, SalesforceRequestError } from '../contracts/salesforce-client.js';
import { RECORD_NOT_THERE } from './dirty-records.js';

/** A record an update was refused for, by type and server id. */
export interface RefusedRecord {
  readonly type: string;
  readonly id: string;
}

/**
 * The ids among `records` the server still has (one Collections retrieve per type).
 *
 * @example
 * const present = await stillOnServer(client, [{ type: 'Contact', id: '003…' }]);
 * present.has('003…'); // true: the error was about a field, not the record
 */
export async function stillOnServer(
  client: SalesforceClient,
  records: readonly RefusedRecord[],
): Promise<Set<string>> {
  const byType = new Map<string, string[]>();
  for (const { type, id } of records) byType.set(type, [...(byType.get(type) ?? []), id]);
  const present = new Set<string>();
  for (const [type, ids] of byType) {
    const found = await client.retrieveRecords(type, ids, ['Id']);
    found.forEach((record, i) => {
      if (record !== null && record !== undefined) present.add(ids[i] as string);
    });
  }
  return present;
}

/**
 * Whether the server still has one record (a GET of its id, as the
 * single-record target sends one request per record).
 *
 * @example
 * if (await isOnServer(client, { type: 'Contact', id })) outcome = failed(answer);
 */
export async function isOnServer(
  client: SalesforceClient,
  record: RefusedRecord,
): Promise<boolean> {
  try {
    await client.retrieveRecord(record.type, record.id, ['Id']);
    return true;
  } catch (error) {
    if (
      error instanceof SalesforceRequestError &&
      error.answered &&
      RECORD_NOT_THERE.has(error.errorCode)
    ) {
      return false;
    }
    throw error;
  }
}
