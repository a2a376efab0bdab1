/**
 * The list of sync-up kind modules is the one place a target's kind is
 * looked up: the public class table is derived from it (and equals the pure
 * copy the generator reads), a target's class names find its module, a class
 * it does not hold is refused with SYNC_BAD_TARGET, and each module stores
 * its JSON as the SDK stores it (Android `asJSON`, plus `iOSImpl`).
 */
import { describe, expect, it } from 'vitest';
import { SYNC_UP_IMPLEMENTATIONS as PURE_COPY } from '../../../../runtime/sync/contracts/constants.js';
import type { ParentChildrenSyncUpTarget } from '../../../../runtime/sync/contracts/sync-config.js';
import { SyncError } from '../../../../runtime/sync/contracts/sync-error.js';
import { SYNC_UP_IMPLEMENTATIONS as PUBLIC } from '../../../../runtime/sync/index.js';
import {
  SYNC_UP_IMPLEMENTATIONS,
  SYNC_UP_TARGETS,
  storedSyncUpTarget,
  syncUpKindOf,
  syncUpTargetModule,
} from '../../../../runtime/sync/up/targets.js';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

const noSoupsNeeded = {
  soupName: 'accounts',
  options: { mergeMode: 'OVERWRITE' as const },
  requireSoup: () => undefined,
};

const family: ParentChildrenSyncUpTarget = {
  androidImpl: 'com.salesforce.androidsdk.mobilesync.target.ParentChildrenSyncUpTarget',
  parent: { soupName: 'accounts', sobjectType: 'Account' },
  children: {
    soupName: 'contacts',
    sobjectType: 'Contact',
    sobjectTypePlural: 'Contacts',
    parentIdFieldName: 'AccountId',
  },
  createFieldlist: ['Name'],
  updateFieldlist: ['Name'],
  childrenCreateFieldlist: ['LastName', 'AccountId'],
  childrenUpdateFieldlist: ['LastName'],
  relationshipType: 'MASTER_DETAIL',
};

describe('SYNC_UP_TARGETS', () => {
  it('gives the public class table, equal to the pure copy the generator reads', () => {
    expect(Object.keys(SYNC_UP_IMPLEMENTATIONS)).toEqual([
      'single',
      'batch',
      'collection',
      'parent_children',
    ]);
    expect(PUBLIC).toBe(SYNC_UP_IMPLEMENTATIONS);
    expect(SYNC_UP_IMPLEMENTATIONS).toEqual(PURE_COPY);
    expect(SYNC_UP_IMPLEMENTATIONS.batch).toEqual({
      androidImpl: 'com.salesforce.androidsdk.mobilesync.target.BatchSyncUpTarget',
      iOSImpl: 'SFBatchSyncUpTarget',
    });
  });

  it('finds each module by its Android class, by its iOS class, and by both', () => {
    for (const module of SYNC_UP_TARGETS) {
      const { androidImpl, iOSImpl } = module;
      expect(syncUpTargetModule({ androidImpl })).toBe(module);
      expect(syncUpTargetModule({ iOSImpl })).toBe(module);
      expect(syncUpTargetModule({ androidImpl, iOSImpl })).toBe(module);
      expect(syncUpKindOf({ androidImpl })).toBe(module.kind);
    }
  });

  it('takes a target naming no class as sObject Collections', () => {
    expect(syncUpKindOf({ createFieldlist: ['Name'] })).toBe('collection');
  });

  it('refuses a class it does not hold, and classes of two kinds', () => {
    const custom = thrown(() => syncUpTargetModule({ androidImpl: 'com.example.MySyncUpTarget' }));
    expect(custom).toBeInstanceOf(SyncError);
    expect((custom as SyncError).code).toBe('SYNC_BAD_TARGET');
    expect((custom as SyncError).message).toBe(
      `Sync up target com.example.MySyncUpTarget is not one soupkit runs (${Object.values(PURE_COPY)
        .map((names) => names.androidImpl)
        .join(', ')}, or none for sObject Collections)`,
    );
    const mixed = thrown(() =>
      syncUpTargetModule({
        androidImpl: SYNC_UP_IMPLEMENTATIONS.batch.androidImpl,
        iOSImpl: SYNC_UP_IMPLEMENTATIONS.single.iOSImpl,
      }),
    );
    expect((mixed as SyncError).code).toBe('SYNC_BAD_TARGET');
  });

  it('stores each kind as the SDK does', () => {
    const record = { createFieldlist: ['Name'], maxBatchSize: 500, externalIdFieldName: null };
    const stored = (kind: 'single' | 'batch' | 'collection') =>
      storedSyncUpTarget(
        { ...record, androidImpl: SYNC_UP_IMPLEMENTATIONS[kind].androidImpl },
        noSoupsNeeded,
      );
    const common = {
      idFieldName: 'Id',
      modificationDateFieldName: 'LastModifiedDate',
      createFieldlist: ['Name'],
    };
    expect(stored('single')).toEqual({ ...SYNC_UP_IMPLEMENTATIONS.single, ...common });
    expect(stored('batch')).toEqual({
      ...SYNC_UP_IMPLEMENTATIONS.batch,
      ...common,
      maxBatchSize: 25,
    });
    expect(stored('collection')).toEqual({
      ...SYNC_UP_IMPLEMENTATIONS.collection,
      ...common,
      maxBatchSize: 200,
    });
    expect(storedSyncUpTarget({ maxBatchSize: 500 }, noSoupsNeeded)).toEqual({
      androidImpl: SYNC_UP_IMPLEMENTATIONS.collection.androidImpl,
      iOSImpl: 'SFCollectionSyncUpTarget',
      idFieldName: 'Id',
      modificationDateFieldName: 'LastModifiedDate',
      maxBatchSize: 200,
    });
    const stamps = { idFieldName: 'Id', modificationDateFieldName: 'LastModifiedDate' };
    expect(storedSyncUpTarget(family, noSoupsNeeded)).toEqual({
      ...SYNC_UP_IMPLEMENTATIONS.parent_children,
      ...stamps,
      createFieldlist: ['Name'],
      updateFieldlist: ['Name'],
      parent: { soupName: 'accounts', sobjectType: 'Account', ...stamps },
      children: {
        soupName: 'contacts',
        sobjectType: 'Contact',
        ...stamps,
        sobjectTypePlural: 'Contacts',
        parentIdFieldName: 'AccountId',
      },
      childrenCreateFieldlist: ['LastName', 'AccountId'],
      childrenUpdateFieldlist: ['LastName'],
      relationshipType: 'MASTER_DETAIL',
    });
  });

  it('checks a parent-children target: both soups required, children fieldlists needed', () => {
    const asked: string[] = [];
    storedSyncUpTarget(family, { ...noSoupsNeeded, requireSoup: (soup) => asked.push(soup) });
    expect(asked).toEqual(['accounts', 'contacts']);
    const { childrenUpdateFieldlist: _, ...incomplete } = family;
    const refused = thrown(() => storedSyncUpTarget(incomplete, noSoupsNeeded));
    expect((refused as SyncError).code).toBe('SYNC_BAD_TARGET');
  });

  it('refuses MERGE_FIELDS for parent-children only', async () => {
    const module = syncUpTargetModule(family);
    await expect(
      module.runMergeFields(undefined as never, undefined as never),
    ).rejects.toMatchObject({ code: 'SYNC_BAD_TARGET' });
    for (const kind of ['single', 'batch', 'collection'] as const) {
      expect(syncUpTargetModule(SYNC_UP_IMPLEMENTATIONS[kind]).runMergeFields).toBe(
        syncUpTargetModule(SYNC_UP_IMPLEMENTATIONS.collection).runMergeFields,
      );
    }
  });
});
