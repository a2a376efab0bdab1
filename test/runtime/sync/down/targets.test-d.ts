import { describe, expectTypeOf, it } from 'vitest';
import type * as constants from '../../../../runtime/sync/constants.js';
import type * as targets from '../../../../runtime/sync/down/targets.js';
import type { SyncDownTarget } from '../../../../runtime/sync/sync-config.js';

describe('the sync-down target list, as types', () => {
  it('gives the public type and class lists with the same types', () => {
    expectTypeOf<typeof targets.SYNC_DOWN_TARGET_TYPES>().toEqualTypeOf<
      typeof constants.SYNC_DOWN_TARGET_TYPES
    >();
    expectTypeOf<typeof targets.SYNC_DOWN_IMPLEMENTATIONS>().toEqualTypeOf<
      typeof constants.SYNC_DOWN_IMPLEMENTATIONS
    >();
  });

  it('covers every shape of the SyncDownTarget union', () => {
    expectTypeOf<targets.SyncDownTargetType>().toEqualTypeOf<SyncDownTarget['type']>();
  });
});
