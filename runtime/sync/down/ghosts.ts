/**
 * Ghost cleaning (§3.10 of the design notes), for every sync-down target:
 * the ids the server still has for the target, against the clean records the
 * sync brought (all clean records of the soup when `__sync_id__` is not
 * indexed, as in the SDK); the difference is removed. Dirty records and
 * records without the flags are never removed. Id lists go to the server in
 * slices of at most 500, and a stop request is seen between slices and pages.
 * The sync's state is not changed.
 */
import { assertNever } from '../../errors.js';
import { buildSmartQuerySpec } from '../../store/query-spec.js';
import type { SmartStore } from '../../store/smart-store.js';
import { LOCAL, SYNC_ID } from '../constants.js';
import { isLocalId } from '../local-edits.js';
import { checkStop, type GhostContext } from '../run-context.js';
import { checkedRecords } from '../server-answers.js';
import { soqlIdList } from '../soql-text.js';
import type {
  BriefcaseSyncDownTarget,
  MruSyncDownTarget,
  ParentChildrenSyncDownTarget,
  RefreshSyncDownTarget,
  SoqlSyncDownTarget,
  SoslSyncDownTarget,
  SyncDownTarget,
} from '../sync-config.js';
import { SyncError } from '../sync-error.js';
import type { SyncState } from '../sync-state.js';
import { briefcaseInfos, primedIds } from './briefcase-sync-down.js';
import { childRecords, dirtyFamilies, fieldsOf } from './parent-children-sync-down.js';
import { pagesFrom } from './query-pages.js';
import { idsSoql } from './soql-query.js';

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
function removeMissing(
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
async function allIds(context: GhostContext, soql: string, idField: string): Promise<Set<unknown>> {
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

async function soqlGhosts(state: SyncState, context: GhostContext): Promise<number> {
  const since = Date.now();
  const target = state.target as SoqlSyncDownTarget;
  const idField = target.idFieldName ?? 'Id';
  const remote = await allIds(context, idsSoql(target.query, idField), idField);
  return removeMissing(context.store, state.soupName, { idField, syncId: state.id, since }, remote);
}

async function soslGhosts(state: SyncState, context: GhostContext): Promise<number> {
  const since = Date.now();
  const target = state.target as SoslSyncDownTarget;
  const idField = target.idFieldName ?? 'Id';
  const found = checkedRecords(await context.client.search(target.query), 'the search');
  return removeMissing(
    context.store,
    state.soupName,
    { idField, syncId: state.id, since },
    new Set(found.map((r) => r[idField])),
  );
}

/** mru and refresh: the clean local records the server no longer has. */
async function byIdGhosts(state: SyncState, context: GhostContext): Promise<number> {
  const since = Date.now();
  const target = state.target as MruSyncDownTarget | RefreshSyncDownTarget;
  const idField = target.type === 'refresh' ? 'Id' : (target.idFieldName ?? 'Id');
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

async function parentChildrenGhosts(state: SyncState, context: GhostContext): Promise<number> {
  const since = Date.now();
  const target = state.target as ParentChildrenSyncDownTarget;
  const parent = fieldsOf(target.parent);
  const child = fieldsOf(target.children);
  const filter = target.parentSoqlFilter.trim();
  const where = filter === '' ? '' : ` where ${filter}`;
  const from = `from ${target.parent.sobjectType}${where}`;
  const remoteParents = await allIds(context, `select ${parent.id} ${from}`, parent.id);
  // A clean parent with a dirty child stays.
  let removed = removeMissing(
    context.store,
    target.parent.soupName,
    { idField: parent.id, syncId: state.id, since },
    remoteParents,
    () => {
      const families = dirtyFamilies(context.store, target.parent, target.children);
      return (id) => families.has(id);
    },
  );
  checkStop(context);
  const remoteChildren = new Set<unknown>();
  const first = await context.client.query(
    `select ${parent.id}, (select ${child.id} from ${target.children.sobjectTypePlural}) ${from}`,
  );
  for await (const page of pagesFrom(context.client, first, {
    beforeNext: () => checkStop(context),
  })) {
    for (const record of page.records) {
      for (const kid of await childRecords(
        context.client,
        record[target.children.sobjectTypePlural],
      ))
        remoteChildren.add(kid[child.id]);
    }
  }
  removed += removeMissing(
    context.store,
    target.children.soupName,
    { idField: child.id, syncId: state.id, since },
    remoteChildren,
  );
  return removed;
}

async function briefcaseGhosts(state: SyncState, context: GhostContext): Promise<number> {
  const since = Date.now();
  const target = state.target as BriefcaseSyncDownTarget;
  const infos = briefcaseInfos(target);
  const { ids, ruleErrors } = await primedIds(context, 0);
  if (ruleErrors > 0) {
    throw new SyncError(
      'SYNC_FAILED',
      `briefcase sync ${state.name ?? state.id}: the server reported ${ruleErrors} rule error(s); no ghosts were removed`,
    );
  }
  let removed = 0;
  for (const info of infos) {
    removed += removeMissing(
      context.store,
      info.soupName,
      { idField: info.idFieldName ?? 'Id', syncId: state.id, since },
      new Set(ids.get(info.sobjectType) ?? []),
    );
  }
  return removed;
}

/** Removes the sync's ghosts; resolves with how many records were removed. */
export function cleanGhosts(state: SyncState, context: GhostContext): Promise<number> {
  const target = state.target as SyncDownTarget;
  switch (target.type) {
    case 'soql':
      return soqlGhosts(state, context);
    case 'sosl':
      return soslGhosts(state, context);
    case 'mru':
    case 'refresh':
      return byIdGhosts(state, context);
    case 'parent_children':
      return parentChildrenGhosts(state, context);
    case 'briefcase':
      return briefcaseGhosts(state, context);
    case 'metadata':
    case 'layout':
      return Promise.resolve(0);
    default:
      return assertNever(target, 'sync down target');
  }
}
