/**
 * The Mobile Sync manager of one store: the public API and the queue (runs
 * one at a time in submission order, stop and restart), with the SDK's names
 * and state transitions (§2 of the design notes). The states in `syncs_soup`
 * are `sync-states.ts`, one run's skeleton is `run-sync.ts`, each sync-down
 * target type's check, JSON, run and ghosts its module in `down/targets.ts`.
 *
 * Sync is asynchronous over a synchronous store: every store write is one
 * synchronous call (a page and its state in one `store.transaction`), and the
 * only awaits are on the Salesforce client, between those calls, so no store
 * transaction is ever open across an await.
 *
 * One runner per sync, across managers and processes: a manager takes the
 * sync's lease when it submits it (`sync-lease.ts`), so a second manager or
 * process asking for the same sync (or, for a sync up, another sync up of
 * the same soup) gets `SYNC_ALREADY_RUNNING`, or waits with
 * `whenRunning: 'wait'`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { SmartStore } from '../store/smart-store.js';
import type { ConfigLoad, ConfigLoadOptions } from './config-files.js';
import { storedSyncDownTarget, syncDownTargetModule } from './down/targets.js';
import { type JsforceConnection, jsforceClient, type RetryOptions } from './jsforce-client.js';
import { createConfiguredSyncs, registerConfiguredSoups } from './load-configs.js';
import { type PendingWrite, pendingWrites } from './pending-ledger.js';
import { startRun } from './run-sync.js';
import type { SalesforceClient } from './salesforce-client.js';
import type {
  ParentChildrenSyncUpTarget,
  StoreConfig,
  SyncDownTarget,
  SyncOptions,
  SyncsConfig,
  SyncUpTarget,
} from './sync-config.js';
import { SyncError, type SyncWarning } from './sync-error.js';
import { acquireSync, isLeaseLive, newLeaseOwner } from './sync-lease.js';
import type { SyncState } from './sync-state.js';
import {
  createSyncState,
  deleteSyncState,
  findSyncState,
  openSyncStates,
  requireSoup,
  requireSyncState,
  syncStatesWithStatus,
} from './sync-states.js';
import { syncOptionsJson } from './target-json.js';
import { storedSyncUpTarget } from './up/targets.js';

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

/** How often a run waiting for another runner's sync asks again, in ms. */
const WAIT_POLL_MS = 100;

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
  /** Syncs submitted here and not finished, by id, with their outcome. */
  readonly #runs = new Map<number, Promise<unknown>>();
  #queue: Promise<void> = Promise.resolve();
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
      const state = requireSyncState(this.#store, idOrName);
      if (state.type !== 'syncDown') {
        throw new SyncError(
          'SYNC_BAD_TARGET',
          `cleanResyncGhosts: sync ${idOrName} is a sync up (ghosts are cleaned for sync downs)`,
        );
      }
      if (this.#stopping) {
        throw new SyncError(
          'SYNC_MANAGER_STOPPED',
          `Cannot clean ghosts of sync ${idOrName}: the sync manager is stopped`,
        );
      }
      if (this.#runs.has(state.id) || this.#runningElsewhere(state)) {
        throw new SyncError(
          'SYNC_ALREADY_RUNNING',
          `Cannot clean ghosts of sync ${idOrName}: it is still running`,
        );
      }
      return this.#queued(state.id, async () => {
        try {
          return await syncDownTargetModule(state.target as SyncDownTarget).cleanGhosts(state, {
            store: this.#store,
            client: this.#client,
            stopRequested: () => this.#stopping,
          });
        } finally {
          this.#runs.delete(state.id);
        }
      });
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
    if (this.#runs.has(state.id) || this.#runningElsewhere(state)) {
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
    await this.#queue;
    this.#stopping = false;
    if (!options.restartStoppedSyncs) return [];
    const stopped = syncStatesWithStatus(this.#store, 'STOPPED');
    return Promise.all(
      stopped.map((state) =>
        this.reSync(state.id, options.onUpdate ? { onUpdate: options.onUpdate } : {}),
      ),
    );
  }

  /** Whether another manager or process runs the sync now. */
  #runningElsewhere(state: SyncState): boolean {
    return (
      state.status === 'RUNNING' &&
      state.lease?.owner !== this.#owner &&
      isLeaseLive(state.lease, state.id)
    );
  }

  /**
   * Takes the sync's lease and writes it `RUNNING` at once (even while it
   * waits in the queue, as the SDK does), then queues its run. With
   * `whenRunning: 'wait'`, a sync another runner has is asked for again until
   * it is free (a sync running in this manager is waited for first).
   */
  async #submit(
    id: number,
    start: (stored: SyncState, orphaned: boolean) => SyncState,
    options: RunOptions,
  ): Promise<SyncState> {
    for (;;) {
      if (this.#stopping) {
        const state = findSyncState(this.#store, id);
        throw new SyncError(
          'SYNC_MANAGER_STOPPED',
          `Cannot run sync ${state?.name ?? id}: the sync manager is stopped`,
        );
      }
      const ours = this.#runs.get(id);
      if (ours !== undefined && options.whenRunning !== 'wait') {
        const state = findSyncState(this.#store, id);
        throw new SyncError(
          'SYNC_ALREADY_RUNNING',
          `Cannot run sync ${state?.name ?? id}: it is still running`,
        );
      }
      if (ours !== undefined) {
        await ours.catch(() => {});
        continue;
      }
      let initial: SyncState | undefined;
      try {
        initial = acquireSync(this.#store, id, this.#owner, (stored, orphaned) => ({
          ...start(stored, orphaned),
          status: 'RUNNING',
          progress: 0,
          startTime: Date.now(),
          error: '',
        }));
      } catch (error) {
        const busy = error instanceof SyncError && error.code === 'SYNC_ALREADY_RUNNING';
        if (!busy || options.whenRunning !== 'wait') throw error;
        await delay(WAIT_POLL_MS);
        continue;
      }
      if (initial === undefined) throw new SyncError('SYNC_NOT_FOUND', `Sync ${id} does not exist`);
      return this.#enqueue(initial, options.onUpdate);
    }
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
        released: (id) => this.#runs.delete(id),
      },
      initial,
      onUpdate,
    );
    return this.#queued(initial.id, run);
  }

  /** Runs `job` after everything queued before it; the sync counts as running here until it ends. */
  #queued<T>(id: number, job: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(job);
    this.#runs.set(id, result);
    this.#queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
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
