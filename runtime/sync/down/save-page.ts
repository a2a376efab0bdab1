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
import { LOCAL, SYNC_ID } from '../constants.js';
import { cleanRecord } from '../local-edits.js';
import type { RunContext } from '../run-context.js';
import type { RestRecord } from '../salesforce-client.js';
import { parseSalesforceDateTime, soqlDateTime } from '../soql-text.js';
import type { SyncState } from '../sync-state.js';
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
    const ms = parseSalesforceDateTime(record[field]);
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
  const ahead = records.filter((record) => parseSalesforceDateTime(record[field]) > notAfter);
  if (ahead.length > 0) {
    context.warn(
      'SYNC_DATE_AHEAD_OF_SERVER',
      `${ahead.length} record(s) have a ${field} after the server's time (${soqlDateTime(serverNow)}), e.g. ${String(ahead[0]?.[field])}; they are saved, and maxTimeStamp does not move to them`,
    );
  }
  return latestModificationDate(records, field, notAfter);
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
      const entries = write.records
        .filter((record) => !leave(record))
        .map((record) => cleanRecord({ ...record, [SYNC_ID]: state.id }));
      if (entries.length > 0) context.store.upsert(write.soupName, entries, write.idField);
    }
    if (changes !== undefined) context.update(changes.state, changes.notify);
  });
}

/** Progress after `count` of `totalSize` records, when it is still short of 100. */
export function progressOf(count: number, totalSize: number): number | undefined {
  return totalSize > 0 && count < totalSize ? Math.floor((count * 100) / totalSize) : undefined;
}
