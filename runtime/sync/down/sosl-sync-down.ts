/**
 * The `sosl` sync-down target (§3.4 of the design notes): one page, the
 * search's `searchRecords`; no incremental run. Its ghosts are the clean
 * records the search no longer finds.
 */

import { checkedRecords } from '../adapters/server-answers.js';
import type { SoslSyncDownTarget } from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import { commonJson } from '../contracts/target-json.js';
import type { GhostContext, RunContext } from '../engine/run-context.js';
import { removeMissing } from './ghosts.js';
import { runSinglePage } from './single-page.js';
import { needQuery, type SyncDownTargetModule } from './sync-down-target-module.js';

const androidImpl = 'com.salesforce.androidsdk.mobilesync.target.SoslSyncDownTarget';

function runSoslSyncDown(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as SoslSyncDownTarget;
  return runSinglePage(state, context, 'the search', async () =>
    checkedRecords(await context.client.search(target.query), 'the search'),
  );
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

/** The `sosl` target. */
export const soslSyncDown: SyncDownTargetModule<'sosl', typeof androidImpl> = {
  type: 'sosl',
  androidImpl,
  check: needQuery,
  toJson: (target) => ({ ...commonJson(androidImpl, target), type: 'sosl', query: target.query }),
  run: runSoslSyncDown,
  cleanGhosts: soslGhosts,
};
