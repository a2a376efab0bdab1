/**
 * A sync's state, stored as one entry of `syncs_soup` in the Mobile SDK's JSON
 * (§2.2 of the design notes), so a state written here reads in a native app and
 * the other way round. `_soupEntryId` is the sync id. Types only: the JSON
 * codec is `sync-state-json.ts`.
 */
import type { SYNC_STATUSES } from './constants.js';
import type { SyncDownTarget, SyncOptions, SyncType, SyncUpTarget } from './sync-config.js';

export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** A sync as the manager reports it. */
export interface SyncState {
  /** The sync id: the state's `_soupEntryId` in `syncs_soup`. */
  readonly id: number;
  readonly type: SyncType;
  /** Unique among the store's syncs, when given. */
  readonly name: string | undefined;
  readonly target: SyncDownTarget | SyncUpTarget;
  readonly options: SyncOptions;
  readonly soupName: string;
  readonly status: SyncStatus;
  /** 0 to 100. */
  readonly progress: number;
  /** Records the run expects; -1 before it knows. */
  readonly totalSize: number;
  /** Epoch ms of the newest modification date sync down has stored; -1 before any. */
  readonly maxTimeStamp: number;
  /** Epoch ms when the last run started (0 before any). */
  readonly startTime: number;
  /** Epoch ms when the last run ended (0 before any). */
  readonly endTime: number;
  /** The message of the last failed run; `''` otherwise. */
  readonly error: string;
  /** soupkit's own key: who runs the sync now (set while `RUNNING`). */
  readonly lease?: SyncLease | undefined;
}

/**
 * The runner of a sync: a manager (`owner`, random per `SyncManager.open`)
 * in process `pid` on `host`, alive as of `heartbeat` (epoch ms). Another
 * manager leaves the sync alone while the lease is live.
 */
export interface SyncLease {
  readonly owner: string;
  readonly pid: number;
  readonly host: string;
  readonly heartbeat: number;
}

/** The JSON of a state in `syncs_soup`, key for key as the SDK writes it. */
export interface SyncStateJson {
  _soupEntryId?: number;
  type: SyncType;
  name?: string;
  target: SyncDownTarget | SyncUpTarget;
  options: SyncOptions;
  soupName: string;
  status: SyncStatus;
  progress: number;
  totalSize: number;
  maxTimeStamp: number;
  startTime: number;
  endTime: number;
  error: string;
  lease?: SyncLease;
}
