/**
 * The `metadata` sync-down target (§3.9 of the design notes): one record, the
 * type's describe with `Id` set to the type. No ghosts.
 */

import type { MetadataSyncDownTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import { commonJson } from '../contracts/target-json.js';
import type { RunContext } from '../engine/run-context.js';
import { objectAnswer, runOneRecord } from './one-record.js';
import { needSobjectType, noGhosts, type SyncDownTargetModule } from './sync-down-target-module.js';

const androidImpl = 'com.salesforce.androidsdk.mobilesync.target.MetadataSyncDownTarget';

function runMetadataSyncDown(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as MetadataSyncDownTarget;
  return runOneRecord(state, context, async () => ({
    ...objectAnswer(await context.client.describe(target.sobjectType), 'describe'),
    Id: target.sobjectType,
  }));
}

/** The `metadata` target. */
export const metadataSyncDown: SyncDownTargetModule<'metadata', typeof androidImpl> = {
  type: 'metadata',
  androidImpl,
  check: needSobjectType,
  toJson: (target) => ({
    ...commonJson(androidImpl, target),
    type: 'metadata',
    sobjectType: target.sobjectType,
  }),
  run: runMetadataSyncDown,
  cleanGhosts: noGhosts,
};
