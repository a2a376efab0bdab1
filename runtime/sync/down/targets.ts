/**
 * Every sync-down target type soupkit runs, one module each (the SDK's
 * `target/` package): the only list the engine looks a target's type up in.
 * Adding a target type is its module (its run, check, JSON and ghosts, and
 * its shape added to `SyncDownTargetsByType` of `contracts/sync-config.ts` by a
 * `declare module`) and a line here; a type of the `SyncDownTarget` union
 * without a module here fails to compile.
 */
import type { SyncDownTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import { briefcaseSyncDown } from './briefcase-sync-down.js';
import { layoutSyncDown } from './layout-sync-down.js';
import { metadataSyncDown } from './metadata-sync-down.js';
import { mruSyncDown } from './mru-sync-down.js';
import { parentChildrenSyncDown } from './parent-children-sync-down.js';
import { refreshSyncDown } from './refresh-sync-down.js';
import { soqlSyncDown } from './soql-sync-down.js';
import { soslSyncDown } from './sosl-sync-down.js';
import type { SyncDownTargetModule, TargetCheckHost } from './sync-down-target-module.js';

/** One module per sync-down target type, in the SDK's order. */
export const SYNC_DOWN_TARGETS = [
  soqlSyncDown,
  soslSyncDown,
  mruSyncDown,
  refreshSyncDown,
  parentChildrenSyncDown,
  metadataSyncDown,
  layoutSyncDown,
  briefcaseSyncDown,
] as const;

type Listed = (typeof SYNC_DOWN_TARGETS)[number];
/** A sync-down target type the list holds. */
export type SyncDownTargetType = Listed['type'];

// Compiles only while every type of the `SyncDownTarget` union has a module in the list.
const EVERY_TYPE_LISTED: Record<Exclude<SyncDownTarget['type'], SyncDownTargetType>, never> = {};

/** The sync-down target types, from the list. */
export const SYNC_DOWN_TARGET_TYPES = SYNC_DOWN_TARGETS.map(
  (module) => module.type,
) as unknown as TypesOf<typeof SYNC_DOWN_TARGETS>;

type TypesOf<T extends readonly { readonly type: string }[]> = {
  readonly [I in keyof T]: T[I] extends { readonly type: infer K } ? K : never;
};

/** The Android SDK's class of each sync-down target type, from the list. */
export const SYNC_DOWN_IMPLEMENTATIONS = Object.fromEntries(
  SYNC_DOWN_TARGETS.map((module) => [module.type, module.androidImpl]),
) as { readonly [M in Listed as M['type']]: M['androidImpl'] };

const BY_TYPE = new Map<unknown, SyncDownTargetModule>(
  SYNC_DOWN_TARGETS.map((module) => [module.type, module as unknown as SyncDownTargetModule]),
);
void EVERY_TYPE_LISTED;

/**
 * The module of a target's type. A type soupkit does not know (a stored
 * state a native app wrote can hold a `custom` target: app code soupkit
 * cannot run) throws `SYNC_BAD_TARGET`, with `unknown`'s message when given.
 */
export function syncDownTargetModule(
  target: { readonly type?: unknown },
  unknown: () => string = () =>
    `Sync down target type ${String(target.type)} is not one of ${SYNC_DOWN_TARGET_TYPES.join(', ')}`,
): SyncDownTargetModule {
  const module = BY_TYPE.get(target.type);
  if (module === undefined) throw new SyncError('SYNC_BAD_TARGET', unknown());
  return module;
}

/**
 * A sync-down target checked by its type's module and written as the SDK
 * stores it (a soql query normalised as the SDK normalises it).
 *
 * @example
 * storedSyncDownTarget({ type: 'soql', query: 'SELECT Name FROM Account' }, host);
 * // { androidImpl: '…SoqlSyncDownTarget', idFieldName: 'Id', modificationDateFieldName: 'LastModifiedDate',
 * //   type: 'soql', query: 'select Id,LastModifiedDate,Name from Account order by LastModifiedDate', maxBatchSize: 2000 }
 */
export function storedSyncDownTarget(
  target: SyncDownTarget,
  host: TargetCheckHost,
): SyncDownTarget {
  if (typeof target !== 'object' || target === null) {
    throw new SyncError('SYNC_BAD_TARGET', 'A sync down needs a target');
  }
  const module = syncDownTargetModule(target);
  module.check(target, host);
  return module.toJson(target);
}
