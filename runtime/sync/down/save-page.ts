/**
 * What every sync-down target does with a page: skip the records
 * LEAVE_IF_CHANGED leaves alone, mark the rest clean and brought by this sync,
 * and save them (with the state that says so) in one synchronous transaction,
 * so a page is saved whole or not at all and no transaction spans an await.
 */
import { buildExactQuerySpec } from '../../store/query-spec.js';
import type { SmartStore } from '../../store/smart-store.js';
import { LOCAL, SYNC_ID } from '../constants.js';
import { cleanRecord } from '../local-edits.js';
import type { RunContext } from '../run-context.js';
import type { RestRecord } from '../salesforce-client.js';
import { parseSalesforceDateTime } from '../soql-text.js';
import type { SyncState } from '../sync-state.js';

/** Epoch ms of the newest modification date of a page; -1 when any record lacks one. */
export function latestModificationDate(records: readonly RestRecord[], field: string): number {
  let latest = -1;
  for (const record of records) {
    const ms = parseSalesforceDateTime(record[field]);
    if (Number.isNaN(ms)) return -1;
    latest = Math.max(latest, ms);
  }
  return latest;
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

/** The ids LEAVE_IF_CHANGED leaves alone in `soupName` (none for OVERWRITE). */
export function idsToSkip(
  state: SyncState,
  store: SmartStore,
  soupName: string,
  idField: string,
): Set<unknown> {
  return state.options.mergeMode === 'LEAVE_IF_CHANGED'
    ? dirtyIds(store, soupName, idField)
    : new Set();
}

/** Server records as this sync stores them: clean, with `__sync_id__`, minus the skipped ids. */
export function entriesToSave(
  state: SyncState,
  records: readonly RestRecord[],
  idField: string,
  skip: ReadonlySet<unknown>,
): RestRecord[] {
  return records
    .filter((record) => !skip.has(record[idField]))
    .map((record) => cleanRecord({ ...record, [SYNC_ID]: state.id }));
}

/** One page into its soups and the state's changes, in one transaction. */
export function savePage(
  context: RunContext,
  writes: readonly { soupName: string; entries: readonly RestRecord[]; idField: string }[],
  changes?: { state: Partial<SyncState>; notify: boolean },
): void {
  context.store.transaction(() => {
    for (const { soupName, entries, idField } of writes) {
      if (entries.length > 0) context.store.upsert(soupName, entries, idField);
    }
    if (changes !== undefined) context.update(changes.state, changes.notify);
  });
}

/** Progress after `count` of `totalSize` records, when it is still short of 100. */
export function progressOf(count: number, totalSize: number): number | undefined {
  return totalSize > 0 && count < totalSize ? Math.floor((count * 100) / totalSize) : undefined;
}
