/**
 * Runs a `soql` sync down (§3.1, §3.3 of the design notes): the first page,
 * then `nextRecordsUrl` pages; each page, with the state that records its
 * progress, is saved by one synchronous store transaction, so a failure or a
 * kill never leaves part of a page, and no transaction is open while a page
 * is being fetched.
 */
import { buildExactQuerySpec } from '../../store/query-spec.js';
import type { SmartStore } from '../../store/smart-store.js';
import { LOCAL, SYNC_ID } from '../constants.js';
import { cleanRecord } from '../local-edits.js';
import type { RestRecord, SalesforceClient } from '../salesforce-client.js';
import { parseSalesforceDateTime } from '../soql-text.js';
import type { SoqlSyncDownTarget } from '../sync-config.js';
import type { CreateAttempt, SyncState } from '../sync-state.js';
import { incrementalSoql, isSortedByModificationDate, normalizeSoql } from './soql-query.js';

/** What a run reports to the manager and how it asks whether to stop. */
export interface RunContext {
  readonly store: SmartStore;
  readonly client: SalesforceClient;
  /**
   * Saves the state (inside the caller's transaction when there is one) and,
   * unless `notify` is false, reports it to `onUpdate` once the current
   * transaction is over.
   */
  update(changes: Partial<SyncState>, notify?: boolean): SyncState;
  /** True once `stop()` was called: the run ends STOPPED at the next page. */
  stopRequested(): boolean;
  /**
   * The creates any sync up of the soup sent without hearing back (a retry may
   * come as another sync than the one that sent them); `clear` forgets them.
   */
  unansweredCreates(soupName: string): { attempts: CreateAttempt[]; clear(): void };
}

/** Thrown inside a run when it sees a stop request between pages. */
export class StopRequested extends Error {}

/** The target with its query normalised, as it is stored in the state. */
export function normalizedSoqlTarget(target: SoqlSyncDownTarget): SoqlSyncDownTarget {
  return {
    ...target,
    query: normalizeSoql(
      target.query,
      target.idFieldName ?? 'Id',
      target.modificationDateFieldName ?? 'LastModifiedDate',
    ),
  };
}

/** Epoch ms of the newest modification date of a page; -1 when any record lacks one. */
export function latestModificationDate(records: readonly RestRecord[], field: string): number {
  let latest = -1;
  for (const record of records) {
    const ms = parseSalesforceDateTime(record[field]);
    if (Number.isNaN(ms)) return -1;
    latest = Math.max(latest, ms);
  }
  return latest;
}

/** Ids of the soup's records with local changes (LEAVE_IF_CHANGED leaves them alone). */
export function dirtyIds(store: SmartStore, soupName: string, idField: string): Set<unknown> {
  // Only the ids: the page budget of a query would refuse whole entries of a large soup.
  const rows = store.query(
    buildExactQuerySpec({
      soupName,
      indexPath: LOCAL,
      matchKey: 'true',
      pageSize: 10_000_000,
      selectPaths: [idField],
    }),
  ) as unknown[][];
  return new Set(rows.map((row) => row[0]));
}

export async function runSoqlSyncDown(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as SoqlSyncDownTarget;
  const idField = target.idFieldName ?? 'Id';
  const modField = target.modificationDateFieldName ?? 'LastModifiedDate';
  const sorted = isSortedByModificationDate(target.query, modField);
  const query =
    state.maxTimeStamp > 0
      ? incrementalSoql(target.query, modField, state.maxTimeStamp)
      : target.query;
  const skip =
    state.options.mergeMode === 'LEAVE_IF_CHANGED'
      ? dirtyIds(context.store, state.soupName, idField)
      : new Set();

  let page = await context.client.query(query, target.maxBatchSize);
  const totalSize = page.totalSize;
  context.update({ totalSize, progress: 0 });
  let count = 0;
  let maxTimeStamp = state.maxTimeStamp;
  for (;;) {
    if (context.stopRequested()) throw new StopRequested();
    const records = page.records;
    const entries = records
      .filter((record) => !skip.has(record[idField]))
      .map((record) => cleanRecord({ ...record, [SYNC_ID]: state.id }));
    count += records.length;
    maxTimeStamp = Math.max(maxTimeStamp, latestModificationDate(records, modField));
    const progress =
      totalSize > 0 && count < totalSize ? Math.floor((count * 100) / totalSize) : undefined;
    // One synchronous transaction: the page and the state that says it is saved.
    context.store.transaction(() => {
      if (entries.length > 0) context.store.upsert(state.soupName, entries, idField);
      context.update(
        { ...(sorted ? { maxTimeStamp } : {}), ...(progress === undefined ? {} : { progress }) },
        progress !== undefined,
      );
    });
    if (page.done || page.nextRecordsUrl === undefined) break;
    page = await context.client.queryMore(page.nextRecordsUrl);
  }
  if (!sorted) context.update({ maxTimeStamp }, false);
}
