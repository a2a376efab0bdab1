/**
 * The run shared by the one-record targets (`metadata`, `layout`): the
 * target's sobjectType checked, its one record fetched and saved with the
 * state. Neither has ghosts.
 */

import { checkedRecords } from '../adapters/server-answers.js';
import type { RestRecord } from '../contracts/salesforce-client.js';
import { isApiName } from '../contracts/soql-text.js';
import type { LayoutSyncDownTarget, MetadataSyncDownTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { RunContext } from '../engine/run-context.js';
import { savePage } from './save-page.js';

/** A describe or layout answer, which must be an object. */
export function objectAnswer(value: unknown, what: string): RestRecord {
  const [record] = checkedRecords([value], `the ${what}`);
  return record as RestRecord;
}

/** Checks the target's sobjectType, fetches its one record and saves it. */
export async function runOneRecord(
  state: SyncState,
  context: RunContext,
  fetchRecord: () => Promise<RestRecord>,
): Promise<void> {
  const target = state.target as MetadataSyncDownTarget | LayoutSyncDownTarget;
  if (typeof target.sobjectType !== 'string' || !isApiName(target.sobjectType)) {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      `${target.type} target: sobjectType must be an API name`,
    );
  }
  const idField = target.idFieldName ?? 'Id';
  const record = await fetchRecord();
  context.update({ totalSize: 1, progress: 0 });
  savePage(context, state, [{ soupName: state.soupName, records: [record], idField }]);
}
