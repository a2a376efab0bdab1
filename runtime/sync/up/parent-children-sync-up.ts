/**
 * The parent-children sync-up target (§4.6 of the design notes): every parent
 * that is dirty or has a dirty child, one family per `POST …/composite` call
 * (`allOrNone: false`): the parent's create or update first, then its dirty
 * children (children of a parent created here point at it by
 * `@{<parent reference>.id}`), the parent's delete last. The answers are
 * written back in one transaction; a family whose server parent was deleted is
 * created again once under OVERWRITE.
 */
import { buildSmartQuerySpec } from '../../store/query-spec.js';
import type { StoredEntry } from '../../store/smart-store.js';
import { checkParentChildrenNames, fieldsOf } from '../down/parent-children-sync-down.js';
import { cleanRecord, isDirty, isLocalId } from '../local-edits.js';
import { isLocalNewer, type ServerStamp } from '../merge-mode.js';
import { checkStop, type RunContext } from '../run-context.js';
import type { CompositeSubrequest } from '../salesforce-client.js';
import { soqlIdList } from '../soql-text.js';
import type { ParentChildrenSyncUpTarget } from '../sync-config.js';
import { SyncError } from '../sync-error.js';
import type { SyncState } from '../sync-state.js';
import { outcomeOf, referenceIdOf, subrequestOf } from './batch-sync-up.js';
import {
  dirtyEntries,
  externalIdOf,
  markedCreated,
  markedUpdated,
  operationOf,
  type WriteSettings,
  withLastError,
  writeSettings,
} from './dirty-records.js';
import {
  createsAnswered,
  reconcileUnansweredCreates,
  sendingCreates,
} from './unanswered-creates.js';

interface Family {
  readonly target: ParentChildrenSyncUpTarget;
  readonly parent: WriteSettings;
  readonly child: WriteSettings;
  readonly parentIdField: string;
  readonly masterDetail: boolean;
}

/** The settings of both sides; children have no `options.fieldlist` fallback. */
export function familySettings(state: Pick<SyncState, 'soupName' | 'options' | 'target'>): Family {
  const target = state.target as ParentChildrenSyncUpTarget;
  if (typeof target.parent !== 'object' || typeof target.children !== 'object') {
    throw new SyncError('SYNC_BAD_TARGET', 'A parent_children sync up needs parent and children');
  }
  checkParentChildrenNames(target.parent, target.children, [
    target.createFieldlist,
    target.updateFieldlist,
    target.childrenCreateFieldlist,
    target.childrenUpdateFieldlist,
  ]);
  if (
    target.childrenCreateFieldlist === undefined ||
    target.childrenUpdateFieldlist === undefined
  ) {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      `sync up of soup ${state.soupName}: a parent_children target needs childrenCreateFieldlist and childrenUpdateFieldlist`,
    );
  }
  const parentInfo = { ...target, ...target.parent };
  return {
    target,
    parent: writeSettings(
      state,
      { create: target.createFieldlist, update: target.updateFieldlist },
      {
        idFieldName: fieldsOf(parentInfo).id,
        modificationDateFieldName: fieldsOf(parentInfo).mod,
        externalIdFieldName:
          target.parent.externalIdFieldName ?? target.externalIdFieldName ?? null,
      },
    ),
    child: writeSettings(
      state,
      { create: target.childrenCreateFieldlist, update: target.childrenUpdateFieldlist },
      target.children,
      false,
    ),
    parentIdField: target.children.parentIdFieldName,
    masterDetail: target.relationshipType === 'MASTER_DETAIL',
  };
}

export async function runParentChildrenSyncUp(
  state: SyncState,
  context: RunContext,
): Promise<void> {
  const family = familySettings(state);
  const { target } = family;
  const parentSoup = target.parent.soupName;
  const childSoup = target.children.soupName;
  const dirtyParents = dirtyEntries(context.store, parentSoup);
  await reconcileUnansweredCreates(dirtyParents, parentSoup, family.parent, context, (from, to) =>
    repointChildren(context, family, from, to),
  );
  // Read after the parents' reconciliation, which may have re-pointed children.
  const dirtyChildren = dirtyEntries(context.store, childSoup);
  await reconcileUnansweredCreates(dirtyChildren, childSoup, family.child, context);
  const units = familiesToSend(context, family, dirtyParents, dirtyChildren);
  const totalSize = units.length;
  context.update({ totalSize, progress: 0 });
  for (const [index, unit] of units.entries()) {
    checkStop(context);
    const [parent] = context.store.retrieve(parentSoup, [unit]);
    if (parent !== undefined) {
      const children = childrenOf(context, family, parent[family.parent.idField]);
      if (
        state.options.mergeMode === 'OVERWRITE' ||
        (await familyIsNewer(context, family, parent, children))
      ) {
        await sendFamily(context, state, family, parent, children, true);
      }
    }
    const done = index + 1;
    if (done < totalSize) context.update({ progress: Math.floor((done * 100) / totalSize) });
  }
}

/** Entry ids of the parents to send: dirty ones and those with a dirty child, in entry order. */
function familiesToSend(
  context: RunContext,
  family: Family,
  dirtyParents: readonly StoredEntry[],
  dirtyChildren: readonly StoredEntry[],
): number[] {
  const units = new Set(dirtyParents.map((entry) => entry._soupEntryId));
  const parentIds = new Set(dirtyChildren.map((child) => child[family.parentIdField]));
  if (parentIds.size > 0) {
    const p = family.target.parent.soupName;
    const rows = context.store.query(
      buildSmartQuerySpec({
        smartSql: `SELECT {${p}:_soupEntryId}, {${p}:${family.parent.idField}} FROM {${p}}`,
        pageSize: 10_000_000,
      }),
    ) as [number, unknown][];
    for (const [entryId, id] of rows) if (parentIds.has(id)) units.add(entryId);
  }
  return [...units].sort((a, b) => a - b);
}

/** Every child of the parent with id `parentId`, in entry order. */
function childrenOf(context: RunContext, family: Family, parentId: unknown): StoredEntry[] {
  if (typeof parentId !== 'string') return [];
  const c = family.target.children.soupName;
  const rows = context.store.query(
    buildSmartQuerySpec({
      smartSql: `SELECT {${c}:_soupEntryId} FROM {${c}} WHERE {${c}:${family.parentIdField}} = ? ORDER BY {${c}:_soupEntryId}`,
      pageSize: 10_000_000,
    }),
    0,
    [parentId],
  ) as [number][];
  return context.store.retrieve(
    c,
    rows.map(([id]) => id),
  );
}

/** Children pointing at a parent's local id now point at its server id. */
function repointChildren(context: RunContext, family: Family, from: unknown, to: string): void {
  const children = childrenOf(context, family, from);
  if (children.length > 0)
    context.store.upsert(
      family.target.children.soupName,
      children.map((child) => ({ ...child, [family.parentIdField]: to })),
    );
}

/**
 * LEAVE_IF_CHANGED for a family: one SOQL for the parent's and its children's
 * server dates; the family goes only if the parent and every dirty child pass
 * (a child the server does not have counts as deleted there).
 */
async function familyIsNewer(
  context: RunContext,
  family: Family,
  parent: StoredEntry,
  children: readonly StoredEntry[],
): Promise<boolean> {
  const parentOperation = operationOf(parent, family.parent.idField);
  if (parentOperation === 'create' || parentOperation === 'deleteLocal') return true;
  const p = family.parent;
  const c = family.child;
  const page = await context.client.query(
    `select ${p.idField}, ${p.modField}, (select ${c.idField}, ${c.modField} from ${family.target.children.sobjectTypePlural}) from ${family.target.parent.sobjectType} where ${p.idField} IN (${soqlIdList([String(parent[p.idField])])})`,
  );
  const remote = page.records[0];
  const remoteChildren = new Map<unknown, ServerStamp>();
  const nested = remote?.[family.target.children.sobjectTypePlural] as
    | { records?: Record<string, unknown>[] }
    | null
    | undefined;
  for (const kid of nested?.records ?? [])
    remoteChildren.set(kid[c.idField], kid[c.modField] as string);
  const parentStamp: ServerStamp = remote === undefined ? null : (remote[p.modField] as string);
  if (isDirty(parent) && !isLocalNewer(parentOperation, parent[p.modField], parentStamp))
    return false;
  return children
    .filter((child) => isDirty(child))
    .every((child) =>
      isLocalNewer(
        operationOf(child, c.idField),
        child[c.modField],
        remoteChildren.get(child[c.idField]) ?? null,
      ),
    );
}

/** One composite call for a family; sends it again once when its server side was deleted (OVERWRITE). */
async function sendFamily(
  context: RunContext,
  state: SyncState,
  family: Family,
  parent: StoredEntry,
  children: readonly StoredEntry[],
  firstPass: boolean,
): Promise<void> {
  const { store, client } = context;
  const { target } = family;
  const parentSoup = target.parent.soupName;
  const childSoup = target.children.soupName;
  const version = client.apiVersion;
  const parentOperation = isDirty(parent) ? operationOf(parent, family.parent.idField) : undefined;
  const parentId = parent[family.parent.idField];

  if (parentOperation === 'deleteLocal') {
    store.transaction(() => {
      store.remove(parentSoup, [parent._soupEntryId]);
      if (family.masterDetail && children.length > 0)
        store.remove(
          childSoup,
          children.map((child) => child._soupEntryId),
        );
    });
    return;
  }
  const parentCreated = parentOperation === 'create';
  const parentDeleted = parentOperation === 'delete';
  const parentReference = referenceIdOf(parent, family.parent.idField);
  // Children of a master-detail parent being deleted go with it on the server.
  const sendChildren = !(parentDeleted && family.masterDetail);
  const toSend = sendChildren
    ? children
        .map((child) => (parentCreated && !isDirty(child) ? markedUpdated(child) : child))
        .filter((child) => isDirty(child))
    : [];
  const localOnly = toSend.filter(
    (child) => operationOf(child, family.child.idField) === 'deleteLocal',
  );
  const sentChildren = toSend.filter((child) => !localOnly.includes(child));

  const requests: CompositeSubrequest[] = [];
  if (parentOperation === 'create' || parentOperation === 'update')
    requests.push(subrequestOf(parent, family.parent, version) as CompositeSubrequest);
  for (const child of sentChildren) {
    const operation = operationOf(child, family.child.idField);
    const listed = (
      operation === 'create' ? family.child.createFields : family.child.updateFields
    ).includes(family.parentIdField);
    const parentRef = parentCreated ? `@{${parentReference}.id}` : parentId;
    const overrides =
      !parentDeleted && (operation === 'create' || listed)
        ? { [family.parentIdField]: parentRef }
        : {};
    requests.push(subrequestOf(child, family.child, version, overrides) as CompositeSubrequest);
  }
  if (parentDeleted)
    requests.push(subrequestOf(parent, family.parent, version) as CompositeSubrequest);

  if (localOnly.length > 0)
    store.remove(
      childSoup,
      localOnly.map((child) => child._soupEntryId),
    );
  if (requests.length === 0) return;
  const isPlainCreate = (entry: StoredEntry, settings: WriteSettings) =>
    operationOf(entry, settings.idField) === 'create' &&
    externalIdOf(entry, settings) === undefined;
  const responses = await sendingCreates(
    context,
    {
      soupEntryIds:
        parentCreated && isPlainCreate(parent, family.parent) ? [parent._soupEntryId] : [],
      childEntryIds: sentChildren
        .filter((child) => isPlainCreate(child, family.child))
        .map((child) => child._soupEntryId),
    },
    () => client.composite(false, requests),
  );
  const byReference = new Map(responses.map((response) => [response.referenceId, response]));
  let resendFamily = false;
  const resendChildren: StoredEntry[] = [];

  store.transaction(() => {
    let newParentId = parentId;
    if (parentOperation !== undefined) {
      const outcome = outcomeOf(byReference.get(parentReference));
      if (outcome.kind === 'success' || (parentDeleted && outcome.kind === 'notThere')) {
        if (parentDeleted) {
          store.remove(parentSoup, [parent._soupEntryId]);
          if (family.masterDetail && children.length > 0)
            store.remove(
              childSoup,
              children.map((child) => child._soupEntryId),
            );
        } else {
          newParentId =
            outcome.kind === 'success' && outcome.id !== undefined ? outcome.id : parentId;
          store.upsert(parentSoup, [
            cleanRecord({ ...parent, [family.parent.idField]: newParentId }),
          ]);
        }
      } else if (
        outcome.kind === 'notThere' &&
        firstPass &&
        state.options.mergeMode === 'OVERWRITE'
      ) {
        resendFamily = true;
      } else {
        store.upsert(parentSoup, [withLastError(parent, outcome.error)]);
      }
    }
    const saved: StoredEntry[] = [];
    const removed: number[] = [];
    for (const child of sentChildren) {
      const outcome = outcomeOf(byReference.get(referenceIdOf(child, family.child.idField)));
      const isDelete = operationOf(child, family.child.idField) === 'delete';
      if (outcome.kind === 'success' || (isDelete && outcome.kind === 'notThere')) {
        if (isDelete) removed.push(child._soupEntryId);
        else
          saved.push(
            cleanRecord({
              ...child,
              [family.child.idField]:
                outcome.kind === 'success' && outcome.id !== undefined
                  ? outcome.id
                  : child[family.child.idField],
              ...(isLocalId(child[family.parentIdField]) || parentCreated
                ? { [family.parentIdField]: newParentId }
                : {}),
            }),
          );
      } else if (
        firstPass &&
        state.options.mergeMode === 'OVERWRITE' &&
        outcome.kind === 'notThere'
      ) {
        saved.push(markedCreated(child));
        resendChildren.push(child);
      } else if (
        firstPass &&
        state.options.mergeMode === 'OVERWRITE' &&
        outcome.kind === 'parentGone'
      ) {
        resendFamily = true;
      } else {
        saved.push(withLastError(child, outcome.error));
      }
    }
    if (resendFamily) {
      // The server parent is gone: the whole family is created again.
      store.upsert(parentSoup, [markedCreated(parent)]);
      store.upsert(
        childSoup,
        children.map((child) =>
          family.masterDetail ? markedCreated(child) : markedUpdated(child),
        ),
      );
    } else {
      if (saved.length > 0) store.upsert(childSoup, saved);
      if (removed.length > 0) store.remove(childSoup, removed);
    }
    createsAnswered(context);
  });
  if (!firstPass || (!resendFamily && resendChildren.length === 0)) return;
  const [again] = store.retrieve(parentSoup, [parent._soupEntryId]);
  if (again === undefined) return;
  await sendFamily(
    context,
    state,
    family,
    again,
    childrenOf(context, family, again[family.parent.idField]),
    false,
  );
}
