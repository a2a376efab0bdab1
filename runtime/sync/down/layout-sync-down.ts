/**
 * The `layout` sync-down target (§3.9 of the design notes): one record, the
 * UI API layout with `Id` set to
 * `<type>-<formFactor>-<layoutType>-<mode>-<recordTypeId>` (`null` for a part
 * not given), as the SDK names it. No ghosts.
 */

import type { LayoutSyncDownTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import { commonJson, present } from '../contracts/target-json.js';
import type { RunContext } from '../engine/run-context.js';
import { objectAnswer, runOneRecord } from './one-record.js';
import { needSobjectType, noGhosts, type SyncDownTargetModule } from './sync-down-target-module.js';

const androidImpl = 'com.salesforce.androidsdk.mobilesync.target.LayoutSyncDownTarget';

const LAYOUT_PARAMETERS = ['formFactor', 'layoutType', 'mode', 'recordTypeId'] as const;

/** The id a layout record is stored under. */
export function layoutRecordId(target: LayoutSyncDownTarget): string {
  return [target.sobjectType, ...LAYOUT_PARAMETERS.map((key) => target[key] ?? 'null')].join('-');
}

function runLayoutSyncDown(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as LayoutSyncDownTarget;
  return runOneRecord(state, context, async () => {
    const parameters: Record<string, string> = {};
    for (const key of LAYOUT_PARAMETERS) {
      const value = target[key];
      if (typeof value === 'string' && value !== '') parameters[key] = value;
    }
    return {
      ...objectAnswer(await context.client.layout(target.sobjectType, parameters), 'layout'),
      Id: layoutRecordId(target),
    };
  });
}

/** The `layout` target. */
export const layoutSyncDown: SyncDownTargetModule<'layout', typeof androidImpl> = {
  type: 'layout',
  androidImpl,
  check: needSobjectType,
  toJson: (target) =>
    present({
      ...commonJson(androidImpl, target),
      type: 'layout' as const,
      sobjectType: target.sobjectType,
      formFactor: target.formFactor,
      layoutType: target.layoutType,
      mode: target.mode,
      recordTypeId: target.recordTypeId,
    }),
  run: runLayoutSyncDown,
  cleanGhosts: noGhosts,
};
