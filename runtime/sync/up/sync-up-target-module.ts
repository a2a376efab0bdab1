/**
 * What one sync-up kind is to the engine (the SDK's `target/*SyncUpTarget`
 * class): the classes that name it in a stored target, how a target of the
 * kind is checked before it is stored, the JSON it is stored as, and how a
 * sync of it runs, under the SDK's merge modes and under soupkit's
 * MERGE_FIELDS. `targets.ts` lists one module per kind.
 */

import type {
  ParentChildrenSyncUpTarget,
  SyncOptions,
  SyncUpTarget,
} from '../contracts/sync-config.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { RunContext } from '../engine/run-context.js';

/** What a sync-up target check may ask of the manager, and the sync it is for. */
export interface SyncUpCheckHost {
  readonly soupName: string;
  readonly options: SyncOptions;
  /** Throws `SYNC_BAD_CONFIG` when the store has no soup `soupName` (`what` names the key). */
  requireSoup(soupName: string, what: string): void;
}

/** One sync-up kind: its class names, its check, its stored JSON and its runs. */
export interface SyncUpTargetModule<
  K extends string = string,
  Android extends string = string,
  IOS extends string = string,
> {
  readonly kind: K;
  /** The Android SDK's class of the kind, as `androidImpl` names it in a stored target. */
  readonly androidImpl: Android;
  /** The iOS SDK's class of the kind, as `iOSImpl` names it in a stored target. */
  readonly iOSImpl: IOS;
  /** Throws `SYNC_BAD_TARGET` (or `SYNC_BAD_CONFIG` for a soup) for a target that cannot be stored. */
  check(target: SyncUpTarget | ParentChildrenSyncUpTarget, host: SyncUpCheckHost): void;
  /** The checked target as the SDK stores it (Android `asJSON()`), key for key. */
  toJson(
    target: SyncUpTarget | ParentChildrenSyncUpTarget,
  ): SyncUpTarget | ParentChildrenSyncUpTarget;
  /** Runs a sync up of the kind under OVERWRITE or LEAVE_IF_CHANGED. */
  run(state: SyncState, context: RunContext): Promise<void>;
  /** Runs a sync up of the kind under MERGE_FIELDS (or rejects with `SYNC_BAD_TARGET`). */
  runMergeFields(state: SyncState, context: RunContext): Promise<void>;
}
