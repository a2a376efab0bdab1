/**
 * The run shared by the one-page targets (`sosl`, `mru`): the records the
 * target fetched, checked and saved as one page with the state, no
 * incremental run.
 */

import { checkRecordIds } from '../adapters/server-answers.js';
import type { RestRecord } from '../contracts/salesforce-client.js';
import type { MruSyncDownTarget, SoslSyncDownTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { RunContext } from '../engine/run-context.js';
import { learnPageKinds } from '../merge/merge-down.js';
import { pageStamp, savePage } from './save-page.js';

/** Fetches the target's one page (`what` names it in errors) and saves it. */
export async function runSinglePage(
  state: SyncState,
  context: RunContext,
  what: string,
  fetchRecords: () => Promise<RestRecord[]>,
): Promise<void> {
  const target = state.target as SoslSyncDownTarget | MruSyncDownTarget;
  const idField = target.idFieldName ?? 'Id';
  const modField = target.modificationDateFieldName ?? 'LastModifiedDate';
  const records = await fetchRecords();
  checkRecordIds(records, idField, what);
  context.update({ totalSize: records.length, progress: 0 });
  const maxTimeStamp = Math.max(state.maxTimeStamp, await pageStamp(context, records, modField));
  await learnPageKinds(context, state, records);
  savePage(context, state, [{ soupName: state.soupName, records, idField }], {
    state: { maxTimeStamp },
    notify: false,
  });
}
