import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach } from 'vitest';
import { SmartStore, type SmartStoreOptions } from '../../runtime/store/smart-store.js';
import { StoreError, type StoreErrorCode } from '../../runtime/store/store-error.js';

const cleanups: (() => void)[] = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** A fresh in-memory store, closed after the test. */
export function memoryStore(): SmartStore {
  return trackStore(SmartStore.open({ path: ':memory:' }));
}

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'soupkit-store-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a store on a file in a fresh temporary folder (closed after the test). */
export function fileStore(options: Omit<SmartStoreOptions, 'path'> & { name?: string } = {}): {
  store: SmartStore;
  path: string;
} {
  const { name = 'store.db', ...rest } = options;
  const path = join(tempDir(), name);
  const store = trackStore(SmartStore.open({ path, ...rest }));
  return { store, path };
}

/** Registers a store to be closed after the test. */
export function trackStore(store: SmartStore): SmartStore {
  cleanups.push(() => store.close());
  return store;
}

/** The rows (as arrays) of `sql` on an unencrypted store file, read through the driver directly. */
export function rawRows(path: string, sql: string): unknown[][] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare(sql).raw(true).all() as unknown[][];
  } finally {
    db.close();
  }
}

/** Runs `fn` and returns the StoreError it throws, failing when it throws nothing or something else. */
export function storeErrorOf(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw new Error(`expected a StoreError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a StoreError, nothing was thrown');
}

/** Asserts `fn` throws a StoreError with `code`, and returns it. */
export function expectStoreError(fn: () => unknown, code: StoreErrorCode): StoreError {
  const error = storeErrorOf(fn);
  if (error.code !== code) {
    throw new Error(`expected ${code}, got ${error.code}: ${error.message}`, { cause: error });
  }
  return error;
}
