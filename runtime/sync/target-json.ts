/**
 * Targets and options as the Mobile SDK stores them: when a sync is created,
 * its target is rewritten key for key as the Android SDK's `asJSON()` writes
 * it (every default filled in, `androidImpl` naming the class, sizes capped),
 * so a state written here and one a native app wrote are the same JSON.
 * Sync-up targets also name their iOS class in `iOSImpl` (the iOS SDK picks
 * the class by it alone; Android ignores it); an `iOSImpl` the caller gave is
 * kept. Keys the SDK does not write are dropped; a null the SDK would put is
 * left out, as org.json leaves it out.
 */
import {
  SYNC_DOWN_IMPLEMENTATIONS,
  SYNC_UP_IMPLEMENTATIONS,
  type SyncUpKind,
  TARGET_LIMITS,
} from './constants.js';
import { normalizeSoql } from './down/soql-query.js';
import type {
  ChildrenInfo,
  ParentChildrenSyncUpTarget,
  ParentInfo,
  SyncDownTarget,
  SyncOptions,
  SyncUpTarget,
} from './sync-config.js';

const ID = 'Id';
const MODIFIED = 'LastModifiedDate';

/** The keys of `value` whose value is neither undefined nor null. */
function present<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}

/** A size as the SDK reads it: the default when absent, at most `cap`. */
function capped(value: unknown, cap: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(value, cap) : cap;
}

function common(
  androidImpl: string,
  target: {
    idFieldName?: string | undefined;
    modificationDateFieldName?: string | undefined;
    iOSImpl?: string | undefined;
  },
  sdkIgnoresFields = false,
) {
  return {
    androidImpl,
    ...(target.iOSImpl === undefined ? {} : { iOSImpl: target.iOSImpl }),
    idFieldName: sdkIgnoresFields ? ID : (target.idFieldName ?? ID),
    modificationDateFieldName: sdkIgnoresFields
      ? MODIFIED
      : (target.modificationDateFieldName ?? MODIFIED),
  };
}

function parentInfoJson(info: ParentInfo, fallback: Partial<ParentInfo> = {}): ParentInfo {
  return present({
    soupName: info.soupName,
    sobjectType: info.sobjectType,
    idFieldName: info.idFieldName ?? fallback.idFieldName ?? ID,
    modificationDateFieldName:
      info.modificationDateFieldName ?? fallback.modificationDateFieldName ?? MODIFIED,
    externalIdFieldName: info.externalIdFieldName ?? fallback.externalIdFieldName,
  });
}

function childrenInfoJson(info: ChildrenInfo): ChildrenInfo {
  return {
    ...parentInfoJson(info),
    sobjectTypePlural: info.sobjectTypePlural,
    parentIdFieldName: info.parentIdFieldName,
  };
}

/**
 * A checked sync-down target as the SDK stores it (Android
 * `target/*SyncDownTarget.kt` `asJSON()`); a soql query is normalised as the
 * SDK normalises it.
 *
 * @example
 * syncDownTargetJson({ type: 'soql', query: 'SELECT Name FROM Account' });
 * // { androidImpl: '…SoqlSyncDownTarget', idFieldName: 'Id', modificationDateFieldName: 'LastModifiedDate',
 * //   type: 'soql', query: 'select Id,LastModifiedDate,Name from Account order by LastModifiedDate', maxBatchSize: 2000 }
 */
export function syncDownTargetJson(target: SyncDownTarget): SyncDownTarget {
  const impl = SYNC_DOWN_IMPLEMENTATIONS[target.type];
  switch (target.type) {
    case 'soql': {
      const head = common(impl, target);
      return {
        ...head,
        type: 'soql',
        query: normalizeSoql(target.query, head.idFieldName, head.modificationDateFieldName),
        // Stored as given (both SDKs); each request clamps it to [200, 2000].
        maxBatchSize:
          typeof target.maxBatchSize === 'number' ? target.maxBatchSize : TARGET_LIMITS.soqlBatch,
      };
    }
    case 'sosl':
      return { ...common(impl, target), type: 'sosl', query: target.query };
    case 'mru':
      return {
        ...common(impl, target),
        type: 'mru',
        fieldlist: target.fieldlist,
        sobjectType: target.sobjectType,
      };
    case 'refresh': {
      // iOS spells the key `coundIdsPerSoql`: read it too.
      const given =
        target.countIdsPerSoql ?? (target as { coundIdsPerSoql?: number }).coundIdsPerSoql;
      return {
        // The SDK's refresh target always uses Id and LastModifiedDate.
        ...common(impl, target, true),
        type: 'refresh',
        fieldlist: target.fieldlist,
        sobjectType: target.sobjectType,
        soupName: target.soupName,
        countIdsPerSoql: capped(given, TARGET_LIMITS.idsPerSoql),
      };
    }
    case 'parent_children': {
      const parent = parentInfoJson(target.parent);
      return {
        // The SDK's parent-children target is a soql target on the parent's fields, with an empty query.
        ...common(impl, {
          idFieldName: parent.idFieldName,
          modificationDateFieldName: parent.modificationDateFieldName,
          iOSImpl: target.iOSImpl,
        }),
        type: 'parent_children',
        query: '',
        maxBatchSize: TARGET_LIMITS.soqlBatch,
        parent,
        parentFieldlist: target.parentFieldlist,
        parentSoqlFilter: target.parentSoqlFilter,
        children: childrenInfoJson(target.children),
        childrenFieldlist: target.childrenFieldlist,
        relationshipType: target.relationshipType,
      };
    }
    case 'metadata':
      return { ...common(impl, target), type: 'metadata', sobjectType: target.sobjectType };
    case 'layout':
      return present({
        ...common(impl, target),
        type: 'layout' as const,
        sobjectType: target.sobjectType,
        formFactor: target.formFactor,
        layoutType: target.layoutType,
        mode: target.mode,
        recordTypeId: target.recordTypeId,
      });
    case 'briefcase':
      return {
        ...common(impl, target, true),
        type: 'briefcase',
        infos: target.infos.map((info) => ({
          soupName: info.soupName,
          sobjectType: info.sobjectType,
          fieldlist: info.fieldlist,
          idFieldName: info.idFieldName ?? ID,
          modificationDateFieldName: info.modificationDateFieldName ?? MODIFIED,
        })),
        countIdsPerRetrieve: capped(target.countIdsPerRetrieve, TARGET_LIMITS.idsPerRetrieve),
      };
  }
}

/**
 * A checked sync-up target of `kind` as the SDK stores it (Android
 * `SyncUpTarget.kt`, `BatchSyncUpTarget.kt`, `CollectionSyncUpTarget.kt`,
 * `ParentChildrenSyncUpTarget.kt` `asJSON()`).
 *
 * @example
 * syncUpTargetJson({ createFieldlist: ['Name'], maxBatchSize: 500 }, 'collection');
 * // { androidImpl: '…CollectionSyncUpTarget', iOSImpl: 'SFCollectionSyncUpTarget', idFieldName: 'Id', modificationDateFieldName: 'LastModifiedDate',
 * //   createFieldlist: ['Name'], maxBatchSize: 200 }
 */
export function syncUpTargetJson(
  target: SyncUpTarget | ParentChildrenSyncUpTarget,
  kind: SyncUpKind,
): SyncUpTarget | ParentChildrenSyncUpTarget {
  const impl = SYNC_UP_IMPLEMENTATIONS[kind].androidImpl;
  // iOS picks a sync-up class by `iOSImpl` alone (without it, Collections), so
  // every stored sync-up target names its iOS class too; Android ignores the key.
  const named = { ...target, iOSImpl: target.iOSImpl ?? SYNC_UP_IMPLEMENTATIONS[kind].iOSImpl };
  const fieldlists = present({
    createFieldlist: target.createFieldlist,
    updateFieldlist: target.updateFieldlist,
  });
  switch (kind) {
    case 'single':
    case 'batch':
    case 'collection': {
      const json = {
        ...common(impl, named),
        ...fieldlists,
        ...present({ externalIdFieldName: target.externalIdFieldName }),
      };
      if (kind === 'single') return json;
      const cap = kind === 'batch' ? TARGET_LIMITS.compositeBatch : TARGET_LIMITS.collectionBatch;
      return { ...json, maxBatchSize: capped(target.maxBatchSize, cap) };
    }
    case 'parent_children': {
      const family = target as ParentChildrenSyncUpTarget;
      return {
        // The SDK's target-level fields are always the defaults; the parent's are in `parent`
        // (where soupkit also takes the target-level ones a caller gave as the parent's).
        ...common(impl, { ...family, iOSImpl: named.iOSImpl }, true),
        ...fieldlists,
        parent: parentInfoJson(family.parent, family),
        children: childrenInfoJson(family.children),
        ...present({
          childrenCreateFieldlist: family.childrenCreateFieldlist,
          childrenUpdateFieldlist: family.childrenUpdateFieldlist,
        }),
        relationshipType: family.relationshipType,
      };
    }
  }
}

/**
 * Sync options as the SDK stores them (`SyncOptions.kt`): `fieldlist` when
 * given, and `mergeMode`.
 *
 * @example
 * syncOptionsJson({ mergeMode: 'OVERWRITE' }); // { mergeMode: 'OVERWRITE' }
 */
export function syncOptionsJson(options: SyncOptions): SyncOptions {
  return {
    ...(options.fieldlist === undefined ? {} : { fieldlist: options.fieldlist }),
    mergeMode: options.mergeMode,
  };
}
