/**
 * The Mobile Sync manager of one store: sync states in `syncs_soup`, runs one
 * at a time in submission order, stop and restart, with the SDK's names and
 * state transitions (§2 of the design notes).
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
import { buildExactQuerySpec } from '../store/query-spec.js';
import type { SmartStore, StoredEntry } from '../store/smart-store.js';
import { StoreError } from '../store/store-error.js';
import {
  type ConfigLoad,
  type ConfigLoadOptions,
  checkStoreConfig,
  checkSyncsConfig,
  configLoad,
  processWarningLogger,
  readConfig,
} from './config-files.js';
import { SYNC_DOWN_TARGET_TYPES, SYNCS_SOUP, SYNCS_SOUP_INDEXES } from './constants.js';
import { briefcaseInfos } from './down/briefcase-sync-down.js';
import { cleanGhosts } from './down/ghosts.js';
import { checkParentChildrenNames } from './down/parent-children-sync-down.js';
import { runSyncDown } from './down/run-sync-down.js';
import { type JsforceConnection, jsforceClient, type RetryOptions } from './jsforce-client.js';
import {
  ensurePendingSoup,
  notePending,
  type PendingWrite,
  pendingWrites,
  settlePending,
} from './pending-ledger.js';
import { type RunContext, StopRequested } from './run-context.js';
import type { SalesforceClient } from './salesforce-client.js';
import { stateErrorOf } from './state-error.js';
import type {
  ParentChildrenSyncUpTarget,
  StoreConfig,
  SyncDownTarget,
  SyncOptions,
  SyncsConfig,
  SyncType,
  SyncUpTarget,
} from './sync-config.js';
import { SyncError, type SyncWarning } from './sync-error.js';
import {
  acquireSync,
  holdLease,
  isLeaseLive,
  LEASE_BEAT_MS,
  leaseFor,
  newLeaseOwner,
  stopOrphanedSyncs,
} from './sync-lease.js';
import {
  newSyncStateJson,
  type SyncState,
  syncStateFromJson,
  syncStateToJson,
} from './sync-state.js';
import { syncDownTargetJson, syncOptionsJson, syncUpTargetJson } from './target-json.js';
import { familySettings } from './up/parent-children-sync-up.js';
import { runSyncUp, syncUpKindOf } from './up/run-sync-up.js';

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
    const indexes = SYNCS_SOUP_INDEXES.map((spec) => ({ ...spec }));
    if (!store.soupExists(SYNCS_SOUP)) {
      store.registerSoup(SYNCS_SOUP, indexes);
    } else {
      // A soup written by an older SDK (string indexes on type and name only) is brought up to date.
      const current = store.getSoupIndexSpecs(SYNCS_SOUP);
      const upToDate =
        current.length === indexes.length &&
        indexes.every((spec) => current.some((c) => c.path === spec.path && c.type === spec.type));
      if (!upToDate) store.alterSoup(SYNCS_SOUP, indexes, true);
    }
    ensurePendingSoup(store);
    stopOrphanedSyncs(store);
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
   * stored as the SDK stores it (`target-json.ts`).
   */
  createSyncDown(request: Omit<SyncDownRequest, keyof RunOptions>): SyncState {
    const target = syncDownTargetJson(this.#checkSyncDownTarget(request.target));
    return this.#create(
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
    const checked = this.#checkSyncUpTarget(
      request.target ?? {},
      request.soupName,
      request.options,
    );
    return this.#create(
      'syncUp',
      request.soupName,
      syncUpTargetJson(checked, syncUpKindOf(checked)),
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
        this.#require(idOrName).id,
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
      const state = this.#require(idOrName);
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
      const result = this.#queue.then(async () => {
        try {
          return await cleanGhosts(state, {
            store: this.#store,
            client: this.#client,
            stopRequested: () => this.#stopping,
          });
        } finally {
          this.#runs.delete(state.id);
        }
      });
      this.#runs.set(state.id, result);
      this.#queue = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
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
  async loadStoreConfig(
    config: string | StoreConfig,
    options: ConfigLoadOptions = {},
  ): Promise<ConfigLoad<string>> {
    const origin = typeof config === 'string' ? config : 'store config';
    const checked = checkStoreConfig(await readConfig(config, 'store config'), origin);
    const skipped = [...checked.skipped];
    const added: string[] = [];
    for (const { entry: soup, position } of checked.soups) {
      if (this.#store.soupExists(soup.soupName)) continue;
      try {
        this.#store.registerSoup(soup.soupName, soup.indexes);
        added.push(soup.soupName);
      } catch (error) {
        if (!(error instanceof StoreError)) throw error;
        skipped.push({ position, name: soup.soupName, reason: error.message });
      }
    }
    skipped.sort((a, b) => a.position - b.position);
    return configLoad(added, skipped, origin, 'soups', options.logger ?? processWarningLogger);
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
  async loadSyncsConfig(
    config: string | SyncsConfig,
    options: ConfigLoadOptions = {},
  ): Promise<ConfigLoad<SyncState>> {
    const origin = typeof config === 'string' ? config : 'syncs config';
    const checked = checkSyncsConfig(await readConfig(config, 'syncs config'), origin);
    const skipped = [...checked.skipped];
    const created: SyncState[] = [];
    for (const { entry: sync, position } of checked.syncs) {
      if (this.#byName(sync.syncName) !== undefined) continue;
      try {
        this.#requireSoup(sync.soupName, 'soupName');
        const request = {
          soupName: sync.soupName,
          options: sync.options,
          syncName: sync.syncName,
        };
        created.push(
          sync.syncType === 'syncDown'
            ? this.createSyncDown({ ...request, target: sync.target })
            : this.createSyncUp({ ...request, target: sync.target }),
        );
      } catch (error) {
        if (!(error instanceof SyncError)) throw error;
        skipped.push({ position, name: sync.syncName, reason: error.message });
      }
    }
    skipped.sort((a, b) => a.position - b.position);
    return configLoad(created, skipped, origin, 'syncs', options.logger ?? processWarningLogger);
  }

  /** The sync's state, or null. */
  getSyncStatus(idOrName: number | string): SyncState | null {
    return this.#find(idOrName) ?? null;
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
    const state = this.#find(idOrName);
    if (state === undefined) return;
    if (this.#runs.has(state.id) || this.#runningElsewhere(state)) {
      throw new SyncError(
        'SYNC_ALREADY_RUNNING',
        `Cannot delete sync ${idOrName}: it is still running`,
      );
    }
    this.#store.remove(SYNCS_SOUP, [state.id]);
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
    const stopped = (
      this.#store.query(
        buildExactQuerySpec({
          soupName: SYNCS_SOUP,
          indexPath: 'status',
          matchKey: 'STOPPED',
          pageSize: 1_000_000,
        }),
      ) as StoredEntry[]
    ).map(syncStateFromJson);
    return Promise.all(
      stopped.map((state) =>
        this.reSync(state.id, options.onUpdate ? { onUpdate: options.onUpdate } : {}),
      ),
    );
  }

  #create(
    type: SyncType,
    soupName: string,
    target: SyncDownTarget | SyncUpTarget,
    options: SyncOptions,
    name?: string,
  ): SyncState {
    if (!this.#store.soupExists(soupName)) {
      throw new SyncError(
        'SYNC_BAD_CONFIG',
        `Sync ${name ?? ''} names soup ${soupName}, which the store does not have`.replace(
          '  ',
          ' ',
        ),
      );
    }
    if (name !== undefined && this.#byName(name) !== undefined) {
      throw new SyncError(
        'SYNC_DUPLICATE_NAME',
        `Failed to create sync down: there is already a sync with name ${name}`,
      );
    }
    const [saved] = this.#store.upsert(SYNCS_SOUP, [
      newSyncStateJson(type, soupName, target, options, name),
    ]);
    return syncStateFromJson(saved);
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
        const state = this.#find(id);
        throw new SyncError(
          'SYNC_MANAGER_STOPPED',
          `Cannot run sync ${state?.name ?? id}: the sync manager is stopped`,
        );
      }
      const ours = this.#runs.get(id);
      if (ours !== undefined && options.whenRunning !== 'wait') {
        const state = this.#find(id);
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
    const store = this.#store;
    const owner = this.#owner;
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
      this.#runs.delete(initial.id);
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
    const run = async (): Promise<SyncState> => {
      try {
        if (this.#stopping) throw new StopRequested();
        const context: RunContext = {
          store,
          client: this.#client,
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
            return this.#stopping;
          },
          warn: (code, message) =>
            this.#onWarning({ code, message, syncId: state.id, syncName: state.name }),
          pending: {
            note: (writes) =>
              store.transaction(() => {
                checkLease();
                notePending(store, writes);
              }),
            settle: (soup, entries) => settlePending(store, soup, entries),
            of: (soup) => pendingWrites(store, soup),
          },
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
    const result = this.#queue.then(run);
    this.#runs.set(initial.id, result);
    this.#queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  #requireSoup(soupName: string, what: string): void {
    if (!this.#store.soupExists(soupName)) {
      throw new SyncError(
        'SYNC_BAD_CONFIG',
        `${what} names soup ${soupName}, which the store does not have (load the store config first)`,
      );
    }
  }

  /** A sync-down target checked (and a soql query normalised) before it is stored. */
  #checkSyncDownTarget(target: SyncDownTarget): SyncDownTarget {
    if (typeof target !== 'object' || target === null) {
      throw new SyncError('SYNC_BAD_TARGET', 'A sync down needs a target');
    }
    const needType = (t: { sobjectType?: unknown }) => {
      if (typeof t.sobjectType !== 'string' || t.sobjectType === '') {
        throw new SyncError('SYNC_BAD_TARGET', `A ${target.type} target needs an sobjectType`);
      }
    };
    switch (target.type) {
      case 'soql':
      case 'sosl':
        if (typeof target.query !== 'string' || target.query.trim() === '') {
          throw new SyncError('SYNC_BAD_TARGET', 'No query defined');
        }
        return target;
      case 'refresh':
      case 'mru':
        needType(target);
        if (!Array.isArray(target.fieldlist) || target.fieldlist.length === 0) {
          throw new SyncError('SYNC_BAD_TARGET', `A ${target.type} target needs a fieldlist`);
        }
        return target;
      case 'metadata':
      case 'layout':
        needType(target);
        return target;
      case 'parent_children':
        if (
          typeof target.parent !== 'object' ||
          typeof target.children !== 'object' ||
          !Array.isArray(target.parentFieldlist) ||
          !Array.isArray(target.childrenFieldlist) ||
          typeof target.parentSoqlFilter !== 'string' ||
          (target.relationshipType !== 'MASTER_DETAIL' && target.relationshipType !== 'LOOKUP')
        ) {
          throw new SyncError(
            'SYNC_BAD_TARGET',
            'A parent_children target needs parent, children, parentFieldlist, childrenFieldlist, parentSoqlFilter and relationshipType MASTER_DETAIL or LOOKUP',
          );
        }
        checkParentChildrenNames(target.parent, target.children, [
          target.parentFieldlist,
          target.childrenFieldlist,
        ]);
        this.#requireSoup(target.parent.soupName, 'parent_children target: parent');
        this.#requireSoup(target.children.soupName, 'parent_children target: children');
        return target;
      case 'briefcase':
        briefcaseInfos(target).forEach((info, i) => {
          this.#requireSoup(info.soupName, `briefcase target: infos[${i}]`);
        });
        return target;
      default:
        throw new SyncError(
          'SYNC_BAD_TARGET',
          `Sync down target type ${String((target as { type?: unknown }).type)} is not one of ${SYNC_DOWN_TARGET_TYPES.join(', ')}`,
        );
    }
  }

  /** A sync-up target checked before it is stored: a kind soupkit runs, and its soups there. */
  #checkSyncUpTarget(
    target: SyncUpTarget | ParentChildrenSyncUpTarget,
    soupName: string,
    options: SyncOptions,
  ): SyncUpTarget {
    if (typeof target !== 'object' || target === null) {
      throw new SyncError('SYNC_BAD_TARGET', 'A sync up target must be an object');
    }
    if (syncUpKindOf(target) === 'parent_children') {
      const { target: family } = familySettings({ soupName, options, target });
      this.#requireSoup(family.parent.soupName, 'parent_children target: parent');
      this.#requireSoup(family.children.soupName, 'parent_children target: children');
    }
    return target;
  }

  #require(idOrName: number | string): SyncState {
    const state = this.#find(idOrName);
    if (state === undefined)
      throw new SyncError('SYNC_NOT_FOUND', `Sync ${idOrName} does not exist`);
    return state;
  }

  #find(idOrName: number | string): SyncState | undefined {
    if (typeof idOrName === 'number') {
      const [entry] = this.#store.retrieve(SYNCS_SOUP, [idOrName]);
      return entry === undefined ? undefined : syncStateFromJson(entry);
    }
    return this.#byName(idOrName);
  }

  #byName(name: string): SyncState | undefined {
    const [entry] = this.#store.query(
      buildExactQuerySpec({ soupName: SYNCS_SOUP, indexPath: 'name', matchKey: name, pageSize: 1 }),
    ) as StoredEntry[];
    return entry === undefined ? undefined : syncStateFromJson(entry);
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
