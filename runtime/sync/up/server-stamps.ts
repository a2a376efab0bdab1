/**
 * The server's modification dates LEAVE_IF_CHANGED compares with (§4.2 of the
 * design notes): by sObject Collections retrieve, up to 2000 ids a call and
 * one type at a time (the SDK fails a soup of mixed types; soupkit asks per
 * type), or one record by `GET …/sobjects/{type}/{id}` for the
 * single-record target.
 */
import type { StoredEntry } from '../../store/smart-store.js';
import { checkedRetrieve } from '../adapters/server-answers.js';
import { SalesforceRequestError } from '../contracts/salesforce-client.js';
import { checkStop, type RunContext } from '../engine/run-context.js';
import { operationOf, RECORD_NOT_THERE, typeOf, type WriteSettings } from './dirty-records.js';
import type { ServerStamp } from './merge-mode.js';

const RETRIEVE_CHUNK = 2000;

/** The server's stamp of each record of `entries` that exists there, by id. */
export async function retrievedStamps(
  entries: readonly StoredEntry[],
  settings: WriteSettings,
  context: RunContext,
): Promise<Map<unknown, ServerStamp>> {
  const byType = new Map<string, string[]>();
  for (const entry of entries) {
    const operation = operationOf(entry, settings.idField);
    if (operation !== 'update' && operation !== 'delete') continue;
    const list = byType.get(typeOf(entry)) ?? [];
    list.push(entry[settings.idField] as string);
    byType.set(typeOf(entry), list);
  }
  const stamps = new Map<unknown, ServerStamp>();
  for (const [type, ids] of byType) {
    for (let start = 0; start < ids.length; start += RETRIEVE_CHUNK) {
      checkStop(context);
      const chunk = ids.slice(start, start + RETRIEVE_CHUNK);
      const records = checkedRetrieve(
        await context.client.retrieveRecords(type, chunk, [settings.modField]),
        chunk.length,
        `the server's dates of ${type} records`,
      );
      chunk.forEach((id, index) => {
        const record = records[index];
        const stamp = record?.[settings.modField];
        stamps.set(id, record === null ? null : typeof stamp === 'string' ? stamp : undefined);
      });
    }
  }
  return stamps;
}

/** One record's stamp; null when the server has no such record, undefined when it could not say. */
export async function fetchedStamp(
  entry: StoredEntry,
  settings: WriteSettings,
  context: RunContext,
): Promise<ServerStamp> {
  try {
    const record = await context.client.retrieveRecord(
      typeOf(entry),
      String(entry[settings.idField]),
      [settings.modField],
    );
    const stamp = (record as Record<string, unknown> | null)?.[settings.modField];
    return typeof stamp === 'string' ? stamp : undefined;
  } catch (error) {
    if (!(error instanceof SalesforceRequestError) || !error.answered) throw error;
    return RECORD_NOT_THERE.has(error.errorCode) ? null : undefined;
  }
}
