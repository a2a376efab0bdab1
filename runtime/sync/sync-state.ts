/**
 * A sync's state, stored as one entry of `syncs_soup` in the Mobile SDK's JSON
 * (§2.2 of the design notes), so a state written here reads in a native app and
 * the other way round. `_soupEntryId` is the sync id.
 */
import { MERGE_MODES, SYNC_STATUSES } from './constants.js';
import type { SyncDownTarget, SyncOptions, SyncType, SyncUpTarget } from './sync-config.js';
import { SyncError } from './sync-error.js';

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

/**
 * The JSON of a state not saved yet: status `NEW`, progress 0, sizes and
 * times at their SDK initial values.
 *
 * @example
 * newSyncStateJson('syncDown', 'accounts', { type: 'soql', query: 'SELECT Id FROM Account' }, { mergeMode: 'OVERWRITE' });
 */
export function newSyncStateJson(
  type: SyncType,
  soupName: string,
  target: SyncDownTarget | SyncUpTarget,
  options: SyncOptions,
  name?: string,
): SyncStateJson {
  return {
    type,
    ...(name === undefined ? {} : { name }),
    target,
    options,
    soupName,
    status: 'NEW',
    progress: 0,
    totalSize: -1,
    maxTimeStamp: -1,
    startTime: 0,
    endTime: 0,
    error: '',
  };
}

/**
 * The SDK JSON of a state, as stored in `syncs_soup` (with soupkit's `lease`
 * while a run holds it).
 *
 * @example
 * syncStateToJson(manager.getSyncStatus('syncDownAccount') as SyncState).status; // 'DONE'
 */
export function syncStateToJson(state: SyncState): SyncStateJson {
  return {
    _soupEntryId: state.id,
    type: state.type,
    ...(state.name === undefined ? {} : { name: state.name }),
    target: state.target,
    options: state.options,
    soupName: state.soupName,
    status: state.status,
    progress: state.progress,
    totalSize: state.totalSize,
    maxTimeStamp: state.maxTimeStamp,
    startTime: state.startTime,
    endTime: state.endTime,
    error: state.error,
    ...(state.lease === undefined ? {} : { lease: state.lease }),
  };
}

/**
 * Reads a stored state, as the SDK or soupkit wrote it; a missing number takes
 * its initial value. Throws `SYNC_BAD_STATE` for a shape that is not a state.
 */
export function syncStateFromJson(json: unknown): SyncState {
  const bad = (what: string) =>
    new SyncError('SYNC_BAD_STATE', `A stored sync state is not valid: ${what}`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad('not an object');
  const value = json as Record<string, unknown>;
  const id = value._soupEntryId;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw bad('no _soupEntryId');
  if (value.type !== 'syncDown' && value.type !== 'syncUp') throw bad(`type ${String(value.type)}`);
  if (typeof value.soupName !== 'string') throw bad('no soupName');
  if (typeof value.target !== 'object' || value.target === null) throw bad('no target');
  const status = value.status;
  if (!SYNC_STATUSES.includes(status as SyncStatus)) throw bad(`status ${String(status)}`);
  const options = (value.options ?? { mergeMode: 'OVERWRITE' }) as SyncOptions;
  if (!MERGE_MODES.includes(options.mergeMode)) throw bad(`mergeMode ${String(options.mergeMode)}`);
  const number = (key: string, fallback: number) =>
    typeof value[key] === 'number' ? (value[key] as number) : fallback;
  return {
    id,
    type: value.type,
    name: typeof value.name === 'string' ? value.name : undefined,
    target: value.target as SyncDownTarget | SyncUpTarget,
    options,
    soupName: value.soupName,
    status: status as SyncStatus,
    progress: number('progress', 0),
    totalSize: number('totalSize', -1),
    maxTimeStamp: number('maxTimeStamp', -1),
    startTime: number('startTime', 0),
    // Read from its own key (the Android SDK reads endTime from startTime).
    endTime: number('endTime', 0),
    error: typeof value.error === 'string' ? value.error : '',
    ...(isLease(value.lease) ? { lease: value.lease } : {}),
  };
}

function isLease(value: unknown): value is SyncLease {
  const lease = value as Partial<SyncLease> | null | undefined;
  return (
    typeof lease?.owner === 'string' &&
    typeof lease.pid === 'number' &&
    typeof lease.host === 'string' &&
    typeof lease.heartbeat === 'number'
  );
}
