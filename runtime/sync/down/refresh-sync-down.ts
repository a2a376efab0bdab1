/**
 * The `refresh` sync-down target (§3.6 of the design notes): re-fetches the
 * records already in a soup, `countIdsPerSoql` ids a query (at most 500, the
 * URI length the platform takes). A re-sync asks each slice only for what
 * changed after the newest local modification date of that slice. Each slice
 * is saved with the state's progress (records received so far of the soup's
 * count, as the SDK counts) in one store transaction; the next slice is
 * asked for before the current one is saved. Its ghosts are the clean
 * records whose ids the server no longer has.
 */
import { buildSmartQuerySpec } from '../../store/query-spec.js';
import { checkedPage, checkRecordIds } from '../adapters/server-answers.js';
import { TARGET_LIMITS } from '../contracts/constants.js';
import {
  isApiName,
  isFieldPath,
  parseSalesforceDateTime,
  soqlDateTime,
  soqlIdList,
} from '../contracts/soql-text.js';
import type { RefreshSyncDownTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import type { SyncState } from '../contracts/sync-state.js';
import { capped, commonJson } from '../contracts/target-json.js';
import { checkStop, type RunContext } from '../engine/run-context.js';
import { isLocalId } from '../local-edits.js';
import { byIdGhosts } from './ghosts.js';
import { oneAhead } from './one-ahead.js';
import { pageStamp, progressOf, savePage } from './save-page.js';
import {
  needFieldlist,
  needSobjectType,
  type SyncDownTargetModule,
} from './sync-down-target-module.js';

const MAX_IDS_PER_SOQL = 500;

async function runRefreshSyncDown(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as RefreshSyncDownTarget;
  if (!isApiName(target.sobjectType) || !target.fieldlist.every(isFieldPath)) {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      'refresh target: sobjectType and fieldlist must be API names',
    );
  }
  // The SDK's refresh target always uses Id and LastModifiedDate; it keeps the
  // field list's order and appends either only when missing.
  const fields = [...target.fieldlist];
  for (const field of ['Id', 'LastModifiedDate']) if (!fields.includes(field)) fields.push(field);
  // iOS stores the key as `coundIdsPerSoql`.
  const given = target.countIdsPerSoql ?? (target as { coundIdsPerSoql?: number }).coundIdsPerSoql;
  const perSoql = Math.min(MAX_IDS_PER_SOQL, Math.max(1, given ?? MAX_IDS_PER_SOQL));
  const soup = state.soupName;
  const rows = context.store.query(
    buildSmartQuerySpec({
      smartSql: `SELECT {${soup}:Id}, {${soup}:LastModifiedDate} FROM {${soup}} ORDER BY {${soup}:Id}`,
      pageSize: 10_000_000,
    }),
  ) as [unknown, unknown][];
  const local = rows.filter(([id]) => typeof id === 'string' && !isLocalId(id)) as [
    string,
    unknown,
  ][];
  const incremental = state.maxTimeStamp > 0;
  context.update({ totalSize: local.length, progress: 0 });
  let maxTimeStamp = state.maxTimeStamp;
  // Progress counts the records the server sent, as the SDK's sync down counts
  // them (a re-sync, which gets only what changed, may end short of 100 until DONE).
  let count = 0;
  const slices: { readonly what: string; readonly soql: string }[] = [];
  for (let start = 0; start < local.length; start += perSoql) {
    const slice = local.slice(start, start + perSoql);
    let where = `Id IN (${soqlIdList(slice.map(([id]) => id))})`;
    if (incremental) {
      // Parsed and written back, so a local value can never put text into the query.
      const newest = Math.max(-1, ...slice.map(([, date]) => parseSalesforceDateTime(date) || -1));
      if (newest > 0) where += ` AND LastModifiedDate > ${soqlDateTime(newest)}`;
    }
    slices.push({
      what: `the records of slice ${start / perSoql + 1}`,
      soql: `select ${fields.join(', ')} from ${target.sobjectType} where ${where}`,
    });
  }
  // Slice k+1 is asked for before slice k is saved (one slice in flight).
  const answers = oneAhead(
    slices.map(({ what, soql }) => async () => ({
      what,
      page: checkedPage(await context.client.query(soql), what),
    })),
    () => checkStop(context),
  );
  for await (const { what, page } of answers) {
    checkRecordIds(page.records, 'Id', what);
    maxTimeStamp = Math.max(
      maxTimeStamp,
      await pageStamp(context, page.records, 'LastModifiedDate'),
    );
    count += page.records.length;
    const progress = progressOf(count, local.length);
    savePage(
      context,
      state,
      [{ soupName: soup, records: page.records, idField: 'Id' }],
      progress === undefined ? undefined : { state: { progress }, notify: true },
    );
  }
  context.update({ maxTimeStamp }, false);
}

const androidImpl = 'com.salesforce.androidsdk.mobilesync.target.RefreshSyncDownTarget';

/** The `refresh` target. */
export const refreshSyncDown: SyncDownTargetModule<'refresh', typeof androidImpl> = {
  type: 'refresh',
  androidImpl,
  check(target) {
    needSobjectType(target);
    needFieldlist(target);
  },
  toJson(target) {
    // iOS spells the key `coundIdsPerSoql`: read it too.
    const given =
      target.countIdsPerSoql ?? (target as { coundIdsPerSoql?: number }).coundIdsPerSoql;
    return {
      // The SDK's refresh target always uses Id and LastModifiedDate.
      ...commonJson(androidImpl, target, true),
      type: 'refresh',
      fieldlist: target.fieldlist,
      sobjectType: target.sobjectType,
      soupName: target.soupName,
      countIdsPerSoql: capped(given, TARGET_LIMITS.idsPerSoql),
    };
  },
  run: runRefreshSyncDown,
  // The SDK's refresh target always uses Id.
  cleanGhosts: (state, context) => byIdGhosts(state, context, 'Id'),
};
