/**
 * `com.salesforce.plugin.smartstore`: the SmartStore calls in callback style,
 * store config optional, plus the query-spec builders and constructors.
 */
import type { IndexSpec } from '../../runtime/index.js';
import {
  buildAllQuerySpec,
  buildExactQuerySpec,
  buildLikeQuerySpec,
  buildMatchQuerySpec,
  buildRangeQuerySpec,
  buildSmartQuerySpec,
  type SdkQuerySpec,
} from '../query-spec.js';
import { smartstoreCore as core, type SdkCursor } from '../smartstore-core.js';
import { type HybridFunction, hybridFunction } from './hybrid-call.js';

type Spec = Partial<SdkQuerySpec>;

const withStore = (run: Parameters<typeof hybridFunction>[1]): HybridFunction =>
  hybridFunction(true, run);
const noStore = (run: () => Promise<unknown>): HybridFunction => hybridFunction(false, () => run());

let logLevel = 'info';

function QuerySpec(this: SdkQuerySpec, path?: string): void {
  Object.assign(this, buildExactQuerySpec(path ?? '', null));
  this.indexPath = path ?? null;
  this.orderPath = null;
}

function SoupIndexSpec(this: Record<string, unknown>, path: string, type: string): void {
  this.path = path;
  this.type = type;
}

function StoreConfig(
  this: Record<string, unknown>,
  storeName: string,
  isGlobalStore: boolean,
): void {
  this.storeName = storeName;
  this.isGlobalStore = isGlobalStore;
}

function StoreCursor(this: Record<string, unknown>): void {
  Object.assign(this, {
    cursorId: null,
    pageSize: 0,
    totalEntries: 0,
    totalPages: 0,
    currentPageIndex: 0,
    currentPageOrderedEntries: [],
  });
}

/** The plugin module's exports. */
export function smartstorePlugin(): Record<string, unknown> {
  return {
    buildAllQuerySpec,
    buildExactQuerySpec,
    buildLikeQuerySpec,
    buildMatchQuerySpec,
    buildRangeQuerySpec,
    buildSmartQuerySpec,
    getDatabaseSize: withStore((ref) => core.getDatabaseSize(ref)),
    registerSoup: withStore((ref, soupName, specs) => core.registerSoup(ref, soupName, specs)),
    registerSoupWithSpec: withStore((ref, soupSpec, specs) =>
      core.registerSoupWithSpec(ref, soupSpec, specs),
    ),
    removeSoup: withStore((ref, soupName) => core.removeSoup(ref, soupName)),
    getSoupIndexSpecs: withStore((ref, soupName) => core.getSoupIndexSpecs(ref, soupName)),
    alterSoup: withStore((ref, soupName, specs, reIndexData) =>
      core.alterSoup(ref, soupName, specs as IndexSpec[], reIndexData === true),
    ),
    reIndexSoup: withStore((ref, soupName, paths) =>
      core.reIndexSoup(ref, soupName, paths as string[]),
    ),
    clearSoup: withStore((ref, soupName) => core.clearSoup(ref, soupName)),
    soupExists: withStore((ref, soupName) => core.soupExists(ref, soupName)),
    querySoup: withStore((ref, soupName, spec) => core.querySoup(ref, soupName, spec as Spec)),
    runSmartQuery: withStore((ref, spec) => core.runSmartQuery(ref, spec as Spec)),
    retrieveSoupEntries: withStore((ref, soupName, ids) =>
      core.retrieveSoupEntries(ref, soupName, ids as number[]),
    ),
    upsertSoupEntries: withStore((ref, soupName, entries) =>
      core.upsertSoupEntries(ref, soupName, entries as object[]),
    ),
    upsertSoupEntriesWithExternalId: withStore((ref, soupName, entries, path) =>
      core.upsertSoupEntriesWithExternalId(ref, soupName, entries as object[], String(path)),
    ),
    removeFromSoup: withStore((ref, soupName, idsOrSpec) =>
      core.removeFromSoup(ref, soupName, idsOrSpec as number[] | Spec),
    ),
    moveCursorToPageIndex: withStore((ref, cursor, index) =>
      core.moveCursorToPageIndex(ref, cursor, Number(index)),
    ),
    moveCursorToNextPage: withStore((ref, cursor) =>
      core.moveCursorToNextPage(ref, cursor as SdkCursor),
    ),
    moveCursorToPreviousPage: withStore((ref, cursor) =>
      core.moveCursorToPreviousPage(ref, cursor as SdkCursor),
    ),
    closeCursor: withStore((ref, cursor) => core.closeCursor(ref, cursor)),
    getAllStores: noStore(() => core.getAllStores()),
    getAllGlobalStores: noStore(() => core.getAllGlobalStores()),
    removeStore: withStore((ref) => core.removeStore(ref)),
    removeAllStores: noStore(() => core.removeAllStores()),
    removeAllGlobalStores: noStore(() => core.removeAllGlobalStores()),
    setLogLevel: (level: string) => {
      logLevel = level;
    },
    getLogLevel: () => logLevel,
    /** There is no inspector UI in Node. */
    showInspector: () => undefined,
    QuerySpec,
    SoupIndexSpec,
    StoreConfig,
    StoreCursor,
  };
}
