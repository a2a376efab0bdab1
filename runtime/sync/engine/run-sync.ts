/**
 * One run of a sync whose lease the manager holds (the SDK's `SyncTask`
 * skeleton): the state saved at each step by the lease holder only, the
 * progress callbacks flushed after each store transaction, the lease beaten
 * while it runs, and the end mapped to a status: `DONE`, `STOPPED` (a stop
 * request: `SYNC_STOPPED`) or `FAILED` (anything else: `SYNC_FAILED`).
 */
import type { SmartStore } from '../../store/smart-store.js';
import { SYNCS_SOUP } from '../contracts/constants.js';
import type { SalesforceClient } from '../contracts/salesforce-client.js';
import { stateErrorOf } from '../contracts/state-error.js';
import { SyncError, type SyncWarning } from '../contracts/sync-error.js';
import type { SyncState } from '../contracts/sync-state.js';
import { syncStateToJson } from '../contracts/sync-state-json.js';
import { runSyncDown } from '../down/run-sync-down.js';
import { runSyncUp } from '../up/run-sync-up.js';
import { type RunContext, StopRequested } from './run-context.js';
import { runLedger } from './run-ledger.js';
import { holdLease, LEASE_BEAT_MS, leaseFor } from './sync-lease.js';

/** What a run needs of its manager. */
export interface RunHost {
  readonly store: SmartStore;
  readonly client: SalesforceClient;
  /** The manager's lease owner id. */
  readonly owner: string;
  /** Whether the manager was asked to stop. */
  stopping(): boolean;
  warn(warning: SyncWarning): void;
  /** Called once the run is over and its lease let go. */
  released(id: number): void;
}

/**
 * Reports the run's first state to `onUpdate` and starts beating its lease;
 * answers the run itself, to be called when the sync's turn comes. When
 * `onUpdate` throws at once, the sync ends `STOPPED` without running, its
 * lease goes, and the error is thrown.
 */
export function startRun(
  host: RunHost,
  initial: SyncState,
  onUpdate: ((state: SyncState) => void) | undefined,
): () => Promise<SyncState> {
  const { store, owner } = host;
  let state = initial;
  let pending: SyncState[] = [];
  const flush = () => {
    const states = pending;
    pending = [];
    for (const s of states) onUpdate?.(s);
  };
  /** Throws `SYNC_LEASE_LOST` when another runner took the sync over (this one stalled past its lease). */
  const checkLease = () => {
    const [row] = store.retrieve(SYNCS_SOUP, [state.id]);
    if ((row?.lease as { owner?: unknown } | undefined)?.owner !== owner) {
      throw new SyncError(
        'SYNC_LEASE_LOST',
        `Sync ${state.name ?? state.id}: another runner took it over (this one stalled past its lease); this run stops`,
      );
    }
  };
  // The in-memory state follows what is committed: a write that fails changes
  // nothing, and only the lease holder writes.
  const update = (changes: Partial<SyncState>, notify = true): SyncState => {
    const next = { ...state, ...changes };
    store.transaction(() => {
      checkLease();
      store.upsert(SYNCS_SOUP, [syncStateToJson(next)]);
    });
    state = next;
    if (notify) pending.push(next);
    return next;
  };
  const beat = setInterval(() => {
    try {
      update({ lease: leaseFor(owner) }, false);
    } catch {
      // The next beat, or the run's own next write, tries again (or finds the lease lost).
    }
  }, LEASE_BEAT_MS);
  beat.unref();
  const release = () => {
    clearInterval(beat);
    holdLease(owner, initial.id, false);
    host.released(initial.id);
  };
  const finish = (changes: Partial<SyncState>): SyncState => {
    const final = { ...changes, endTime: Date.now(), lease: undefined };
    try {
      update(final);
    } catch {
      // The store refuses even this (a full disk, a lost lease): report it; the lease dies with this run.
      state = { ...state, ...final };
      pending.push(state);
    }
    flush();
    return state;
  };
  pending.push(state);
  try {
    flush();
  } catch (error) {
    // onUpdate threw at submission: the sync does not run, and its lease goes.
    finish({ status: 'STOPPED' });
    release();
    throw error;
  }
  return async (): Promise<SyncState> => {
    try {
      if (host.stopping()) throw new StopRequested();
      const context: RunContext = {
        store,
        client: host.client,
        // A runner may update inside a store transaction: callbacks run
        // after it, never inside it.
        update: (changes: Partial<SyncState>, notify?: boolean) => {
          const next = update(changes, notify);
          queueMicrotask(flush);
          return next;
        },
        report: (changes: Partial<SyncState>) => {
          state = { ...state, ...changes };
          pending.push(state);
          queueMicrotask(flush);
        },
        transaction: <T>(fn: () => T): T => {
          const before = state;
          const reported = pending.length;
          try {
            return store.transaction(fn);
          } catch (error) {
            state = before;
            pending.length = Math.min(pending.length, reported);
            throw error;
          }
        },
        stopRequested: () => {
          checkLease();
          return host.stopping();
        },
        warn: (code, message) =>
          host.warn({ code, message, syncId: state.id, syncName: state.name }),
        pending: runLedger(store, checkLease),
      };
      if (state.type === 'syncUp') await runSyncUp(state, context);
      else await runSyncDown(state, context);
      update({ status: 'DONE', progress: 100, endTime: Date.now(), lease: undefined });
      flush();
      return state;
    } catch (error) {
      flush();
      if (error instanceof StopRequested) {
        const final = finish({ status: 'STOPPED' });
        throw new SyncError('SYNC_STOPPED', `Sync ${final.name ?? final.id} stopped`, {
          state: final,
        });
      }
      const message = error instanceof Error ? error.message : String(error);
      const final = finish({ status: 'FAILED', error: stateErrorOf(error) });
      throw new SyncError('SYNC_FAILED', `Sync ${final.name ?? final.id} failed: ${message}`, {
        cause: error,
        state: final,
      });
    } finally {
      release();
    }
  };
}
