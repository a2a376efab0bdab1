/**
 * The `mru` sync-down target (§3.5 of the design notes): one page, the
 * type's recently viewed ids, then its `fieldlist` for them by SOQL (the
 * field list as given: the id and modification date are not added); no
 * incremental run. Its ghosts are the clean records whose ids the server no
 * longer has.
 */

import { checkedPage } from '../adapters/server-answers.js';
import { isApiName, isFieldPath, soqlIdList } from '../contracts/soql-text.js';
import type { MruSyncDownTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import type { SyncState } from '../contracts/sync-state.js';
import { commonJson } from '../contracts/target-json.js';
import type { GhostContext, RunContext } from '../engine/run-context.js';
import { byIdGhosts } from './ghosts.js';
import { runSinglePage } from './single-page.js';
import {
  needFieldlist,
  needSobjectType,
  type SyncDownTargetModule,
} from './sync-down-target-module.js';

const androidImpl = 'com.salesforce.androidsdk.mobilesync.target.MruSyncDownTarget';

function runMruSyncDown(state: SyncState, context: RunContext): Promise<void> {
  const target = state.target as MruSyncDownTarget;
  return runSinglePage(state, context, 'the recent records', async () => {
    if (!isApiName(target.sobjectType) || !target.fieldlist.every(isFieldPath)) {
      throw new SyncError(
        'SYNC_BAD_TARGET',
        `mru target: sobjectType and fieldlist must be API names`,
      );
    }
    const ids = await context.client.recentlyViewedIds(target.sobjectType);
    if (ids.length === 0) return [];
    const page = checkedPage(
      await context.client.query(
        `select ${target.fieldlist.join(', ')} from ${target.sobjectType} where Id IN (${soqlIdList(ids)})`,
      ),
      'the recent records',
    );
    return [...page.records];
  });
}

/** The `mru` target. */
export const mruSyncDown: SyncDownTargetModule<'mru', typeof androidImpl> = {
  type: 'mru',
  androidImpl,
  check(target) {
    needSobjectType(target);
    needFieldlist(target);
  },
  toJson: (target) => ({
    ...commonJson(androidImpl, target),
    type: 'mru',
    fieldlist: target.fieldlist,
    sobjectType: target.sobjectType,
  }),
  run: runMruSyncDown,
  cleanGhosts: (state: SyncState, context: GhostContext) =>
    byIdGhosts(state, context, (state.target as MruSyncDownTarget).idFieldName ?? 'Id'),
};
