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

/** Clean records of `soup` this sync may remove: `[soupEntryId, id]`. */
function candidates(
  store: SmartStore,
  soup: string,
  idField: string,
  syncId: number,
): [number, unknown][] {
  const perSync = store.hasIndexForPath(soup, SYNC_ID);
  return store.query(
    buildSmartQuerySpec({
      smartSql: `SELECT {${soup}:_soupEntryId}, {${soup}:${idField}} FROM {${soup}} WHERE {${soup}:${LOCAL}} = 'false'${perSync ? ` AND {${soup}:${SYNC_ID}} = ?` : ''}`,
      pageSize: 10_000_000,
    }),
    0,
    perSync ? [syncId] : [],
  ) as [number, unknown][];
}

/** Removes the candidates the server does not have (and that `keep` does not hold back). */
function removeMissing(
  store: SmartStore,
  soup: string,
  local: readonly [number, unknown][],
  remote: ReadonlySet<unknown>,
  keep: (id: unknown) => boolean = () => false,
): number {
  const ghosts = local.filter(([, id]) => !remote.has(id) && !keep(id)).map(([entryId]) => entryId);
  if (ghosts.length > 0) store.remove(soup, ghosts);
  return ghosts.length;
}

/** Every id a SOQL query returns, all pages. */
async function allIds(context: GhostContext, soql: string, idField: string): Promise<Set<unknown>> {
  const ids = new Set<unknown>();
  const first = await context.client.query(soql);
  for await (const page of pagesFrom(context.client, first, () => checkStop(context))) {
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
  const target = state.target as SoqlSyncDownTarget;
  const idField = target.idFieldName ?? 'Id';
  const remote = await allIds(context, idsSoql(target.query, idField), idField);
  const local = candidates(context.store, state.soupName, idField, state.id);
  return removeMissing(context.store, state.soupName, local, remote);
}

async function soslGhosts(state: SyncState, context: GhostContext): Promise<number> {
  const target = state.target as SoslSyncDownTarget;
  const idField = target.idFieldName ?? 'Id';
  const remote = new Set((await context.client.search(target.query)).map((r) => r[idField]));
  const local = candidates(context.store, state.soupName, idField, state.id);
  return removeMissing(context.store, state.soupName, local, remote);
}

/** mru and refresh: the clean local records the server no longer has. */
async function byIdGhosts(state: SyncState, context: GhostContext): Promise<number> {
  const target = state.target as MruSyncDownTarget | RefreshSyncDownTarget;
  const idField = target.type === 'refresh' ? 'Id' : (target.idFieldName ?? 'Id');
  const local = candidates(context.store, state.soupName, idField, state.id);
  const remote = await existingIds(
    context,
    target.sobjectType,
    local.map(([, id]) => id),
  );
  // Records with a local id were never on the server: not ghosts.
  return removeMissing(context.store, state.soupName, local, remote, isLocalId);
}

async function parentChildrenGhosts(state: SyncState, context: GhostContext): Promise<number> {
  const target = state.target as ParentChildrenSyncDownTarget;
  const parent = fieldsOf(target.parent);
  const child = fieldsOf(target.children);
  const filter = target.parentSoqlFilter.trim();
  const where = filter === '' ? '' : ` where ${filter}`;
  const from = `from ${target.parent.sobjectType}${where}`;
  const remoteParents = await allIds(context, `select ${parent.id} ${from}`, parent.id);
  // A clean parent with a dirty child stays.
  const families = dirtyFamilies(context.store, target.parent, target.children);
  let removed = removeMissing(
    context.store,
    target.parent.soupName,
    candidates(context.store, target.parent.soupName, parent.id, state.id),
    remoteParents,
    (id) => families.has(id),
  );
  checkStop(context);
  const remoteChildren = new Set<unknown>();
  const first = await context.client.query(
    `select ${parent.id}, (select ${child.id} from ${target.children.sobjectTypePlural}) ${from}`,
  );
  for await (const page of pagesFrom(context.client, first, () => checkStop(context))) {
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
    candidates(context.store, target.children.soupName, child.id, state.id),
    remoteChildren,
  );
  return removed;
}

async function briefcaseGhosts(state: SyncState, context: GhostContext): Promise<number> {
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
    const idField = info.idFieldName ?? 'Id';
    removed += removeMissing(
      context.store,
      info.soupName,
      candidates(context.store, info.soupName, idField, state.id),
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
