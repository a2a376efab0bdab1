/**
 * What one sync-down target type is to the engine (the SDK's
 * `target/*SyncDownTarget` class): how a target of the type is checked before
 * it is stored, the JSON it is stored as, how a sync of it runs, and how its
 * ghosts are found. `targets.ts` lists one module per type.
 */

import type { SyncDownTarget } from '../contracts/sync-config.js';
import { SyncError } from '../contracts/sync-error.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { GhostContext, RunContext } from '../engine/run-context.js';

/** The target shape of the sync-down type `K`. */
export type SyncDownTargetOf<K extends SyncDownTarget['type']> = Extract<
  SyncDownTarget,
  { type: K }
>;

/** What a target check may ask of the manager. */
export interface TargetCheckHost {
  /** Throws `SYNC_BAD_CONFIG` when the store has no soup `soupName` (`what` names the key). */
  requireSoup(soupName: string, what: string): void;
}

/** One sync-down target type: its check, its stored JSON, its run and its ghosts. */
export interface SyncDownTargetModule<
  K extends SyncDownTarget['type'] = SyncDownTarget['type'],
  Impl extends string = string,
> {
  readonly type: K;
  /** The Android SDK's class of the type, as `androidImpl` names it in a stored target. */
  readonly androidImpl: Impl;
  /** Throws `SYNC_BAD_TARGET` (or `SYNC_BAD_CONFIG` for a soup) for a target that cannot be stored. */
  check(target: SyncDownTargetOf<K>, host: TargetCheckHost): void;
  /** The checked target as the SDK stores it (Android `asJSON()`), key for key. */
  toJson(target: SyncDownTargetOf<K>): SyncDownTargetOf<K>;
  /** Runs a sync of the type (`state.target` is of the type). */
  run(state: SyncState, context: RunContext): Promise<void>;
  /** Removes the sync's ghosts (§3.10); resolves with how many records were removed. */
  cleanGhosts(state: SyncState, context: GhostContext): Promise<number>;
}

/** Throws unless the target names an sobjectType. */
export function needSobjectType(target: { type: string; sobjectType?: unknown }): void {
  if (typeof target.sobjectType !== 'string' || target.sobjectType === '') {
    throw new SyncError('SYNC_BAD_TARGET', `A ${target.type} target needs an sobjectType`);
  }
}

/** Throws unless the target has a non-empty `fieldlist`. */
export function needFieldlist(target: { type: string; fieldlist?: unknown }): void {
  if (!Array.isArray(target.fieldlist) || target.fieldlist.length === 0) {
    throw new SyncError('SYNC_BAD_TARGET', `A ${target.type} target needs a fieldlist`);
  }
}

/** Throws unless the target has a non-blank `query`. */
export function needQuery(target: { query?: unknown }): void {
  if (typeof target.query !== 'string' || target.query.trim() === '') {
    throw new SyncError('SYNC_BAD_TARGET', 'No query defined');
  }
}

/** For the types without ghosts (one record each, by a name, not by a query). */
export function noGhosts(): Promise<number> {
  return Promise.resolve(0);
}
