/**
 * A sync state to and from its JSON in `syncs_soup`, key for key as the SDK
 * writes it (§2.2 of the design notes).
 */
import { MERGE_MODES, SYNC_STATUSES } from './constants.js';
import type { SyncDownTarget, SyncOptions, SyncType, SyncUpTarget } from './sync-config.js';
import { SyncError } from './sync-error.js';
import type { SyncLease, SyncState, SyncStateJson, SyncStatus } from './sync-state.js';

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
