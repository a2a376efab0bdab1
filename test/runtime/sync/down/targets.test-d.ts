import { describe, expectTypeOf, it } from 'vitest';
import type { SyncDownTarget } from '../../../../runtime/sync/contracts/sync-config.js';
import type * as targets from '../../../../runtime/sync/down/targets.js';

describe('the sync-down target list, as types', () => {
  it('gives the public type and class lists with the same types', () => {
    expectTypeOf<(typeof targets.SYNC_DOWN_TARGET_TYPES)[number]>().toEqualTypeOf<
      'soql' | 'sosl' | 'mru' | 'refresh' | 'parent_children' | 'metadata' | 'layout' | 'briefcase'
    >();
    expectTypeOf<
      (typeof targets.SYNC_DOWN_IMPLEMENTATIONS)['soql']
    >().toEqualTypeOf<'com.salesforce.androidsdk.mobilesync.target.SoqlSyncDownTarget'>();
  });

  it('covers every shape of the SyncDownTarget union', () => {
    expectTypeOf<targets.SyncDownTargetType>().toEqualTypeOf<SyncDownTarget['type']>();
  });
});
