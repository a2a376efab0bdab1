/**
 * The `metadata` and `layout` sync-down targets (§3.9 of the design notes):
 * one record each. `metadata` stores the type's describe with `Id` set to the
 * type; `layout` stores the UI API layout with `Id` set to
 * `<type>-<formFactor>-<layoutType>-<mode>-<recordTypeId>` (`null` for a part
 * not given), as the SDK names them. Neither has ghosts.
 */
import type { RunContext } from '../run-context.js';
import type { RestRecord } from '../salesforce-client.js';
import { checkedRecords } from '../server-answers.js';
import { isApiName } from '../soql-text.js';
import type { LayoutSyncDownTarget, MetadataSyncDownTarget } from '../sync-config.js';
import { SyncError } from '../sync-error.js';
import type { SyncState } from '../sync-state.js';
import { savePage } from './save-page.js';

const LAYOUT_PARAMETERS = ['formFactor', 'layoutType', 'mode', 'recordTypeId'] as const;

/** The id a layout record is stored under. */
export function layoutRecordId(target: LayoutSyncDownTarget): string {
  return [target.sobjectType, ...LAYOUT_PARAMETERS.map((key) => target[key] ?? 'null')].join('-');
}

/** A describe or layout answer, which must be an object. */
function objectAnswer(value: unknown, what: string): RestRecord {
  const [record] = checkedRecords([value], `the ${what}`);
  return record as RestRecord;
}

async function fetchRecord(
  target: MetadataSyncDownTarget | LayoutSyncDownTarget,
  context: RunContext,
): Promise<RestRecord> {
  if (target.type === 'metadata') {
    return {
      ...objectAnswer(await context.client.describe(target.sobjectType), 'describe'),
      Id: target.sobjectType,
    };
  }
  const parameters: Record<string, string> = {};
  for (const key of LAYOUT_PARAMETERS) {
    const value = target[key];
    if (typeof value === 'string' && value !== '') parameters[key] = value;
  }
  return {
    ...objectAnswer(await context.client.layout(target.sobjectType, parameters), 'layout'),
    Id: layoutRecordId(target),
  };
}

export async function runMetadataOrLayoutSyncDown(
  state: SyncState,
  context: RunContext,
): Promise<void> {
  const target = state.target as MetadataSyncDownTarget | LayoutSyncDownTarget;
  if (typeof target.sobjectType !== 'string' || !isApiName(target.sobjectType)) {
    throw new SyncError(
      'SYNC_BAD_TARGET',
      `${target.type} target: sobjectType must be an API name`,
    );
  }
  const idField = target.idFieldName ?? 'Id';
  const record = await fetchRecord(target, context);
  context.update({ totalSize: 1, progress: 0 });
  savePage(context, state, [{ soupName: state.soupName, records: [record], idField }]);
}
