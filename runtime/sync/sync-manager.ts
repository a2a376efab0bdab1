/**
 * The Mobile Sync manager of one store: the public API, with the SDK's names
 * and state transitions (§2 of the design notes), over the engine: the queue
 * (`engine/run-queue.ts`, one run at a time in submission order), the states
 * in `syncs_soup` (`engine/sync-states.ts`), one run's skeleton
 * (`engine/run-sync.ts`); each sync-down target type's check, JSON, run and
 * ghosts are its module's in `down/targets.ts`, each sync-up kind's in
 * `up/targets.ts`.
 *
 * Sync is asynchronous over a synchronous store: every store write is one
 * synchronous call (a page and its state in one `store.transaction`), and the
 * only awaits are on the Salesforce client, between those calls, so no store
 * transaction is ever open across an await.
 *
 * One runner per sync, across managers and processes: a manager takes the
 * sync's lease when it submits it (`engine/sync-lease.ts`), so a second
 * manager or process asking for the same sync (or, for a sync up, another
 * sync up of the same soup) gets `SYNC_ALREADY_RUNNING`, or waits with
 * `whenRunning: 'wait'`.
 */
import type { SmartStore } from '../store/smart-store.js';
import {
  type JsforceConnection,
  jsforceClient,
  type RetryOptions,
} from './adapters/jsforce-client.js';
import type { ConfigLoad, ConfigLoadOptions } from './contracts/config-files.js';
import type { SalesforceClient } from './contracts/salesforce-client.js';
import type { StoreConfig, SyncsConfig } from './contracts/sync-config.js';
import { SyncError, type SyncWarning } from './contracts/sync-error.js';
import type {
  RunOptions,
  SyncDownRequest,
  SyncManagerOptions,
  SyncUpdateCallback,
  SyncUpRequest,
} from './contracts/sync-requests.js';
import type { SyncState } from './contracts/sync-state.js';
import { syncOptionsJson } from './contracts/target-json.js';
import { storedSyncDownTarget } from './down/targets.js';
import { type AcquireHost, acquireRun } from './engine/acquire-run.js';
import { queueGhostCleaning } from './engine/clean-ghosts.js';
import { type PendingWrite, pendingWrites } from './engine/pending-ledger.js';
import { RunQueue } from './engine/run-queue.js';
import { startRun } from './engine/run-sync.js';
import { isRunByAnother, newLeaseOwner } from './engine/sync-lease.js';
import {
  createSyncState,
  deleteSyncState,
  findSyncState,
  openSyncStates,
  requireSoup,
  requireSyncState,
  syncStatesWithStatus,
} from './engine/sync-states.js';
import { createConfiguredSyncs, registerConfiguredSoups } from './load-configs.js';
import { storedSyncUpTarget } from './up/targets.js';

/**
 * Runs Mobile Sync syncs against one store.
 *
 * @example
 * const manager = SyncManager.open({ store, connection });
 * const state = await manager.syncDown({
 *   target: { type: 'soql', query: 'SELECT Id, Name FROM Account' },
 *   soupName: 'accounts',
 *   syncName: 'syncDownAccounts',
 * });
 */
export class SyncManager {
  readonly #store: SmartStore;
  readonly #client: SalesforceClient;
  readonly #onWarning: (warning: SyncWarning) => void;
  /** This manager's lease owner id. */
  readonly #owner = newLeaseOwner();
  readonly #queue = new RunQueue();
  #stopping = false;

  private constructor(
    store: SmartStore,
    client: SalesforceClient,
    onWarning: (warning: SyncWarning) => void,
  ) {
    this.#store = store;
    this.#client = client;
    this.#onWarning = onWarning;
  }

  /**
   * A manager for `store`, calling Salesforce through `connection` (jsforce).
   * Creates `syncs_soup` if needed (or upgrades one an older SDK made, with
   * string indexes on `type` and `name`), and marks `STOPPED` the syncs left
   * `RUNNING` by a runner that is gone (a killed process, an SDK app), so they
   * can be resumed with `reSync`; syncs another live manager or process runs
   * are left to it. `retry` sets how jsforce retries calls that may safely be
   * sent again.
   *
   * @example
   * const manager = SyncManager.open({ store, connection: new Connection({ instanceUrl, accessToken }) });
   */
  static open(
    options: (
      | { store: SmartStore; connection: JsforceConnection; retry?: RetryOptions }
      | { store: SmartStore; client: SalesforceClient }
    ) &
      SyncManagerOptions,
  ): SyncManager {
    const client =
      'client' in options ? options.client : jsforceClient(options.connection, options.retry);
    const { store } = options;
    openSyncStates(store);
    return new SyncManager(
      store,
      client,
      options.onWarning ??
        ((warning) =>
          process.emitWarning(warning.message, { code: warning.code, type: 'SoupkitWarning' })),
    );
  }

  /**
   * Creates a sync down without running it (status `NEW`); the target is
   * checked and stored as the SDK stores it by its type's module (`down/targets.ts`).
   */
  createSyncDown(request: Omit<SyncDownRequest, keyof RunOptions>): SyncState {
    const target = storedSyncDownTarget(request.target, {
      requireSoup: (soup, what) => requireSoup(this.#store, soup, what),
    });
    return createSyncState(
      this.#store,
      'syncDown',
      request.soupName,
      target,
      syncOptionsJson(request.options ?? { mergeMode: 'OVERWRITE' }),
      request.syncName,
    );
  }

  /**
   * Creates a sync up without running it (status `NEW`); the target is
   * stored as the SDK stores it (`target-json.ts`).
   */
  createSyncUp(request: Omit<SyncUpRequest, keyof RunOptions>): SyncState {
    const target = storedSyncUpTarget(request.target ?? {}, {
      soupName: request.soupName,
      options: request.options,
      requireSoup: (soupName, what) => requireSoup(this.#store, soupName, what),
    });
    return createSyncState(
      this.#store,
      'syncUp',
      request.soupName,
      target,
      syncOptionsJson(request.options),
      request.syncName,
    );
  }

  /** Creates and runs a sync down; resolves with the final state when DONE. */
  syncDown(request: SyncDownRequest): Promise<SyncState> {
    return rejecting(() => this.#submit(this.createSyncDown(request).id, (s) => s, request));
  }

  /** Creates and runs a sync up; resolves with the final state when DONE. */
  syncUp(request: SyncUpRequest): Promise<SyncState> {
    return rejecting(() => this.#submit(this.createSyncUp(request).id, (s) => s, request));
  }

  /**
   * Runs a sync again: a sync down fetches what changed since its last run (a
   * STOPPED one, or one whose runner died, from one millisecond earlier, in
   * case a page was cut); a sync up sends the records dirty now.
   */
  reSync(idOrName: number | string, options: RunOptions = {}): Promise<SyncState> {
    return rejecting(() =>
      this.#submit(
        requireSyncState(this.#store, idOrName).id,
        (stored, orphaned) => {
          // A stopped run may have been cut inside a run of records sharing its
          // last stamp: ask again from 1 ms before it, as the SDK does (a FAILED run
          // resumes from the stamp itself, also as the SDK does).
          const cut = stored.status === 'STOPPED' || orphaned;
          const maxTimeStamp = cut ? Math.max(stored.maxTimeStamp - 1, -1) : stored.maxTimeStamp;
          return { ...stored, totalSize: -1, maxTimeStamp };
        },
        options,
      ),
    );
  }

  /**
   * Removes the soup's clean records that this sync down brought and the
   * server no longer returns (deleted there, or out of the query now); dirty
   * records, records without the flags and records written after the cleaning
   * started are never removed. With an index on `__sync_id__` only this sync's
   * records are candidates (the SDK's old behaviour, without it, also removed
   * records other syncs brought). Runs in the queue like a sync; resolves with
   * the number removed.
   */
  cleanResyncGhosts(idOrName: number | string): Promise<number> {
    try {
      return queueGhostCleaning({ ...this.#host(), client: this.#client }, idOrName);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Registers the soups of a `userstore.json` (path or content) that the store
   * does not have yet; existing soups are left as they are, so loading twice
   * changes nothing. An entry the SDK would skip (no `soupName`, no
   * `indexes`, a bad index type) is skipped and reported: in the answer's
   * `skipped` (position, name, reason) and to `options.logger`. Resolves with
   * the names registered.
   *
   * @example
   * const added = await manager.loadStoreConfig('src/generated/userstore.json', { logger: console });
   * for (const entry of added.skipped) console.error(entry.position, entry.reason);
   */
  loadStoreConfig(
    config: string | StoreConfig,
    options: ConfigLoadOptions = {},
  ): Promise<ConfigLoad<string>> {
    return registerConfiguredSoups(this.#store, config, options);
  }

  /**
   * Creates the syncs of a `usersyncs.json` (path or content) as `NEW`; a sync
   * whose name exists is left as it is, as the SDK leaves it, so loading the
   * file twice changes nothing. An entry the SDK would skip (no `syncName` or
   * `soupName`, a bad `syncType`, target or merge mode, a soup the store does
   * not have) is skipped and reported: in the answer's `skipped` (position,
   * name, reason) and to `options.logger`; the others load. Resolves with the
   * syncs created.
   *
   * @example
   * const created = await manager.loadSyncsConfig('src/generated/usersyncs.json', { logger: console });
   * await manager.reSync('syncDownAccount');
   */
  loadSyncsConfig(
    config: string | SyncsConfig,
    options: ConfigLoadOptions = {},
  ): Promise<ConfigLoad<SyncState>> {
    return createConfiguredSyncs(this.#store, this, config, options);
  }

  /** The sync's state, or null. */
  getSyncStatus(idOrName: number | string): SyncState | null {
    return findSyncState(this.#store, idOrName) ?? null;
  }

  /**
   * The writes sync ups sent and have not settled with the server (for a
   * soup, or all): what the next sync up of each soup reconciles first.
   *
   * @example
   * manager.getPendingWrites('accounts').filter((write) => write.op === 'create');
   */
  getPendingWrites(soupName?: string): PendingWrite[] {
    return pendingWrites(this.#store, soupName);
  }

  /**
   * Deletes a sync's state (its records keep their `__sync_id__`); an unknown
   * name is a no-op. A sync that is running here or elsewhere is refused
   * with `SYNC_ALREADY_RUNNING`.
   */
  deleteSync(idOrName: number | string): void {
    const state = findSyncState(this.#store, idOrName);
    if (state === undefined) return;
    if (this.#queue.running(state.id) !== undefined || isRunByAnother(state, this.#owner)) {
      throw new SyncError(
        'SYNC_ALREADY_RUNNING',
        `Cannot delete sync ${idOrName}: it is still running`,
      );
    }
    deleteSyncState(this.#store, state.id);
  }

  /** Stops taking syncs; running ones end STOPPED at their next page or batch. */
  stop(): void {
    this.#stopping = true;
  }

  /** Whether `stop()` was called and not undone by `restart`. */
  isStopped(): boolean {
    return this.#stopping;
  }

  /** Takes syncs again; with `restartStoppedSyncs`, re-runs every STOPPED sync. */
  async restart(options: {
    restartStoppedSyncs: boolean;
    onUpdate?: SyncUpdateCallback;
  }): Promise<SyncState[]> {
    await this.#queue.idle();
    this.#stopping = false;
    if (!options.restartStoppedSyncs) return [];
    const stopped = syncStatesWithStatus(this.#store, 'STOPPED');
    return Promise.all(
      stopped.map((state) =>
        this.reSync(state.id, options.onUpdate ? { onUpdate: options.onUpdate } : {}),
      ),
    );
  }

  /** What the engine's queueing functions need of this manager. */
  #host(): AcquireHost {
    return {
      store: this.#store,
      owner: this.#owner,
      queue: this.#queue,
      stopping: () => this.#stopping,
    };
  }

  /** Takes the sync's lease (`engine/acquire-run.ts`) and queues its run. */
  #submit(
    id: number,
    start: (stored: SyncState, orphaned: boolean) => SyncState,
    options: RunOptions,
  ): Promise<SyncState> {
    return acquireRun(this.#host(), id, start, options.whenRunning ?? 'fail', (initial) =>
      this.#enqueue(initial, options.onUpdate),
    );
  }

  /** Runs a sync whose lease this manager holds, after the syncs queued before it. */
  #enqueue(initial: SyncState, onUpdate: SyncUpdateCallback | undefined): Promise<SyncState> {
    const run = startRun(
      {
        store: this.#store,
        client: this.#client,
        owner: this.#owner,
        stopping: () => this.#stopping,
        warn: (warning) => this.#onWarning(warning),
        released: (id) => this.#queue.release(id),
      },
      initial,
      onUpdate,
    );
    return this.#queue.add(initial.id, run);
  }
}

/** Run methods answer every error, a bad request too, as a rejected promise. */
function rejecting(start: () => Promise<SyncState>): Promise<SyncState> {
  try {
    return start();
  } catch (error) {
    return Promise.reject(error);
  }
}
