/**
 * The `sosl` and `mru` sync-down targets (§3.4, §3.5 of the design notes): one
 * page each, no incremental run. `sosl` stores the search's `searchRecords`;
 * `mru` reads the type's recently viewed ids, then its `fieldlist` for them by
 * SOQL (the field list as given: the id and modification date are not added).
 */
import type { RunContext } from '../run-context.js';
import type { RestRecord } from '../salesforce-client.js';
import { checkedPage, checkedRecords, checkRecordIds } from '../server-answers.js';
import { isApiName, isFieldPath, soqlIdList } from '../soql-text.js';
import type { MruSyncDownTarget, SoslSyncDownTarget } from '../sync-config.js';
import { SyncError } from '../sync-error.js';
import type { SyncState } from '../sync-state.js';
import { pageStamp, savePage } from './save-page.js';

async function fetchRecords(state: SyncState, context: RunContext): Promise<RestRecord[]> {
  const target = state.target as SoslSyncDownTarget | MruSyncDownTarget;
  if (target.type === 'sosl')
    return checkedRecords(await context.client.search(target.query), 'the search');
  if (!isApiName(target.sobjectType) || !target.fieldlist.every(isFieldPath)) {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      `mru target: sobjectType and fieldlist must be API names`,
    );
  }
  const ids = await context.client.recentlyViewedIds(target.sobjectType);
  if (ids.length === 0) return [];
  const page = checkedPage(
    await context.client.query(
      `select ${target.fieldlist.join(', ')} from ${target.sobjectType} where Id IN (${soqlIdList(ids)})`,
    ),
    'the recent records',
  );
  return [...page.records];
}

export async function runSinglePageSyncDown(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as SoslSyncDownTarget | MruSyncDownTarget;
  const idField = target.idFieldName ?? 'Id';
  const modField = target.modificationDateFieldName ?? 'LastModifiedDate';
  const records = await fetchRecords(state, context);
  checkRecordIds(records, idField, target.type === 'sosl' ? 'the search' : 'the recent records');
  context.update({ totalSize: records.length, progress: 0 });
  const maxTimeStamp = Math.max(state.maxTimeStamp, await pageStamp(context, records, modField));
  savePage(context, state, [{ soupName: state.soupName, records, idField }], {
    state: { maxTimeStamp },
    notify: false,
  });
}
