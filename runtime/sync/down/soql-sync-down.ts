/**
 * The `soql` sync-down target (§3.1, §3.3 of the design notes): the first page,
 * then `nextRecordsUrl` pages; each page, with the state that records its
 * progress, is saved by one synchronous store transaction, so a failure or a
 * kill never leaves part of a page, and no transaction is open while a page
 * is being fetched. The next page is asked for before the current one is
 * saved (one page in flight), so its round trip overlaps the save. Its
 * ghosts are the clean records whose ids the query no longer returns.
 */

import { checkedPage, checkRecordIds } from '../adapters/server-answers.js';
import { TARGET_LIMITS } from '../contracts/constants.js';
import type { SoqlSyncDownTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import { commonJson } from '../contracts/target-json.js';
import { checkStop, type GhostContext, type RunContext } from '../engine/run-context.js';
import { allIds, removeMissing } from './ghosts.js';
import { pagesFrom } from './query-pages.js';
import { pageStamp, progressOf, savePage } from './save-page.js';
import {
  idsSoql,
  incrementalSoql,
  isSortedByModificationDate,
  normalizeSoql,
} from './soql-query.js';
import { needQuery, type SyncDownTargetModule } from './sync-down-target-module.js';

async function runSoqlSyncDown(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as SoqlSyncDownTarget;
  const idField = target.idFieldName ?? 'Id';
  const modField = target.modificationDateFieldName ?? 'LastModifiedDate';
  const sorted = isSortedByModificationDate(target.query, modField);
  const query =
    state.maxTimeStamp > 0
      ? incrementalSoql(target.query, modField, state.maxTimeStamp)
      : target.query;
  const first = checkedPage(
    await context.client.query(query, target.maxBatchSize),
    'the first page',
  );
  const totalSize = first.totalSize;
  context.update({ totalSize, progress: 0 });
  let count = 0;
  let maxTimeStamp = state.maxTimeStamp;
  let index = 0;
  // Page k+1 is on its way while page k is saved; after a stop it is not asked for.
  const pages = pagesFrom(context.client, first, {
    ahead: true,
    beforeNext: () => checkStop(context),
  });
  for await (const page of pages) {
    checkStop(context);
    index += 1;
    checkRecordIds(page.records, idField, `page ${index}`);
    count += page.records.length;
    maxTimeStamp = Math.max(maxTimeStamp, await pageStamp(context, page.records, modField));
    const progress = progressOf(count, totalSize);
    // The page and the state that says it is saved, together.
    savePage(context, state, [{ soupName: state.soupName, records: page.records, idField }], {
      state: {
        ...(sorted ? { maxTimeStamp } : {}),
        ...(progress === undefined ? {} : { progress }),
      },
      notify: progress !== undefined,
    });
  }
  if (!sorted) context.update({ maxTimeStamp }, false);
}

const androidImpl = 'com.salesforce.androidsdk.mobilesync.target.SoqlSyncDownTarget';

async function soqlGhosts(state: SyncState, context: GhostContext): Promise<number> {
  const since = Date.now();
  const target = state.target as SoqlSyncDownTarget;
  const idField = target.idFieldName ?? 'Id';
  const remote = await allIds(context, idsSoql(target.query, idField), idField);
  return removeMissing(context.store, state.soupName, { idField, syncId: state.id, since }, remote);
}

/** The `soql` target; its query is stored normalised, as the SDK normalises it. */
export const soqlSyncDown: SyncDownTargetModule<'soql', typeof androidImpl> = {
  type: 'soql',
  androidImpl,
  check: needQuery,
  toJson(target) {
    const head = commonJson(androidImpl, target);
    return {
      ...head,
      type: 'soql',
      query: normalizeSoql(target.query, head.idFieldName, head.modificationDateFieldName),
      // Stored as given (both SDKs); each request clamps it to [200, 2000].
      maxBatchSize:
        typeof target.maxBatchSize === 'number' ? target.maxBatchSize : TARGET_LIMITS.soqlBatch,
    };
  },
  run: runSoqlSyncDown,
  cleanGhosts: soqlGhosts,
};
