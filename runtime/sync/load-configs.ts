/**
 * Loading `userstore.json` and `usersyncs.json` into a store (the SDK's
 * `StoreConfig.registerSoups` and `SyncsConfig.createSyncs`): what exists is
 * left as it is, an entry the SDK would skip is skipped and reported.
 */
import type { SmartStore } from '../store/smart-store.js';
import { StoreError } from '../store/store-error.js';
import {
  type ConfigLoad,
  type ConfigLoadOptions,
  checkStoreConfig,
  checkSyncsConfig,
  configLoad,
  processWarningLogger,
  readConfig,
} from './contracts/config-files.js';
import type {
  StoreConfig,
  SyncConfigEntry,
  SyncDownTarget,
  SyncOptions,
  SyncsConfig,
  SyncUpTarget,
} from './contracts/sync-config.js';
import { SyncError } from './contracts/sync-error.js';
import type { SyncState } from './contracts/sync-state.js';
import { requireSoup, syncStateByName } from './engine/sync-states.js';

/** Registers the config's soups the store does not have yet; resolves with their names. */
export async function registerConfiguredSoups(
  store: SmartStore,
  config: string | StoreConfig,
  options: ConfigLoadOptions,
): Promise<ConfigLoad<string>> {
  const origin = typeof config === 'string' ? config : 'store config';
  const checked = checkStoreConfig(await readConfig(config, 'store config'), origin);
  const skipped = [...checked.skipped];
  const added: string[] = [];
  const inStore: string[] = [];
  for (const { entry: soup, position } of checked.soups) {
    if (store.soupExists(soup.soupName)) {
      inStore.push(soup.soupName);
      continue;
    }
    try {
      store.registerSoup(soup.soupName, soup.indexes);
      added.push(soup.soupName);
      inStore.push(soup.soupName);
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
      skipped.push({ position, name: soup.soupName, reason: error.message });
    }
  }
  skipped.sort((a, b) => a.position - b.position);
  return configLoad(
    added,
    skipped,
    inStore,
    origin,
    'soups',
    options.logger ?? processWarningLogger,
  );
}

/** How a config's sync is created (the manager's `createSyncDown` / `createSyncUp`). */
export interface SyncCreator {
  createSyncDown(request: {
    target: SyncDownTarget;
    soupName: string;
    options: SyncOptions;
    syncName: string;
  }): SyncState;
  createSyncUp(request: {
    target: SyncUpTarget;
    soupName: string;
    options: SyncOptions;
    syncName: string;
  }): SyncState;
}

/** Creates the config's syncs whose names the store does not have; resolves with them. */
export async function createConfiguredSyncs(
  store: SmartStore,
  creator: SyncCreator,
  config: string | SyncsConfig,
  options: ConfigLoadOptions,
): Promise<ConfigLoad<SyncState>> {
  const origin = typeof config === 'string' ? config : 'syncs config';
  const checked = checkSyncsConfig(await readConfig(config, 'syncs config'), origin);
  const skipped = [...checked.skipped];
  const created: SyncState[] = [];
  const inStore: string[] = [];
  for (const { entry: sync, position } of checked.syncs) {
    if (syncStateByName(store, sync.syncName) !== undefined) {
      inStore.push(sync.syncName);
      continue;
    }
    try {
      requireSoup(store, sync.soupName, 'soupName');
      created.push(createOne(creator, sync));
      inStore.push(sync.syncName);
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      skipped.push({ position, name: sync.syncName, reason: error.message });
    }
  }
  skipped.sort((a, b) => a.position - b.position);
  return configLoad(
    created,
    skipped,
    inStore,
    origin,
    'syncs',
    options.logger ?? processWarningLogger,
  );
}

function createOne(creator: SyncCreator, sync: SyncConfigEntry): SyncState {
  const request = { soupName: sync.soupName, options: sync.options, syncName: sync.syncName };
  return sync.syncType === 'syncDown'
    ? creator.createSyncDown({ ...request, target: sync.target })
    : creator.createSyncUp({ ...request, target: sync.target });
}
