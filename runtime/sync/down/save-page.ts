/**
 * What every sync-down target does with a page: mark its records clean and
 * brought by this sync, leave alone (under LEAVE_IF_CHANGED) the records that
 * have local changes *at the moment the page is saved*, and save them with
 * the state that says so in one synchronous transaction. A page is saved
 * whole or not at all, no transaction spans an await, and an edit the app
 * makes while the page was on its way is seen by that transaction.
 */
import { buildExactQuerySpec } from '../../store/query-spec.js';
import type { SmartStore } from '../../store/smart-store.js';
import {
  LAST_ERROR,
  LOCAL,
  LOCALLY_CREATED,
  LOCALLY_DELETED,
  LOCALLY_UPDATED,
  SYNC_ID,
} from '../contracts/constants.js';
import type { RestRecord } from '../contracts/salesforce-client.js';
import { parseSalesforceDateTime, soqlDateTime } from '../contracts/soql-text.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { RunContext } from '../engine/run-context.js';
import { cleanRecord } from '../local-edits.js';
import { mergedPage } from '../merge/merge-down.js';
import { attachUnansweredCreates } from '../up/pending-writes.js';

/**
 * How far past the server's own clock (the `Date` of its answers) a
 * modification date may be and still move `maxTimeStamp`: a date later than
 * that would hide every later change from incremental runs.
 */
export const DATE_AHEAD_MARGIN_MS = 5 * 60_000;

/**
 * Epoch ms of the newest modification date of a page, leaving out dates after
 * `notAfter`; -1 when any record lacks a parseable one (the SDK's rule).
 *
 * @example
 * latestModificationDate([{ LastModifiedDate: '1970-01-01T00:00:01.000+0000' }], 'LastModifiedDate'); // 1000
 */
export function latestModificationDate(
  records: readonly RestRecord[],
  field: string,
  notAfter = Number.POSITIVE_INFINITY,
): number {
  let latest = -1;
  for (const record of records) {
    const ms = modificationMs(record[field]);
    if (Number.isNaN(ms)) return -1;
    if (ms <= notAfter) latest = Math.max(latest, ms);
  }
  return latest;
}

/**
 * The newest modification date of a page that `maxTimeStamp` may move to:
 * dates later than the server's clock plus `DATE_AHEAD_MARGIN_MS` are left
 * out and reported (`SYNC_DATE_AHEAD_OF_SERVER`); the records themselves are
 * saved.
 */
export async function pageStamp(
  context: RunContext,
  records: readonly RestRecord[],
  field: string,
): Promise<number> {
  const serverNow = await context.client.serverTime();
  if (serverNow === undefined) return latestModificationDate(records, field);
  const notAfter = serverNow + DATE_AHEAD_MARGIN_MS;
  // One pass, each date read once: this runs on the thread that saves the pages.
  let latest = -1;
  let undated = false;
  let ahead = 0;
  let example: unknown;
  for (const record of records) {
    const ms = modificationMs(record[field]);
    if (Number.isNaN(ms)) undated = true;
    else if (ms > notAfter) {
      ahead += 1;
      example ??= record[field];
    } else if (ms > latest) latest = ms;
  }
  if (ahead > 0) {
    context.warn(
      'SYNC_DATE_AHEAD_OF_SERVER',
      `${ahead} record(s) have a ${field} after the server's time (${soqlDateTime(serverNow)}), e.g. ${String(example)}; they are saved, and maxTimeStamp does not move to them`,
    );
  }
  return undated ? -1 : latest;
}

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;
const pair = (text: string, at: number) => {
  const tens = digit(text, at);
  const ones = digit(text, at + 1);
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : Number.NaN;
};

/**
 * Epoch ms of a modification date: the API's own form
 * (`2024-01-02T03:04:05.000+0000`) read digit by digit, anything else as
 * `parseSalesforceDateTime` reads it (to which the fast form gives the same
 * value: it takes only days 1–28, which every month has).
 */
export function modificationMs(value: unknown): number {
  if (
    typeof value === 'string' &&
    value.length === 28 &&
    value.charCodeAt(4) === 45 &&
    value.charCodeAt(7) === 45 &&
    value.charCodeAt(10) === 84 &&
    value.charCodeAt(13) === 58 &&
    value.charCodeAt(16) === 58 &&
    value.charCodeAt(19) === 46 &&
    value.endsWith('+0000')
  ) {
    const year = pair(value, 0) * 100 + pair(value, 2);
    const month = pair(value, 5);
    const day = pair(value, 8);
    const hour = pair(value, 11);
    const minute = pair(value, 14);
    const second = pair(value, 17);
    const milliDigit = digit(value, 22);
    const milli = pair(value, 20) * 10 + milliDigit;
    if (
      year >= 1000 &&
      month >= 1 &&
      month <= 12 &&
      day >= 1 &&
      day <= 28 &&
      hour <= 23 &&
      minute <= 59 &&
      second <= 59 &&
      milliDigit >= 0 &&
      milliDigit <= 9 &&
      milli >= 0
    )
      return Date.UTC(year, month - 1, day, hour, minute, second, milli);
  }
  return parseSalesforceDateTime(value);
}

/** Ids (or another path's values) of the soup's records with local changes. */
export function dirtyIds(store: SmartStore, soupName: string, idField: string): Set<unknown> {
  // Only the ids: the page budget of a query would refuse whole entries of a large soup.
  const rows = store.query(
    buildExactQuerySpec({
      soupName,
      indexPath: LOCAL,
      matchKey: 'true',
      pageSize: 10_000_000,
      selectPaths: [idField],
    }),
  ) as unknown[][];
  return new Set(rows.map((row) => row[0]));
}

/** Which records LEAVE_IF_CHANGED leaves in a soup, asked inside the page's transaction. */
export type LeaveRule = (store: SmartStore) => (record: RestRecord) => boolean;

/** The default rule: records whose id a record of the soup with local changes holds. */
export function leaveDirty(soupName: string, idField: string): LeaveRule {
  return (store) => {
    const dirty = dirtyIds(store, soupName, idField);
    return (record) => dirty.has(record[idField]);
  };
}

/** A page's records for one soup, upserted by `idField`. */
export interface PageWrite {
  readonly soupName: string;
  readonly records: readonly RestRecord[];
  readonly idField: string;
  /** Under LEAVE_IF_CHANGED, which records stay as they are locally; default `leaveDirty`. */
  readonly leave?: LeaveRule;
  /** Hears of a created entry that took a record's id (see `attachUnansweredCreates`). */
  readonly onIdChange?: (localId: unknown, serverId: string) => void;
}

/**
 * One page into its soups (clean, with `__sync_id__`, minus what
 * LEAVE_IF_CHANGED leaves now) and the state's changes, in one transaction.
 * A record that is the outcome of a create a sync up never heard back about
 * goes to the entry that was created, not into a second one.
 */
export function savePage(
  context: RunContext,
  state: SyncState,
  writes: readonly PageWrite[],
  changes?: { state: Partial<SyncState>; notify: boolean },
): void {
  const leaving = state.options.mergeMode === 'LEAVE_IF_CHANGED';
  const merging = state.options.mergeMode === 'MERGE_FIELDS';
  context.transaction(() => {
    for (const write of writes) {
      attachUnansweredCreates(
        context,
        write.soupName,
        write.idField,
        write.records,
        write.onIdChange,
      );
      const leave = leaving
        ? (write.leave ?? leaveDirty(write.soupName, write.idField))(context.store)
        : () => false;
      const entries = merging
        ? mergedPage(context, state, write)
        : write.records
            .filter((record) => !leave(record))
            .map((record) => broughtBy(record, state.id));
      if (entries.length > 0) context.store.upsert(write.soupName, entries, write.idField);
    }
    if (changes !== undefined) context.update(changes.state, changes.notify);
  });
}

/**
 * A server record as sync down saves it: clean, brought by sync `syncId`;
 * the object `cleanRecord({ ...record, [SYNC_ID]: syncId })` makes, keys in
 * the same order, built in one copy (the rest-spread that leaves out
 * `__last_error__` is V8's slow path, and this runs for every record on the
 * saving thread).
 */
export function broughtBy(record: RestRecord, syncId: number): RestRecord {
  const entry: RestRecord = {};
  for (const key of Object.keys(record)) {
    // A `__proto__` key would set the prototype by assignment: the spread defines it.
    if (key === '__proto__') return cleanRecord({ ...record, [SYNC_ID]: syncId });
    if (key !== LAST_ERROR) entry[key] = record[key];
  }
  entry[SYNC_ID] = syncId;
  entry[LOCAL] = false;
  entry[LOCALLY_CREATED] = false;
  entry[LOCALLY_UPDATED] = false;
  entry[LOCALLY_DELETED] = false;
  return entry;
}

/** Progress after `count` of `totalSize` records, when it is still short of 100. */
export function progressOf(count: number, totalSize: number): number | undefined {
  return totalSize > 0 && count < totalSize ? Math.floor((count * 100) / totalSize) : undefined;
}
