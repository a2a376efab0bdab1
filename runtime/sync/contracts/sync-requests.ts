/**
 * What the sync manager's public methods take: the requests to create and
 * run syncs, how a run goes, and the manager's own options. Types only.
 */
import type {
  ParentChildrenSyncUpTarget,
  SyncDownTarget,
  SyncOptions,
  SyncUpTarget,
} from './sync-config.js';
import type { SyncWarning } from './sync-error.js';
import type { SyncState } from './sync-state.js';

/** Called with the state at each step of a run, in the SDK's order. */
export type SyncUpdateCallback = (state: SyncState) => void;

/** How a run goes: its progress callback, and what to do when another runner has the sync. */
export interface RunOptions {
  readonly onUpdate?: SyncUpdateCallback;
  /**
   * When another manager or process runs the sync (or, for a sync up,
   * another sync up of its soup): `'fail'` (default) rejects with
   * `SYNC_ALREADY_RUNNING`; `'wait'` waits until it ends, then runs.
   */
  readonly whenRunning?: 'fail' | 'wait';
}

/** What `syncDown` / `createSyncDown` take. */
export interface SyncDownRequest extends RunOptions {
  readonly target: SyncDownTarget;
  readonly soupName: string;
  /** Default `{ mergeMode: 'OVERWRITE' }`, as the SDK's convenience API. */
  readonly options?: SyncOptions;
  readonly syncName?: string;
}

/** What `syncUp` / `createSyncUp` take. */
export interface SyncUpRequest extends RunOptions {
  /** Default `{}`: the sObject Collections target with `options.fieldlist`. */
  readonly target?: SyncUpTarget | ParentChildrenSyncUpTarget;
  readonly soupName: string;
  readonly options: SyncOptions;
  readonly syncName?: string;
}

/** What `SyncManager.open` takes besides the store and the org. */
export interface SyncManagerOptions {
  /**
   * Hears what a run reports without failing (see `SyncWarning`); by default
   * each is emitted as a Node process warning.
   */
  readonly onWarning?: (warning: SyncWarning) => void;
}
