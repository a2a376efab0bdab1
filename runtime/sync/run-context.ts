/**
 * What a running sync gets from the manager: the store, the client, a way to
 * save and report its state, and the stop request it checks between pages,
 * records and slices.
 */
import type { SmartStore } from '../store/smart-store.js';
import type { SalesforceClient } from './salesforce-client.js';
import type { CreateAttempt, SyncState } from './sync-state.js';

/** What a run reports to the manager and how it asks whether to stop. */
export interface RunContext {
  readonly store: SmartStore;
  readonly client: SalesforceClient;
  /**
   * Saves the state (inside the caller's transaction when there is one) and,
   * unless `notify` is false, reports it to `onUpdate` once the current
   * transaction is over.
   */
  update(changes: Partial<SyncState>, notify?: boolean): SyncState;
  /** True once `stop()` was called: the run ends STOPPED at the next page. */
  stopRequested(): boolean;
  /**
   * The creates any sync up of the soup sent without hearing back (a retry may
   * come as another sync than the one that sent them); `clear` forgets them.
   */
  unansweredCreates(soupName: string): { attempts: CreateAttempt[]; clear(): void };
}

/** What ghost cleaning needs: no state updates, it leaves the state as it is. */
export type GhostContext = Pick<RunContext, 'store' | 'client' | 'stopRequested'>;

/** Thrown inside a run when it sees a stop request between pages. */
export class StopRequested extends Error {}

/** Throws `StopRequested` once `stop()` was called. */
export function checkStop(context: Pick<RunContext, 'stopRequested'>): void {
  if (context.stopRequested()) throw new StopRequested();
}
