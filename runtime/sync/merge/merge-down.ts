/**
 * Sync down under MERGE_FIELDS: a record nobody changed here is saved clean
 * with its base copy (`__base__`, the server's values just brought); a record
 * changed here is merged with the server's copy field by field instead of
 * being skipped (LEAVE_IF_CHANGED) or clobbered (OVERWRITE): the server's
 * changes come in, the local ones stay (dirty, to be sent), the base takes in
 * the server's copy (fields the query did not read keep their base values), and a field changed on both sides is a conflict. A
 * record deleted here that the server changed since its base is a conflict
 * of the whole record; the delete waits for a resolution.
 */
import type { StoredEntry } from '../../store/smart-store.js';
import {
  BASE,
  CONFLICTS,
  LAST_ERROR,
  LOCAL,
  LOCALLY_CREATED,
  LOCALLY_DELETED,
  LOCALLY_UPDATED,
  SYNC_ID,
} from '../contracts/constants.js';
import type { RestRecord } from '../contracts/salesforce-client.js';
import type { SyncState } from '../contracts/sync-state.js';
import { splitSoql } from '../down/soql-query.js';
import type { RunContext } from '../engine/run-context.js';
import { cleanRecord, isDirty } from '../local-edits.js';
import { isSet, typeOf } from '../up/dirty-records.js';
import { foldOwnWrite } from '../up/pending-writes.js';
import { holdersOf } from '../up/write-back.js';
import { fieldKinds, knownFieldKinds } from './field-kinds.js';
import {
  baseCopyOf,
  baseOf,
  changedHere,
  mergeRecord,
  serverChangedSince,
  wholeRecordConflict,
  withConflicts,
} from './record-merge.js';
/**
 * Describes the sObject type a MERGE_FIELDS sync down brings (the FROM of a
 * SOQL target, a refresh target's type), so the page save knows which fields
 * are multi-selects and read-only.
 */
export async function prepareMergeDown(context: RunContext, state: SyncState): Promise<void> {
  if (state.options.mergeMode !== 'MERGE_FIELDS') return;
  const target = state.target as { type?: string; query?: string; sobjectType?: string };
  // The query's own FROM, not a relationship sub-query's (`(SELECT Id FROM Contacts)`).
  const from = splitSoql(target.query ?? '').from ?? '';
  const type = target.sobjectType ?? /^[A-Za-z0-9_]+/.exec(from)?.[0];
  if (type !== undefined) await learnKinds(context, type);
}

/**
 * Describes (once per type and client) every sObject type a page of a
 * MERGE_FIELDS sync down brings, by each record's `attributes.type`: the
 * children of a parent_children target, the records of each briefcase info,
 * the hits of a search. Call it before the page's synchronous save.
 */
export async function learnPageKinds(
  context: RunContext,
  state: SyncState,
  records: readonly RestRecord[],
): Promise<void> {
  if (state.options.mergeMode !== 'MERGE_FIELDS') return;
  const types = new Set<string>();
  for (const record of records) types.add(typeOf(record));
  types.delete('null');
  await Promise.all([...types].map((type) => learnKinds(context, type)));
}

/** The types whose describe failed in a run: not asked again, nor said again, until the next run. */
const refusedThisRun = new WeakMap<RunContext, Set<string>>();

/**
 * Describes `type` for the page save. A describe the org refuses (no access
 * to the object, say) fails no sync down: its fields merge as plain values,
 * which can only report more conflicts, never lose an edit; it is said once a
 * run as a warning, and asked again next time.
 */
async function learnKinds(context: RunContext, type: string): Promise<void> {
  const refused = refusedThisRun.get(context) ?? new Set<string>();
  refusedThisRun.set(context, refused);
  if (refused.has(type)) return;
  try {
    await fieldKinds(context.client, type);
  } catch (error) {
    refused.add(type);
    context.warn(
      'SYNC_FIELD_KINDS_UNKNOWN',
      `MERGE_FIELDS: the describe of ${type} failed (${error instanceof Error ? error.message : String(error)}); its fields merge as plain values (multi-selects as whole values, read-only fields compared) this time`,
    );
  }
}

/** The page's records as MERGE_FIELDS saves them (call inside the page's transaction). */
export function mergedPage(
  context: RunContext,
  state: SyncState,
  write: {
    readonly soupName: string;
    readonly records: readonly RestRecord[];
    readonly idField: string;
  },
): RestRecord[] {
  const { soupName, idField, records } = write;
  const holders = holdersOf(
    context.store,
    soupName,
    idField,
    records.map((r) => r[idField]),
  );
  const local = new Map<unknown, StoredEntry>();
  const clean = new Map<unknown, StoredEntry>();
  const ids = [...holders.values()].flat();
  if (ids.length > 0)
    for (const entry of context.store.retrieve(soupName, ids))
      (isDirty(entry) ? local : clean).set(entry[idField], entry);
  const modField =
    (state.target as { modificationDateFieldName?: string }).modificationDateFieldName ??
    'LastModifiedDate';
  const notes = local.size > 0 ? context.pending.of(soupName) : [];
  const out: RestRecord[] = [];
  for (const record of records) {
    const here = local.get(record[idField]);
    if (here === undefined) {
      // Fields this query did not read keep their base values.
      const before = clean.get(record[idField]);
      const base = before === undefined ? {} : baseOf(before, undefined, modField);
      out.push(
        cleanRecord({
          ...record,
          [SYNC_ID]: state.id,
          [BASE]: { ...base, ...baseCopyOf(record) },
        }) as RestRecord,
      );
      continue;
    }
    const kindOf = knownFieldKinds(context.client, typeOf(record));
    if (isSet(here[LOCALLY_CREATED]) && !isSet(here[LOCALLY_DELETED])) continue;
    // This device's PATCH whose answer was lost: the values it sent go into the
    // base first (before a delete here too: that write is no server edit).
    const own = foldOwnWrite(context, soupName, here, record, notes);
    if (isSet(here[LOCALLY_DELETED])) {
      const base = baseOf(own, record, modField);
      if (serverChangedSince(base, record, own, kindOf, [idField, modField]))
        out.push({
          ...own,
          ...withConflicts([wholeRecordConflict(base, null, record)]),
        } as RestRecord);
      else if (own !== here) out.push(own as RestRecord);
      continue;
    }
    const fields = Object.keys(baseCopyOf(record)).filter((f) => f !== idField && f !== modField);
    const merge = mergeRecord(own, record, fields, kindOf, modField);
    const { [LAST_ERROR]: _e, [CONFLICTS]: _c, ...rest } = own as Record<string, unknown>;
    const next: Record<string, unknown> = {
      ...rest,
      ...merge.set,
      [BASE]: merge.base,
      [SYNC_ID]: state.id,
    };
    if (merge.conflicts.length > 0)
      out.push({ ...next, ...withConflicts(merge.conflicts) } as RestRecord);
    else if (Object.keys(merge.send).length > 0)
      out.push({ ...next, [LOCAL]: true, [LOCALLY_UPDATED]: true } as RestRecord);
    // Clean only when nothing here differs from the base: an edit of a field
    // this query did not read is still to be sent.
    else if (changedHere(next, merge.base, kindOf)) out.push(next as RestRecord);
    else out.push(cleanRecord(next) as RestRecord);
  }
  return out;
}
