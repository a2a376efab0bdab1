/**
 * The `briefcase` sync-down target (§3.8 of the design notes): the ids the
 * user's briefcase rules choose (`…/connect/briefcase/priming-records`, page
 * by page through `relayToken`), then their records by sObject Collections
 * retrieve, `countIdsPerRetrieve` ids (up to 2000) a call; each call is one
 * page, saved into the soup of its type's info in one transaction; the next
 * call is made before the current page is saved.
 *
 * soupkit takes `totalSize` from the priming answer's `stats.recordCountTotal`
 * when the server gives it (the SDK counts the first priming page only), and
 * cleans the ghosts of every info's type, also of types no rule returns now
 * (the SDK skips those); a priming answer with rule errors cleans nothing.
 */

import { checkedRetrieve, checkRecordIds, refused, shown } from '../adapters/server-answers.js';
import { TARGET_LIMITS } from '../contracts/constants.js';
import type { PrimingPage, RestRecord } from '../contracts/salesforce-client.js';
import { isApiName, isFieldPath } from '../contracts/soql-text.js';
import type { BriefcaseInfo, BriefcaseSyncDownTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import type { SyncState } from '../contracts/sync-state.js';
import { capped, commonJson } from '../contracts/target-json.js';
import { checkStop, type GhostContext, type RunContext } from '../engine/run-context.js';
import { learnPageKinds } from '../merge/merge-down.js';
import { removeMissing } from './ghosts.js';
import { oneAhead } from './one-ahead.js';
import { pageStamp, progressOf, savePage } from './save-page.js';
import type { SyncDownTargetModule } from './sync-down-target-module.js';

const MAX_IDS_PER_RETRIEVE = 2000;

/** The target's infos, checked (throws `SYNC_BAD_TARGET`). */
export function briefcaseInfos(target: BriefcaseSyncDownTarget): readonly BriefcaseInfo[] {
  if (!Array.isArray(target.infos) || target.infos.length === 0) {
    throw new SyncError('SYNC_BAD_TARGET', 'briefcase target: infos must be a non-empty array');
  }
  target.infos.forEach((info, i) => {
    if (
      typeof info?.sobjectType !== 'string' ||
      !isApiName(info.sobjectType) ||
      typeof info.soupName !== 'string' ||
      !Array.isArray(info.fieldlist) ||
      !info.fieldlist.every(isFieldPath)
    ) {
      throw new SyncError(
        'SYNC_BAD_TARGET',
        `briefcase target: infos[${i}] needs an sobjectType, a soupName and a fieldlist of API names`,
      );
    }
  });
  return target.infos;
}

/** Every id the rules choose, by object type, and what the server says the total is. */
async function primedIds(
  context: GhostContext,
  changedAfter: number,
): Promise<{ ids: Map<string, string[]>; total: number; ruleErrors: number }> {
  const ids = new Map<string, string[]>();
  let relayToken: string | null = null;
  let total = -1;
  let ruleErrors = 0;
  const asked = new Set<string>();
  do {
    checkStop(context);
    const page = checkedPrimingPage(
      await context.client.primingRecords(
        relayToken,
        new Date(Math.max(0, changedAfter)).toISOString(),
      ),
    );
    let counted = 0;
    for (const [type, byRecordType] of Object.entries(page.primingRecords)) {
      const list = ids.get(type) ?? [];
      for (const items of Object.values(byRecordType)) {
        for (const item of items) list.push(item.id);
        counted += items.length;
      }
      ids.set(type, list);
    }
    if (total < 0) total = page.stats?.recordCountTotal ?? counted;
    ruleErrors += page.ruleErrors?.length ?? 0;
    relayToken = page.relayToken;
    if (relayToken !== null && counted === 0)
      throw refused('a page of priming records that is not the last holds no ids');
    if (relayToken !== null && asked.has(relayToken))
      throw refused(`the priming records' relayToken ${shown(relayToken)} came before`);
    if (relayToken !== null) asked.add(relayToken);
  } while (relayToken !== null);
  return { ids, total: Math.max(0, total), ruleErrors };
}

const isCount = (value: unknown) =>
  value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);

/** A priming page as the API answers one: ids as strings, a relay token or null. */
function checkedPrimingPage(value: PrimingPage): PrimingPage {
  const page = value as unknown as Record<string, unknown> | null;
  const byType = page?.primingRecords;
  const groups =
    typeof byType === 'object' && byType !== null
      ? Object.values(byType as Record<string, unknown>).flatMap((byRecordType) =>
          typeof byRecordType === 'object' && byRecordType !== null
            ? Object.values(byRecordType)
            : [undefined],
        )
      : [undefined];
  const fine =
    (page?.relayToken === null || typeof page?.relayToken === 'string') &&
    groups.every(
      (items) =>
        Array.isArray(items) &&
        items.every((item: { id?: unknown } | null) => typeof item?.id === 'string'),
    ) &&
    isCount((page?.stats as { recordCountTotal?: unknown } | null | undefined)?.recordCountTotal);
  if (!fine) throw refused(`the priming records are not as the API answers them: ${shown(value)}`);
  return value;
}

function fieldsFor(info: BriefcaseInfo): string[] {
  const id = info.idFieldName ?? 'Id';
  const mod = info.modificationDateFieldName ?? 'LastModifiedDate';
  return [...new Set([...info.fieldlist, id, mod])];
}

async function runBriefcaseSyncDown(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as BriefcaseSyncDownTarget;
  const infos = briefcaseInfos(target);
  const perRetrieve = Math.min(
    MAX_IDS_PER_RETRIEVE,
    Math.max(1, target.countIdsPerRetrieve ?? MAX_IDS_PER_RETRIEVE),
  );
  const { ids, total } = await primedIds(context, state.maxTimeStamp);
  context.update({ totalSize: total, progress: 0 });
  let count = 0;
  let maxTimeStamp = state.maxTimeStamp;
  const retrieves: {
    readonly info: BriefcaseInfo;
    readonly slice: readonly string[];
    readonly what: string;
  }[] = [];
  for (const info of infos) {
    const all = ids.get(info.sobjectType) ?? [];
    for (let start = 0; start < all.length; start += perRetrieve) {
      const slice = all.slice(start, start + perRetrieve);
      const what = `the ${info.sobjectType} records ${start + 1}-${start + slice.length}`;
      retrieves.push({ info, slice, what });
    }
  }
  // Retrieve k+1 is asked for before the records of retrieve k are saved (one in flight).
  const answers = oneAhead(
    retrieves.map(({ info, slice, what }) => async () => ({
      info,
      slice,
      what,
      answer: await context.client.retrieveRecords(info.sobjectType, slice, fieldsFor(info)),
    })),
    () => checkStop(context),
  );
  for await (const { info, slice, what, answer } of answers) {
    const idField = info.idFieldName ?? 'Id';
    const modField = info.modificationDateFieldName ?? 'LastModifiedDate';
    const records = checkedRetrieve(answer, slice.length, what).filter(
      (record): record is RestRecord => record !== null,
    );
    checkRecordIds(records, idField, what);
    count += slice.length;
    maxTimeStamp = Math.max(maxTimeStamp, await pageStamp(context, records, modField));
    await learnPageKinds(context, state, records);
    const progress = progressOf(count, total);
    savePage(
      context,
      state,
      [{ soupName: info.soupName, records, idField }],
      progress === undefined ? undefined : { state: { progress }, notify: true },
    );
  }
  context.update({ maxTimeStamp }, false);
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

const androidImpl = 'com.salesforce.androidsdk.mobilesync.target.BriefcaseSyncDownTarget';

/** The `briefcase` target. */
export const briefcaseSyncDown: SyncDownTargetModule<'briefcase', typeof androidImpl> = {
  type: 'briefcase',
  androidImpl,
  check(target, host) {
    briefcaseInfos(target).forEach((info, i) => {
      host.requireSoup(info.soupName, `briefcase target: infos[${i}]`);
    });
  },
  toJson: (target) => ({
    // The SDK's briefcase target always uses Id and LastModifiedDate at its top level.
    ...commonJson(androidImpl, target, true),
    type: 'briefcase',
    infos: target.infos.map((info) => ({
      soupName: info.soupName,
      sobjectType: info.sobjectType,
      fieldlist: info.fieldlist,
      idFieldName: info.idFieldName ?? 'Id',
      modificationDateFieldName: info.modificationDateFieldName ?? 'LastModifiedDate',
    })),
    countIdsPerRetrieve: capped(target.countIdsPerRetrieve, TARGET_LIMITS.idsPerRetrieve),
  }),
  run: runBriefcaseSyncDown,
  cleanGhosts: briefcaseGhosts,
};
