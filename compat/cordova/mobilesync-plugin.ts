/**
 * `com.salesforce.plugin.mobilesync`: the sync calls in callback style, store
 * config, sync name and (for `syncUp`) target optional. As on a device,
 * `syncDown`, `syncUp` and `reSync` answer with the state once the sync is
 * running; every state after that is a `sync` event on `document`, `detail`
 * the state with `isGlobalStore` and `storeName`.
 */
import type { StoreRef } from '../store-config.js';
import { syncCore as core, MERGE_MODE, type SdkSyncState } from '../sync-core.js';
import { answer, type HybridFunction, hybridFunction, splitHybridArgs } from './hybrid-call.js';

/** Where sync events go. */
export interface SyncEventSink {
  fireDocumentEvent(type: string, data: { detail?: unknown }): void;
}

type StartRun = (ref: StoreRef, listener: (state: SdkSyncState) => void) => Promise<SdkSyncState>;

/**
 * Answers with the first RUNNING state (or the final one, if none came) and
 * fires every state as a `sync` event.
 */
function started(
  events: SyncEventSink,
  args: readonly unknown[],
  start: (ref: StoreRef, params: unknown[]) => StartRun,
) {
  const { ref, params, successCB, errorCB } = splitHybridArgs(args, true);
  let answered = false;
  const reply = (callback: unknown, value: unknown) => {
    if (answered) return;
    answered = true;
    if (typeof callback === 'function') callback(value);
  };
  const fire = (state: SdkSyncState) =>
    events.fireDocumentEvent('sync', {
      detail: { ...state, isGlobalStore: ref.isGlobalStore, storeName: ref.storeName },
    });
  new Promise<SdkSyncState>((resolve) =>
    resolve(
      start(ref, params)(ref, (state) => {
        if (state.status === 'RUNNING') reply(successCB, state);
        fire(state);
      }),
    ),
  ).then(
    (final) => reply(successCB, final),
    (error: unknown) => reply(errorCB, error),
  );
}

/** The plugin module's exports, firing events through `events`. */
export function mobilesyncPlugin(events: SyncEventSink): Record<string, unknown> {
  const getSyncStatus: HybridFunction = hybridFunction(true, (ref, idOrName) =>
    core.getSyncStatus(ref, idOrName),
  );
  return {
    MERGE_MODE,
    syncDown: (...args: unknown[]) =>
      started(
        events,
        args,
        (_, [target, soupName, options, syncName]) =>
          (ref, listener) =>
            core.syncDown(ref, target, String(soupName), options, syncName, listener),
      ),
    syncUp: (...args: unknown[]) =>
      started(events, args, (_, params) => {
        // (storeConfig, soupName, options, …): the target was left out.
        const [target, soupName, options, syncName] =
          typeof params[0] === 'string' ? [{}, ...params] : params;
        return (ref, listener) =>
          core.syncUp(ref, target ?? {}, String(soupName), options, syncName, listener);
      }),
    reSync: (...args: unknown[]) =>
      started(
        events,
        args,
        (_, [idOrName]) =>
          (ref, listener) =>
            core.reSync(ref, idOrName, listener),
      ),
    cleanResyncGhosts: hybridFunction(true, (ref, syncId) => core.cleanResyncGhosts(ref, syncId)),
    getSyncStatus,
    deleteSync: hybridFunction(true, (ref, idOrName) => core.deleteSync(ref, idOrName)),
  };
}

export { answer };
