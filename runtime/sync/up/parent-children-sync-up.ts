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
import { checkedPage } from '../adapters/server-answers.js';
import type { CompositeSubrequest, RestRecord } from '../contracts/salesforce-client.js';
import { soqlIdList } from '../contracts/soql-text.js';
import type { ParentChildrenSyncUpTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import type { SyncState } from '../contracts/sync-state.js';
import {
  checkParentChildrenNames,
  fieldsOf,
  repointChildren as repointChildrenOf,
} from '../down/parent-children-sync-down.js';
import type { PendingWrite } from '../engine/pending-ledger.js';
import { checkStop, type RunContext } from '../engine/run-context.js';
import { isDirty, isLocalId } from '../local-edits.js';
import {
  checkedSubresponses,
  outcomeOf,
  referenceIdOf,
  type SubOutcome,
  subrequestOf,
} from './batch-sync-up.js';
import {
  dirtyEntries,
  externalIdOf,
  markedUpdated,
  operationOf,
  type WriteSettings,
  writeSettings,
} from './dirty-records.js';
import { isLocalNewer, type ServerStamp } from './merge-mode.js';
import {
  adoptStamps,
  createNotes,
  notesOf,
  reconcilePending,
  sendNoted,
  settle,
} from './pending-writes.js';
import { digests, type Written } from './record-batches.js';
import { type Outcome, writeBack } from './write-back.js';

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
  const heldParents = await reconcilePending(context, parentSoup, family.parent, (from, to) =>
    repointChildren(context, family, from, to),
  );
  // After the parents' reconciliation, which may have re-pointed children.
  const heldChildren = await reconcilePending(context, childSoup, family.child);
  const units = familiesToSend(
    context,
    family,
    dirtyEntries(context.store, parentSoup),
    dirtyEntries(context.store, childSoup),
  );
  const totalSize = units.length;
  context.update({ totalSize, progress: 0 });
  for (const [index, unit] of units.entries()) {
    checkStop(context);
    // The family as it is now: an edit made while earlier families were sent goes with it.
    const [parent] = heldParents.has(unit) ? [] : context.store.retrieve(parentSoup, [unit]);
    if (parent !== undefined) {
      const children = childrenOf(context, family, parent[family.parent.idField]).filter(
        (child) => !heldChildren.has(child._soupEntryId),
      );
      const dirty = isDirty(parent) || children.some((child) => isDirty(child));
      if (
        dirty &&
        (state.options.mergeMode === 'OVERWRITE' ||
          (await familyIsNewer(context, family, parent, children)))
      ) {
        const written = await sendFamily(context, state, family, parent, children, true);
        if (state.options.mergeMode === 'LEAVE_IF_CHANGED') {
          await adoptStamps(context, parentSoup, family.parent, digests(written.parent));
          await adoptStamps(context, childSoup, family.child, digests(written.children));
        }
      }
    }
    const done = index + 1;
    if (done < totalSize) context.report({ progress: Math.floor((done * 100) / totalSize) });
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
  repointChildrenOf(context.store, family.target.children, from, to);
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
  const page = checkedPage(
    await context.client.query(
      `select ${p.idField}, ${p.modField}, (select ${c.idField}, ${c.modField} from ${family.target.children.sobjectTypePlural}) from ${family.target.parent.sobjectType} where ${p.idField} IN (${soqlIdList([String(parent[p.idField])])})`,
    ),
    "the family's server dates",
  );
  const remote = page.records[0];
  const remoteChildren = new Map<unknown, ServerStamp>();
  const nested = remote?.[family.target.children.sobjectTypePlural] as
    | { records?: Record<string, unknown>[] }
    | null
    | undefined;
  for (const kid of Array.isArray(nested?.records) ? nested.records : [])
    remoteChildren.set(kid?.[c.idField], kid?.[c.modField] as string);
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

/** What a family call wrote, per soup (for LEAVE_IF_CHANGED's stamps). */
interface FamilyWritten {
  readonly parent: Written[];
  readonly children: Written[];
}

/**
 * One composite call for a family; sends it again once when its server side
 * was deleted (OVERWRITE). Every answer is written to the parent and children
 * as they are now (see `write-back.ts`).
 */
async function sendFamily(
  context: RunContext,
  state: SyncState,
  family: Family,
  parent: StoredEntry,
  children: readonly StoredEntry[],
  firstPass: boolean,
): Promise<FamilyWritten> {
  const { store, client } = context;
  const { target } = family;
  const parentSoup = target.parent.soupName;
  const childSoup = target.children.soupName;
  const version = client.apiVersion;
  const overwrite = state.options.mergeMode === 'OVERWRITE';
  const leaving = state.options.mergeMode === 'LEAVE_IF_CHANGED';
  const parentOperation = isDirty(parent) ? operationOf(parent, family.parent.idField) : undefined;
  const parentId = parent[family.parent.idField];
  const none: FamilyWritten = { parent: [], children: [] };
  const cascade = (outcome: Outcome) =>
    writeBack(
      store,
      childSoup,
      family.child.idField,
      children,
      children.map(() => outcome),
    );

  if (parentOperation === 'deleteLocal') {
    context.transaction(() => {
      writeBack(store, parentSoup, family.parent.idField, [parent], [{ kind: 'deleted' }]);
      if (family.masterDetail) cascade({ kind: 'deleted' });
    });
    return none;
  }
  const parentCreated = parentOperation === 'create';
  const parentDeleted = parentOperation === 'delete';
  const parentReference = referenceIdOf(parent, family.parent.idField);
  // Children of a master-detail parent being deleted go with it on the server.
  const sendChildren = !(parentDeleted && family.masterDetail);
  // Each child as stored (what write-back compares with) and as sent (all of a created parent's go).
  const toSend = sendChildren
    ? children
        .map((stored) => ({
          stored,
          sent: parentCreated && !isDirty(stored) ? markedUpdated(stored) : stored,
        }))
        .filter(({ sent }) => isDirty(sent))
    : [];
  const localOnly = toSend.filter(
    ({ sent }) => operationOf(sent, family.child.idField) === 'deleteLocal',
  );
  const sentChildren = toSend.filter((child) => !localOnly.includes(child));

  const requests: CompositeSubrequest[] = [];
  if (parentOperation === 'create' || parentOperation === 'update')
    requests.push(subrequestOf(parent, family.parent, version) as CompositeSubrequest);
  for (const { sent } of sentChildren) {
    const operation = operationOf(sent, family.child.idField);
    const listed = (
      operation === 'create' ? family.child.createFields : family.child.updateFields
    ).includes(family.parentIdField);
    const parentRef = parentCreated ? `@{${parentReference}.id}` : parentId;
    const overrides =
      !parentDeleted && (operation === 'create' || listed)
        ? { [family.parentIdField]: parentRef }
        : {};
    requests.push(subrequestOf(sent, family.child, version, overrides) as CompositeSubrequest);
  }
  if (parentDeleted)
    requests.push(subrequestOf(parent, family.parent, version) as CompositeSubrequest);

  if (localOnly.length > 0)
    context.transaction(() =>
      writeBack(
        store,
        childSoup,
        family.child.idField,
        localOnly.map(({ stored }) => stored),
        localOnly.map(() => ({ kind: 'deleted' })),
      ),
    );
  if (requests.length === 0) return none;
  const bodyOf = (entry: StoredEntry, settings: WriteSettings) =>
    (requests.find((r) => r.referenceId === referenceIdOf(entry, settings.idField))?.body ??
      {}) as RestRecord;
  const isPlainCreate = (entry: StoredEntry, settings: WriteSettings) =>
    operationOf(entry, settings.idField) === 'create' &&
    externalIdOf(entry, settings) === undefined;
  const isUpdate = (entry: StoredEntry, settings: WriteSettings) =>
    operationOf(entry, settings.idField) === 'update';
  const sentChildEntries = sentChildren.map(({ sent }) => sent);
  const notes: PendingWrite[] = [
    ...(await createNotes(
      context,
      state,
      parentSoup,
      parentCreated && isPlainCreate(parent, family.parent) ? [parent] : [],
      family.parent,
    )),
    ...(await createNotes(
      context,
      state,
      childSoup,
      sentChildEntries.filter((child) => isPlainCreate(child, family.child)),
      family.child,
    )),
    ...(leaving
      ? [
          ...(await notesOf(
            context,
            state,
            parentSoup,
            'update',
            parentOperation === 'update'
              ? [{ entry: parent._soupEntryId, body: bodyOf(parent, family.parent) }]
              : [],
          )),
          ...(await notesOf(
            context,
            state,
            childSoup,
            'update',
            sentChildEntries
              .filter((child) => isUpdate(child, family.child))
              .map((child) => ({ entry: child._soupEntryId, body: bodyOf(child, family.child) })),
          )),
        ]
      : []),
  ];
  const responses = checkedSubresponses(
    await sendNoted(context, notes, () => client.composite(false, requests)),
    requests,
    'the composite call',
  );
  const answer = (entry: StoredEntry, settings: WriteSettings): SubOutcome =>
    outcomeOf(responses.get(referenceIdOf(entry, settings.idField)));

  let resendFamily = false;
  let parentOutcome: Outcome | undefined;
  if (parentOperation !== undefined) {
    const outcome = answer(parent, family.parent);
    if (outcome.kind === 'success') {
      if (parentDeleted) parentOutcome = { kind: 'deleted' };
      else
        parentOutcome = parentCreated
          ? { kind: 'created', id: outcome.id ?? parentId }
          : { kind: 'updated' };
    } else if (parentDeleted && outcome.kind === 'notThere') parentOutcome = { kind: 'deleted' };
    else if (outcome.kind === 'notThere' && firstPass && overwrite) resendFamily = true;
    else parentOutcome = { kind: 'failed', error: outcome.error };
  }
  /** What the children's answers say, once the parent's new id (if it took) is known. */
  const childOutcomesWith = (newParentId: unknown) =>
    sentChildEntries.map((child): Outcome => {
      const outcome = answer(child, family.child);
      const operation = operationOf(child, family.child.idField);
      if (outcome.kind === 'success' || (operation === 'delete' && outcome.kind === 'notThere')) {
        if (operation === 'delete') return { kind: 'deleted' };
        const patch =
          newParentId !== undefined && (isLocalId(child[family.parentIdField]) || parentCreated)
            ? { [family.parentIdField]: newParentId }
            : undefined;
        return operation === 'create'
          ? {
              kind: 'created',
              id: outcome.kind === 'success' ? outcome.id : undefined,
              ...(patch ? { patch } : {}),
            }
          : { kind: 'updated', ...(patch ? { patch } : {}) };
      }
      if (firstPass && overwrite && outcome.kind === 'notThere') return { kind: 'recreate' };
      if (firstPass && overwrite && outcome.kind === 'parentGone') {
        resendFamily = true;
        return { kind: 'left' };
      }
      return { kind: 'failed', error: outcome.error };
    });
  // Before the write-back: a child whose parent is gone decides that the family goes again.
  childOutcomesWith(undefined);

  const written = context.transaction((): FamilyWritten & { resendChildren: boolean } => {
    if (resendFamily) {
      // The server parent is gone: the whole family is created again.
      writeBack(store, parentSoup, family.parent.idField, [parent], [{ kind: 'recreate' }]);
      cascade(family.masterDetail ? { kind: 'recreate' } : { kind: 'dirty' });
      settle(context, notes);
      return { parent: [], children: [], resendChildren: false };
    }
    const parentBack =
      parentOutcome === undefined
        ? undefined
        : writeBack(
            store,
            parentSoup,
            family.parent.idField,
            [parent],
            [parentOutcome],
            notes.find((note) => note.soup === parentSoup && note.op === 'create')?.after,
          );
    const parentUnsettled = parentBack?.unsettled ?? new Set<number>();
    // The parent's id children take: its new server id once that took, else the one it has.
    const newParentId =
      parentOutcome?.kind === 'created'
        ? parentUnsettled.size === 0
          ? parentOutcome.id
          : undefined
        : parentId;
    const childOutcomes = childOutcomesWith(newParentId);
    const childrenBack = writeBack(
      store,
      childSoup,
      family.child.idField,
      sentChildren.map(({ stored }) => stored),
      childOutcomes,
      notes.find((note) => note.soup === childSoup && note.op === 'create')?.after,
    );
    // Children that still point at the parent's local id (made while the call was out) follow it.
    if (parentCreated && typeof newParentId === 'string' && newParentId !== parentId)
      repointChildren(context, family, parentId, newParentId);
    if (parentDeleted && parentOutcome?.kind === 'deleted' && family.masterDetail)
      cascade({ kind: 'deleted' });
    const unsettledIn = (soup: string) =>
      soup === parentSoup ? parentUnsettled : childrenBack.unsettled;
    const outcomeOfNote = (note: PendingWrite) =>
      note.soup === parentSoup
        ? parentOutcome
        : childOutcomes[sentChildEntries.findIndex((c) => c._soupEntryId === note.entry)];
    // Updates that took stay noted until their server stamps are read back.
    settle(
      context,
      notes.filter(
        (note) =>
          !unsettledIn(note.soup).has(note.entry) &&
          !(note.op === 'update' && outcomeOfNote(note)?.kind === 'updated'),
      ),
    );
    const took = (outcome: Outcome | undefined, entry: number, soup: string) =>
      (outcome?.kind === 'created' || outcome?.kind === 'updated') && !unsettledIn(soup).has(entry);
    return {
      parent: took(parentOutcome, parent._soupEntryId, parentSoup)
        ? [{ entry: parent._soupEntryId, body: bodyOf(parent, family.parent) }]
        : [],
      children: sentChildEntries.flatMap((child, i) =>
        took(childOutcomes[i], child._soupEntryId, childSoup)
          ? [{ entry: child._soupEntryId, body: bodyOf(child, family.child) }]
          : [],
      ),
      resendChildren: childOutcomes.some((outcome) => outcome.kind === 'recreate'),
    };
  });
  if (!firstPass || (!resendFamily && !written.resendChildren)) return written;
  const [again] = store.retrieve(parentSoup, [parent._soupEntryId]);
  if (again === undefined) return written;
  const more = await sendFamily(
    context,
    state,
    family,
    again,
    childrenOf(context, family, again[family.parent.idField]),
    false,
  );
  return {
    parent: [...written.parent, ...more.parent],
    children: [...written.children, ...more.children],
  };
}
