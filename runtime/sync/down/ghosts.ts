/**
 * Ghost cleaning of a `soql` sync down (§3.10 of the design notes): the
 * server's ids for the sync's query (all pages), against the soup's clean
 * records that the sync brought; the difference is removed in one call.
 */
import { buildSmartQuerySpec } from '../../store/query-spec.js';
import type { SmartStore } from '../../store/smart-store.js';
import { LOCAL, SYNC_ID } from '../constants.js';
import type { SalesforceClient } from '../salesforce-client.js';
import type { SoqlSyncDownTarget } from '../sync-config.js';
import type { SyncState } from '../sync-state.js';
import { idsSoql } from './soql-query.js';
import { StopRequested } from './soql-sync-down.js';

export async function cleanSoqlGhosts(
  state: SyncState,
  store: SmartStore,
  client: SalesforceClient,
  stopRequested: () => boolean,
): Promise<number> {
  const target = state.target as SoqlSyncDownTarget;
  const idField = target.idFieldName ?? 'Id';
  const remote = new Set<unknown>();
  let page = await client.query(idsSoql(target.query, idField));
  for (;;) {
    for (const record of page.records) remote.add(record[idField]);
    if (page.done || page.nextRecordsUrl === undefined) break;
    if (stopRequested()) throw new StopRequested();
    page = await client.queryMore(page.nextRecordsUrl);
  }
  const soup = state.soupName;
  const perSync = store.hasIndexForPath(soup, SYNC_ID);
  const candidates = store.query(
    buildSmartQuerySpec({
      smartSql: `SELECT {${soup}:_soupEntryId}, {${soup}:${idField}} FROM {${soup}} WHERE {${soup}:${LOCAL}} = 'false'${perSync ? ` AND {${soup}:${SYNC_ID}} = ?` : ''}`,
      pageSize: 10_000_000,
    }),
    0,
    perSync ? [state.id] : [],
  ) as [number, unknown][];
  const ghosts = candidates.filter(([, id]) => !remote.has(id)).map(([entryId]) => entryId);
  if (ghosts.length > 0) store.remove(soup, ghosts);
  return ghosts.length;
}
