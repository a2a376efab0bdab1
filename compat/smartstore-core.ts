/**
 * Every SmartStore call of the SDK's JS APIs, over soupkit's SmartStore, with
 * the SDK's answers: the soup name from `registerSoup`, `"OK"` from removals,
 * cursors as plain objects, index specs without the store's column names.
 * Both flavours (`react-native-force`, `cordova`) call these.
 */
import type { IndexSpec, StoreCursor } from '../runtime/index.js';
import { CompatError } from './compat-error.js';
import { type SdkQuerySpec, toStoreSpec } from './query-spec.js';
import type { StoreRef } from './store-config.js';
import { listStores, removeAllStoreFiles, removeStoreFiles, storeFor } from './stores.js';

/** A cursor as the SDK's JS APIs hand it out. */
export interface SdkCursor {
  cursorId: number;
  currentPageIndex: number;
  pageSize: number;
  totalEntries: number;
  totalPages: number;
  currentPageOrderedEntries: unknown[];
}

type SpecInput = Partial<SdkQuerySpec>;

function soupNameOf(soupName: unknown, what: string): string {
  if (typeof soupName !== 'string' || soupName === '') {
    throw new CompatError('COMPAT_BAD_ARGUMENT', `${what}: a soup name is required`);
  }
  return soupName;
}

function plainCursor(cursor: StoreCursor): SdkCursor {
  return {
    cursorId: cursor.cursorId,
    currentPageIndex: cursor.currentPageIndex,
    pageSize: cursor.pageSize,
    totalEntries: cursor.totalEntries,
    totalPages: cursor.totalPages,
    currentPageOrderedEntries: [...cursor.currentPageOrderedEntries],
  };
}

function cursorIdOf(cursor: unknown): number {
  const id =
    typeof cursor === 'object' && cursor !== null
      ? (cursor as { cursorId?: unknown }).cursorId
      : cursor;
  const number = typeof id === 'string' ? Number(id) : id;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
    throw new CompatError('COMPAT_BAD_ARGUMENT', 'not a cursor');
  }
  return number;
}

/** The SmartStore operations, by the SDK's names; each resolves as the SDK resolves. */
export const smartstoreCore = {
  async getDatabaseSize(ref: StoreRef): Promise<number> {
    return storeFor(ref).getDatabaseSize();
  },

  async registerSoup(ref: StoreRef, soupName: unknown, indexSpecs: unknown): Promise<string> {
    const name = soupNameOf(soupName, 'registerSoup');
    if (!Array.isArray(indexSpecs) || indexSpecs.length === 0) {
      throw new CompatError(
        'COMPAT_BAD_ARGUMENT',
        `registerSoup ${name}: index specs are required`,
      );
    }
    const store = storeFor(ref);
    // Registering an existing soup is a no-op in the SDK: its specs and data stay.
    if (!store.soupExists(name)) {
      store.registerSoup(
        name,
        indexSpecs.map((spec: IndexSpec) => ({ path: spec.path, type: spec.type })),
      );
    }
    return name;
  },

  async registerSoupWithSpec(
    ref: StoreRef,
    soupSpec: unknown,
    indexSpecs: unknown,
  ): Promise<string> {
    const name = (soupSpec as { name?: unknown } | null)?.name;
    return smartstoreCore.registerSoup(ref, name, indexSpecs);
  },

  async soupExists(ref: StoreRef, soupName: unknown): Promise<boolean> {
    return storeFor(ref).soupExists(soupNameOf(soupName, 'soupExists'));
  },

  async removeSoup(ref: StoreRef, soupName: unknown): Promise<'OK'> {
    const name = soupNameOf(soupName, 'removeSoup');
    const store = storeFor(ref);
    if (store.soupExists(name)) store.dropSoup(name);
    return 'OK';
  },

  async getSoupIndexSpecs(ref: StoreRef, soupName: unknown): Promise<IndexSpec[]> {
    return storeFor(ref)
      .getSoupIndexSpecs(soupNameOf(soupName, 'getSoupIndexSpecs'))
      .map(({ path, type }) => ({ path, type }));
  },

  async alterSoup(
    ref: StoreRef,
    soupName: unknown,
    indexSpecs: readonly IndexSpec[],
    reIndexData: boolean,
  ): Promise<string> {
    const name = soupNameOf(soupName, 'alterSoup');
    storeFor(ref).alterSoup(
      name,
      indexSpecs.map(({ path, type }) => ({ path, type })),
      reIndexData === true,
    );
    return name;
  },

  async reIndexSoup(ref: StoreRef, soupName: unknown, paths: readonly string[]): Promise<string> {
    const name = soupNameOf(soupName, 'reIndexSoup');
    storeFor(ref).reIndexSoup(name, paths);
    return name;
  },

  async clearSoup(ref: StoreRef, soupName: unknown): Promise<'OK'> {
    storeFor(ref).clearSoup(soupNameOf(soupName, 'clearSoup'));
    return 'OK';
  },

  async querySoup(ref: StoreRef, soupName: unknown, querySpec: SpecInput): Promise<SdkCursor> {
    const name = soupNameOf(soupName, 'querySoup');
    if (querySpec?.queryType === 'smart') {
      throw new CompatError(
        'COMPAT_BAD_ARGUMENT',
        'querySoup: smart query specs go to runSmartQuery',
      );
    }
    return plainCursor(storeFor(ref).openCursor(toStoreSpec(name, querySpec)));
  },

  async runSmartQuery(ref: StoreRef, querySpec: SpecInput): Promise<SdkCursor> {
    if (querySpec?.queryType !== 'smart') {
      throw new CompatError('COMPAT_BAD_ARGUMENT', 'runSmartQuery: the query spec must be smart');
    }
    return plainCursor(storeFor(ref).openCursor(toStoreSpec(null, querySpec)));
  },

  async moveCursorToPageIndex(
    ref: StoreRef,
    cursor: unknown,
    pageIndex: number,
  ): Promise<SdkCursor> {
    return plainCursor(storeFor(ref).moveCursorToPageIndex(cursorIdOf(cursor), pageIndex));
  },

  async moveCursorToNextPage(ref: StoreRef, cursor: SdkCursor): Promise<SdkCursor> {
    const next = cursor.currentPageIndex + 1;
    if (next >= cursor.totalPages)
      throw new Error('moveCursorToNextPage called while on last page');
    return smartstoreCore.moveCursorToPageIndex(ref, cursor, next);
  },

  async moveCursorToPreviousPage(ref: StoreRef, cursor: SdkCursor): Promise<SdkCursor> {
    const previous = cursor.currentPageIndex - 1;
    if (previous < 0) throw new Error('moveCursorToPreviousPage called while on first page');
    return smartstoreCore.moveCursorToPageIndex(ref, cursor, previous);
  },

  async closeCursor(ref: StoreRef, cursor: unknown): Promise<'OK'> {
    storeFor(ref).closeCursor(cursorIdOf(cursor));
    return 'OK';
  },

  async upsertSoupEntries(ref: StoreRef, soupName: unknown, entries: readonly object[]) {
    return storeFor(ref).upsert(soupNameOf(soupName, 'upsertSoupEntries'), entries);
  },

  async upsertSoupEntriesWithExternalId(
    ref: StoreRef,
    soupName: unknown,
    entries: readonly object[],
    externalIdPath: string,
  ) {
    return storeFor(ref).upsert(
      soupNameOf(soupName, 'upsertSoupEntriesWithExternalId'),
      entries,
      externalIdPath,
    );
  },

  async retrieveSoupEntries(
    ref: StoreRef,
    soupName: unknown,
    entryIds: readonly (number | string)[],
  ) {
    return storeFor(ref).retrieve(
      soupNameOf(soupName, 'retrieveSoupEntries'),
      entryIds.map((id) => Number(id)),
    );
  },

  async removeFromSoup(
    ref: StoreRef,
    soupName: unknown,
    entryIdsOrQuerySpec: readonly (number | string)[] | SpecInput,
  ): Promise<'OK'> {
    const name = soupNameOf(soupName, 'removeFromSoup');
    const store = storeFor(ref);
    if (Array.isArray(entryIdsOrQuerySpec)) {
      store.remove(
        name,
        entryIdsOrQuerySpec.map((id) => Number(id)),
      );
    } else {
      store.removeByQuery(name, toStoreSpec(name, entryIdsOrQuerySpec as SpecInput));
    }
    return 'OK';
  },

  async getAllStores(): Promise<StoreRef[]> {
    return listStores(false);
  },

  async getAllGlobalStores(): Promise<StoreRef[]> {
    return listStores(true);
  },

  async removeStore(ref: StoreRef): Promise<'OK'> {
    removeStoreFiles(ref);
    return 'OK';
  },

  async removeAllStores(): Promise<'OK'> {
    removeAllStoreFiles(false);
    return 'OK';
  },

  async removeAllGlobalStores(): Promise<'OK'> {
    removeAllStoreFiles(true);
    return 'OK';
  },
};
