/**
 * The stores of the layer, as the SDK has them: the default user store, the
 * global store and named stores of each kind, each a separate encrypted
 * soupkit store file under the data folder (`user/<name>.db`,
 * `global/<name>.db`), opened on first use and kept open.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SmartStore } from '../runtime/index.js';
import { CompatError } from './compat-error.js';
import { settings } from './settings.js';
import { DEFAULT_STORE_NAME, type StoreRef } from './store-config.js';

const open = new Map<string, SmartStore>();
/** Called before a store closes (the sync layer drops its manager). */
const closeListeners: ((ref: StoreRef) => void)[] = [];

const STORE_FILE = /^[A-Za-z0-9_][A-Za-z0-9_. -]*$/;

function folderOf(isGlobalStore: boolean): string {
  return join(settings().dataFolder, isGlobalStore ? 'global' : 'user');
}

function fileOf(ref: StoreRef): string {
  if (!STORE_FILE.test(ref.storeName) || ref.storeName.includes('..')) {
    throw new CompatError(
      'COMPAT_BAD_STORE_NAME',
      `storeName ${JSON.stringify(ref.storeName)} cannot be a store file name`,
    );
  }
  return join(folderOf(ref.isGlobalStore), `${ref.storeName}.db`);
}

function keyOf(ref: StoreRef): string {
  return `${ref.isGlobalStore ? 'global' : 'user'}/${ref.storeName}`;
}

/** Hears every store about to close. */
export function onStoreClose(listener: (ref: StoreRef) => void): void {
  closeListeners.push(listener);
}

/**
 * The open store `ref` names, opening (or creating) its file on first use.
 *
 * @example
 * const store = storeFor({ isGlobalStore: false, storeName: 'smartstore' });
 */
export function storeFor(ref: StoreRef): SmartStore {
  const key = keyOf(ref);
  const existing = open.get(key);
  if (existing?.isOpen) return existing;
  const path = fileOf(ref);
  mkdirSync(folderOf(ref.isGlobalStore), { recursive: true });
  const store = SmartStore.open({ path, key: settings().key });
  open.set(key, store);
  return store;
}

/** The named stores of one kind (the default store is not listed, as in the SDK). */
export function listStores(isGlobalStore: boolean): StoreRef[] {
  const folder = folderOf(isGlobalStore);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.db'))
    .map((file) => file.slice(0, -'.db'.length))
    .filter((name) => name !== DEFAULT_STORE_NAME)
    .sort()
    .map((storeName) => ({ storeName, isGlobalStore }));
}

/** Closes a store if it is open (its file stays). */
export function closeStore(ref: StoreRef): void {
  const key = keyOf(ref);
  const store = open.get(key);
  if (store === undefined) return;
  for (const listener of closeListeners) listener(ref);
  open.delete(key);
  if (store.isOpen) store.close();
}

/** Closes a store and deletes its files. */
export function removeStoreFiles(ref: StoreRef): void {
  closeStore(ref);
  const path = fileOf(ref);
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    rmSync(`${path}${suffix}`, { force: true });
}

/** Closes and deletes every store of one kind, the default one included. */
export function removeAllStoreFiles(isGlobalStore: boolean): void {
  for (const ref of [...openRefs()].filter((r) => r.isGlobalStore === isGlobalStore)) {
    closeStore(ref);
  }
  rmSync(folderOf(isGlobalStore), { recursive: true, force: true });
}

/** Closes every open store (the files stay). */
export function closeAllStores(): void {
  for (const ref of [...openRefs()]) closeStore(ref);
}

function* openRefs(): Iterable<StoreRef> {
  for (const key of open.keys()) {
    const slash = key.indexOf('/');
    yield { isGlobalStore: key.slice(0, slash) === 'global', storeName: key.slice(slash + 1) };
  }
}
