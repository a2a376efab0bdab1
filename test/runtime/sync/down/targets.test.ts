/**
 * The list of sync-down target modules is the one place a target type is
 * looked up: the public type and class lists agree with it, and a type it
 * does not hold is refused with SYNC_BAD_TARGET.
 */
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../../runtime/sync/contracts/sync-error.js';
import {
  SYNC_DOWN_IMPLEMENTATIONS,
  SYNC_DOWN_TARGET_TYPES,
  SYNC_DOWN_TARGETS,
  syncDownTargetModule,
} from '../../../../runtime/sync/down/targets.js';

describe('SYNC_DOWN_TARGETS', () => {
  it('gives the public type and class lists, in the same order', () => {
    const types = [
      'soql',
      'sosl',
      'mru',
      'refresh',
      'parent_children',
      'metadata',
      'layout',
      'briefcase',
    ];
    expect(SYNC_DOWN_TARGET_TYPES).toEqual(types);
    expect(Object.keys(SYNC_DOWN_IMPLEMENTATIONS)).toEqual(types);
    expect(SYNC_DOWN_IMPLEMENTATIONS.parent_children).toBe(
      'com.salesforce.androidsdk.mobilesync.target.ParentChildrenSyncDownTarget',
    );
    for (const type of types) {
      expect(SYNC_DOWN_IMPLEMENTATIONS[type as keyof typeof SYNC_DOWN_IMPLEMENTATIONS]).toMatch(
        /^com\.salesforce\.androidsdk\.mobilesync\.target\.\w+SyncDownTarget$/,
      );
    }
  });

  it('finds each module by its type', () => {
    for (const module of SYNC_DOWN_TARGETS) {
      expect(syncDownTargetModule({ type: module.type })).toBe(module);
    }
  });

  it('refuses a type it does not hold, naming the ones it does', () => {
    const refused = (() => {
      try {
        syncDownTargetModule({ type: 'custom' });
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(SyncError);
    expect((refused as SyncError).code).toBe('SYNC_BAD_TARGET');
    expect((refused as SyncError).message).toBe(
      'Sync down target type custom is not one of soql, sosl, mru, refresh, parent_children, metadata, layout, briefcase',
    );
  });
});
