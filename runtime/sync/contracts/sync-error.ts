/**
 * The sync area's error. Codes (stable; switch on them, not on messages):
 *
 * | code | when |
 * | --- | --- |
 * | `SYNC_NOT_FOUND` | a sync id or name that the store does not hold ("… does not exist") |
 * | `SYNC_ALREADY_RUNNING` | a run asked for a sync that is still running, here or in another manager or process (or, for a sync up, while another sync up of its soups runs elsewhere) |
 * | `SYNC_MANAGER_STOPPED` | a run asked of a stopped (or stopping) manager |
 * | `SYNC_DUPLICATE_NAME` | a new sync named like an existing one ("already a sync with name …") |
 * | `SYNC_BAD_TARGET` | a target that is not one of the known shapes |
 * | `SYNC_BAD_CONFIG` | a `usersyncs.json` / `userstore.json` entry that cannot be loaded (named by its position) |
 * | `SYNC_BAD_STATE` | a stored sync state that cannot be read |
 * | `SYNC_BAD_RECORD` | a local edit on a record that cannot take it (no such entry, no type) |
 * | `SYNC_BAD_RESPONSE` | a server answer sync refuses to act on (a malformed page, an id that is not a server id, a locator to another host, a paging loop); the cause of a `SYNC_FAILED` |
 * | `SYNC_LEASE_LOST` | a run stalled past its lease and another runner took the sync over; the stalled run stops before its next call (the cause of its `SYNC_FAILED`) |
 * | `SYNC_FAILED` | a run ended `FAILED`; `state` is the final state, `cause` the server error |
 * | `SYNC_STOPPED` | a run ended `STOPPED` by `stop()` |
 */
import { SoupkitError } from '../../errors.js';
import type { SyncState } from './sync-state.js';

export type SyncErrorCode =
  | 'SYNC_NOT_FOUND'
  | 'SYNC_ALREADY_RUNNING'
  | 'SYNC_MANAGER_STOPPED'
  | 'SYNC_DUPLICATE_NAME'
  | 'SYNC_BAD_TARGET'
  | 'SYNC_BAD_CONFIG'
  | 'SYNC_BAD_STATE'
  | 'SYNC_BAD_RECORD'
  | 'SYNC_BAD_RESPONSE'
  | 'SYNC_LEASE_LOST'
  | 'SYNC_FAILED'
  | 'SYNC_STOPPED';

/**
 * Thrown (or rejected with) by the sync API.
 *
 * @example
 * try {
 *   await manager.reSync('syncDownAccounts');
 * } catch (error) {
 *   if (error instanceof SyncError && error.code === 'SYNC_FAILED') console.log(error.state?.error);
 * }
 */
export class SyncError extends SoupkitError {
  declare readonly code: SyncErrorCode;
  /** For `SYNC_FAILED` and `SYNC_STOPPED`: the sync's final state. */
  readonly state: SyncState | undefined;

  constructor(
    code: SyncErrorCode,
    message: string,
    options?: { cause?: unknown; state?: SyncState | undefined },
  ) {
    super(code, message, options);
    this.state = options?.state;
  }
}

/**
 * Codes of what a run reports without failing:
 *
 * | code | when |
 * | --- | --- |
 * | `SYNC_DATE_AHEAD_OF_SERVER` | a record's modification date is later than the server's own clock allows; the record is saved, but `maxTimeStamp` does not move to it |
 * | `SYNC_FIELD_KINDS_UNKNOWN` | a `MERGE_FIELDS` sync down could not describe a type its page brings; that type's fields merge as plain values this run (more conflicts at worst, nothing lost) |
 */
export type SyncWarningCode = 'SYNC_DATE_AHEAD_OF_SERVER' | 'SYNC_FIELD_KINDS_UNKNOWN';

/** What `SyncManager.open({ onWarning })` hears of. */
export interface SyncWarning {
  readonly code: SyncWarningCode;
  readonly message: string;
  /** The sync that reported it. */
  readonly syncId: number;
  readonly syncName: string | undefined;
}
