/**
 * What a running sync gets from the manager: the store, the client, a way to
 * save and report its state (alone, or with soup writes in one transaction),
 * the writes it has not settled with the server, warnings, and the stop
 * request it checks between pages, records and slices.
 */
import type { SmartStore } from '../../store/smart-store.js';
import type { SalesforceClient } from '../contracts/salesforce-client.js';
import type { SyncWarningCode } from '../contracts/sync-error.js';
import type { SyncState } from '../contracts/sync-state.js';
import type { PendingWrite } from './pending-ledger.js';

/** What a run reports to the manager and how it asks whether to stop. */
export interface RunContext {
  readonly store: SmartStore;
  readonly client: SalesforceClient;
  /**
   * Saves state changes and, unless `notify` is false, reports the state to
   * `onUpdate` once the current transaction is over. Inside `transaction`,
   * the changes count only if it commits.
   */
  update(changes: Partial<SyncState>, notify?: boolean): SyncState;
  /**
   * Reports changes (progress) to `onUpdate` without a store write of their
   * own: they are saved with the state's next write (a killed process may
   * lose them, and nothing else).
   */
  report(changes: Partial<SyncState>): void;
  /**
   * Runs `fn` (synchronous) in one store transaction: the soup writes and the
   * state changes it makes are committed together, or none of them (and the
   * state the run goes on from, or fails with, is the last committed one).
   */
  transaction<T>(fn: () => T): T;
  /** True once `stop()` was called: the run ends STOPPED at the next page. */
  stopRequested(): boolean;
  /** Reports something the run did not act on, without failing it. */
  warn(code: SyncWarningCode, message: string): void;
  /** The writes sync ups of this store sent and have not settled. */
  readonly pending: PendingWrites;
}

/** The unsettled writes of a store's sync ups (`pending-ledger.ts`). */
export interface PendingWrites {
  /** Notes writes about to be sent (before the call; refused once the run lost its lease). */
  note(writes: readonly PendingWrite[]): void;
  /** Notes the writes of several calls about to be sent, in one transaction (as `note`). */
  noteCalls(calls: readonly (readonly PendingWrite[])[]): void;
  /** Forgets the notes of these entries of `soup` (call it in the transaction that writes their outcome). */
  settle(soup: string, entries: Iterable<number>): void;
  /** Every note the store holds for `soup`, whichever sync wrote it. */
  of(soup: string): PendingWrite[];
}

/** What ghost cleaning needs: no state updates, it leaves the state as it is. */
export type GhostContext = Pick<RunContext, 'store' | 'client' | 'stopRequested'>;

/** Thrown inside a run when it sees a stop request between pages. */
export class StopRequested extends Error {}

/** Throws `StopRequested` once `stop()` was called. */
export function checkStop(context: Pick<RunContext, 'stopRequested'>): void {
  if (context.stopRequested()) throw new StopRequested();
}
