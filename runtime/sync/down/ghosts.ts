/**
 * Ghost cleaning (§3.10 of the design notes), the part every sync-down target
 * shares (each target's module says which ids the server still has): the ids the server still has for the target, against the clean records the
 * sync brought (all clean records of the soup when `__sync_id__` is not
 * indexed, as in the SDK); the difference is removed. Dirty records and
 * records without the flags are never removed. Id lists go to the server in
 * slices of at most 500, and a stop request is seen between slices and pages.
 * The sync's state is not changed.
 */
import { buildSmartQuerySpec } from '../../store/query-spec.js';
import type { SmartStore } from '../../store/smart-store.js';
import { LOCAL, SYNC_ID } from '../contracts/constants.js';
import { soqlIdList } from '../contracts/soql-text.js';
import type { MruSyncDownTarget, RefreshSyncDownTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import { checkStop, type GhostContext } from '../engine/run-context.js';
import { isLocalId } from '../local-edits.js';
import { pagesFrom } from './query-pages.js';

const IDS_PER_SOQL = 500;

/**
 * Clean records of `soup` this sync may remove, `[soupEntryId, id]`: none
 * written after `since` (epoch ms of the store's own clock), so a record
 * another sync brought while the server's ids were being read stays.
 */
function candidates(
  store: SmartStore,
  soup: string,
  idField: string,
  syncId: number,
  since: number,
): [number, unknown][] {
  const perSync = store.hasIndexForPath(soup, SYNC_ID);
  return store.query(
    buildSmartQuerySpec({
      smartSql: `SELECT {${soup}:_soupEntryId}, {${soup}:${idField}} FROM {${soup}} WHERE {${soup}:${LOCAL}} = 'false' AND {${soup}:_soupLastModifiedDate} <= ?${perSync ? ` AND {${soup}:${SYNC_ID}} = ?` : ''}`,
      pageSize: 10_000_000,
    }),
    0,
    perSync ? [since, syncId] : [since],
  ) as [number, unknown][];
}

/**
 * Removes the clean records of `soup` the server does not have (and that
 * `keep` does not hold back), deciding and removing in one transaction so a
 * record edited meanwhile (dirty now) is never removed.
 */
export function removeMissing(
  store: SmartStore,
  soup: string,
  local: { readonly idField: string; readonly syncId: number; readonly since: number },
  remote: ReadonlySet<unknown>,
  keep: () => (id: unknown) => boolean = () => () => false,
): number {
  return store.transaction(() => {
    const kept = keep();
    const ghosts = candidates(store, soup, local.idField, local.syncId, local.since)
      .filter(([, id]) => !remote.has(id) && !kept(id))
      .map(([entryId]) => entryId);
    if (ghosts.length > 0) store.remove(soup, ghosts);
    return ghosts.length;
  });
}

/** Every id a SOQL query returns, all pages. */
export async function allIds(
  context: GhostContext,
  soql: string,
  idField: string,
): Promise<Set<unknown>> {
  const ids = new Set<unknown>();
  const first = await context.client.query(soql);
  for await (const page of pagesFrom(context.client, first, {
    beforeNext: () => checkStop(context),
  })) {
    for (const record of page.records) ids.add(record[idField]);
  }
  return ids;
}

/** Which of `ids` the server still has, asked `IDS_PER_SOQL` at a time. */
async function existingIds(
  context: GhostContext,
  type: string,
  ids: readonly unknown[],
): Promise<Set<unknown>> {
  const serverIds = ids.filter((id): id is string => typeof id === 'string' && !isLocalId(id));
  const found = new Set<unknown>();
  for (let start = 0; start < serverIds.length; start += IDS_PER_SOQL) {
    checkStop(context);
    const slice = serverIds.slice(start, start + IDS_PER_SOQL);
    for (const id of await allIds(
      context,
      `select Id from ${type} where Id IN (${soqlIdList(slice)})`,
      'Id',
    ))
      found.add(id);
  }
  return found;
}

/**
 * For targets without a query of their ids (mru, refresh): the clean local
 * records of the sync's `sobjectType` the server no longer has, asked by id.
 */
export async function byIdGhosts(
  state: SyncState,
  context: GhostContext,
  idField: string,
): Promise<number> {
  const since = Date.now();
  const target = state.target as MruSyncDownTarget | RefreshSyncDownTarget;
  const asked = new Set(
    candidates(context.store, state.soupName, idField, state.id, since).map(([, id]) => id),
  );
  const remote = await existingIds(context, target.sobjectType, [...asked]);
  // Records with a local id were never on the server: not ghosts.
  return removeMissing(
    context.store,
    state.soupName,
    { idField, syncId: state.id, since },
    remote,
    () => (id) => isLocalId(id) || !asked.has(id),
  );
}
