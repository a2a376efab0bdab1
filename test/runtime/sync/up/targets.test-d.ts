import { describe, expectTypeOf, it } from 'vitest';
import type * as pure from '../../../../runtime/sync/contracts/constants.js';
import type * as targets from '../../../../runtime/sync/up/targets.js';

describe('the sync-up kind list, as types', () => {
  it('gives the kinds and the class table with the literal types', () => {
    expectTypeOf<targets.SyncUpKind>().toEqualTypeOf<
      'single' | 'batch' | 'collection' | 'parent_children'
    >();
    expectTypeOf<
      (typeof targets.SYNC_UP_IMPLEMENTATIONS)['batch']['androidImpl']
    >().toEqualTypeOf<'com.salesforce.androidsdk.mobilesync.target.BatchSyncUpTarget'>();
    expectTypeOf<
      (typeof targets.SYNC_UP_IMPLEMENTATIONS)['single']['iOSImpl']
    >().toEqualTypeOf<'SFSyncUpTarget'>();
  });

  it('has the same type as the generator’s pure copy', () => {
    expectTypeOf<typeof targets.SYNC_UP_IMPLEMENTATIONS>().toEqualTypeOf<
      typeof pure.SYNC_UP_IMPLEMENTATIONS
    >();
  });
});
