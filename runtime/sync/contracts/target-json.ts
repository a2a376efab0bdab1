/**
 * Targets and options as the Mobile SDK stores them: when a sync is created,
 * its target is rewritten key for key as the Android SDK's `asJSON()` writes
 * it (every default filled in, `androidImpl` naming the class, sizes capped),
 * so a state written here and one a native app wrote are the same JSON.
 * Sync-up targets also name their iOS class in `iOSImpl` (the iOS SDK picks
 * the class by it alone; Android ignores it); an `iOSImpl` the caller gave is
 * kept. Keys the SDK does not write are dropped; a null the SDK would put is
 * left out, as org.json leaves it out.
 *
 * This file holds the keys all targets share, the two shapes of sync-up
 * target JSON and the options'; each target's JSON is its module's `toJson`
 * (`down/*-sync-down.ts`, `up/*-sync-up.ts`), built from these.
 */
import type {
  ChildrenInfo,
  ParentChildrenSyncUpTarget,
  ParentInfo,
  SyncOptions,
  SyncUpTarget,
} from './sync-config.js';

const ID = 'Id';
const MODIFIED = 'LastModifiedDate';

/** The keys of `value` whose value is neither undefined nor null. */
export function present<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}

/** A size as the SDK reads it: the default when absent, at most `cap`. */
export function capped(value: unknown, cap: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(value, cap) : cap;
}

/**
 * The keys every stored target opens with: `androidImpl`, a given `iOSImpl`,
 * and the id and modification date fields (the defaults when the SDK's
 * target ignores the given ones).
 */
export function commonJson(
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

/** A parent (or the shared part of a children) info as the SDK stores it. */
export function parentInfoJson(info: ParentInfo, fallback: Partial<ParentInfo> = {}): ParentInfo {
  return present({
    soupName: info.soupName,
    sobjectType: info.sobjectType,
    idFieldName: info.idFieldName ?? fallback.idFieldName ?? ID,
    modificationDateFieldName:
      info.modificationDateFieldName ?? fallback.modificationDateFieldName ?? MODIFIED,
    externalIdFieldName: info.externalIdFieldName ?? fallback.externalIdFieldName,
  });
}

/** A children info as the SDK stores it. */
export function childrenInfoJson(info: ChildrenInfo): ChildrenInfo {
  return {
    ...parentInfoJson(info),
    sobjectTypePlural: info.sobjectTypePlural,
    parentIdFieldName: info.parentIdFieldName,
  };
}

/** The SDK's class names of a sync-up kind, as a stored target names them. */
export interface SyncUpClassNames {
  readonly androidImpl: string;
  readonly iOSImpl: string;
}

// iOS picks a sync-up class by `iOSImpl` alone (without it, Collections), so
// every stored sync-up target names its iOS class too; Android ignores the key.
function named<T extends SyncUpTarget>(target: T, names: SyncUpClassNames): T {
  return { ...target, iOSImpl: target.iOSImpl ?? names.iOSImpl };
}

function fieldlistsOf(target: SyncUpTarget) {
  return present({
    createFieldlist: target.createFieldlist,
    updateFieldlist: target.updateFieldlist,
  });
}

/**
 * A record-by-record sync-up target (single, batch, collection) as the SDK
 * stores it (Android `SyncUpTarget.kt`, `BatchSyncUpTarget.kt`,
 * `CollectionSyncUpTarget.kt` `asJSON()`); `maxBatchCap` for the kinds that
 * store a `maxBatchSize`.
 *
 * @example
 * recordSyncUpJson({ createFieldlist: ['Name'], maxBatchSize: 500 },
 *   { androidImpl: '…CollectionSyncUpTarget', iOSImpl: 'SFCollectionSyncUpTarget' }, 200);
 * // { androidImpl: '…CollectionSyncUpTarget', iOSImpl: 'SFCollectionSyncUpTarget', idFieldName: 'Id', modificationDateFieldName: 'LastModifiedDate',
 * //   createFieldlist: ['Name'], maxBatchSize: 200 }
 */
export function recordSyncUpJson(
  target: SyncUpTarget,
  names: SyncUpClassNames,
  maxBatchCap?: number,
): SyncUpTarget {
  const json = {
    ...commonJson(names.androidImpl, named(target, names)),
    ...fieldlistsOf(target),
    ...present({ externalIdFieldName: target.externalIdFieldName }),
  };
  return maxBatchCap === undefined
    ? json
    : { ...json, maxBatchSize: capped(target.maxBatchSize, maxBatchCap) };
}

/** A parent-children sync-up target as the SDK stores it (`ParentChildrenSyncUpTarget.kt` `asJSON()`). */
export function parentChildrenSyncUpJson(
  family: ParentChildrenSyncUpTarget,
  names: SyncUpClassNames,
): ParentChildrenSyncUpTarget {
  return {
    // The SDK's target-level fields are always the defaults; the parent's are in `parent`
    // (where soupkit also takes the target-level ones a caller gave as the parent's).
    ...commonJson(names.androidImpl, named(family, names), true),
    ...fieldlistsOf(family),
    parent: parentInfoJson(family.parent, family),
    children: childrenInfoJson(family.children),
    ...present({
      childrenCreateFieldlist: family.childrenCreateFieldlist,
      childrenUpdateFieldlist: family.childrenUpdateFieldlist,
    }),
    relationshipType: family.relationshipType,
  };
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
