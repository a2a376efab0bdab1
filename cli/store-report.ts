/**
 * What is in a store, read without writing: per soup its entries, bytes and
 * dirty counts; per sync its state. `soupkit status` prints it, `soupkit
 * inspect` serves it. Counts come from Smart SQL, so they hold for soups with
 * or without an index on the local flags.
 */
import { buildAllQuerySpec, buildSmartQuerySpec } from '../runtime/store/query-spec.js';
import type { StoredEntry } from '../runtime/store/smart-store.js';
import {
  LAST_ERROR,
  LOCAL,
  LOCALLY_CREATED,
  LOCALLY_DELETED,
  LOCALLY_UPDATED,
  SYNCS_SOUP,
} from '../runtime/sync/contracts/constants.js';
import type { SyncState } from '../runtime/sync/contracts/sync-state.js';
import { syncStateFromJson } from '../runtime/sync/contracts/sync-state-json.js';
import type { StoreView } from './store-view.js';

/**
 * The version of the `soupkit status --json` shape; bumped only on a breaking change.
 * 2: the report moved under sf's envelope (`{ status, result: report, warnings }`);
 * the report's own fields are those of 1.
 */
export const REPORT_VERSION = 2;

/** Dirty entries of a soup, by flag (an entry may count under several). */
export interface DirtyCounts {
  /** Entries with `__local__` set: waiting for a sync up. */
  readonly total: number;
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  /** Entries carrying a `__last_error__` (the server refused them). */
  readonly errors: number;
}

/** One soup of the report. */
export interface SoupReport {
  readonly name: string;
  readonly entries: number;
  /** Bytes of the entries' JSON text. */
  readonly bytes: number;
  readonly dirty: DirtyCounts;
}

/** One sync of the report; times are ISO 8601, or null before the first run. */
export interface SyncReport {
  readonly id: number;
  readonly name: string | null;
  readonly type: 'syncDown' | 'syncUp';
  readonly soupName: string;
  /** One line: the target's type and what it reads (`soql: SELECT …`). */
  readonly target: string;
  readonly status: SyncState['status'];
  readonly progress: number;
  readonly totalSize: number;
  readonly maxTimeStamp: string | null;
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly error: string;
}

/** What `soupkit status --json` prints. */
export interface StoreReport {
  readonly version: typeof REPORT_VERSION;
  readonly soups: readonly SoupReport[];
  readonly syncs: readonly SyncReport[];
  readonly failedSyncs: number;
  readonly recordErrors: number;
}

/** The report of an open store. */
export function readStoreReport(store: StoreView): StoreReport {
  const soups = store
    .getAllSoupNames()
    .sort()
    .map((name) => soupReport(store, name));
  const syncs = readSyncStates(store).map(syncReport);
  return {
    version: REPORT_VERSION,
    soups,
    syncs,
    failedSyncs: syncs.filter((sync) => sync.status === 'FAILED').length,
    recordErrors: soups.reduce((sum, soup) => sum + soup.dirty.errors, 0),
  };
}

/** Every sync state of the store, by id; states that do not parse are left out. */
export function readSyncStates(store: StoreView): SyncState[] {
  if (!store.soupExists(SYNCS_SOUP)) return [];
  const spec = buildAllQuerySpec({
    soupName: SYNCS_SOUP,
    orderPath: '_soupEntryId',
    pageSize: 10_000,
  });
  const states: SyncState[] = [];
  for (const row of store.query(spec)) {
    try {
      states.push(syncStateFromJson(row));
    } catch {
      // A state another tool wrote badly: status shows what it can read.
    }
  }
  return states;
}

/** The Smart SQL condition "the flag `path` is set" for soup `soup`, indexed or not. */
export function flagIsSet(soup: string, path: string): string {
  const ref = `{${soup}:${path}}`;
  return path === LAST_ERROR
    ? `(${ref} is not null and ${ref} != '')`
    : `(${ref} = 'true' or ${ref} = 1)`;
}

function soupReport(store: StoreView, name: string): SoupReport {
  const scalar = (sql: string): number => {
    const [row] = store.query(buildSmartQuerySpec({ smartSql: sql, pageSize: 1 }));
    return Number((row as unknown[] | undefined)?.[0] ?? 0);
  };
  const count = (path: string) =>
    scalar(`select count(*) from {${name}} where ${flagIsSet(name, path)}`);
  return {
    name,
    entries: scalar(`select count(*) from {${name}}`),
    bytes: scalar(`select sum(length({${name}:_soup})) from {${name}}`),
    dirty: {
      total: count(LOCAL),
      created: count(LOCALLY_CREATED),
      updated: count(LOCALLY_UPDATED),
      deleted: count(LOCALLY_DELETED),
      errors: count(LAST_ERROR),
    },
  };
}

function syncReport(state: SyncState): SyncReport {
  return {
    id: state.id,
    name: state.name ?? null,
    type: state.type,
    soupName: state.soupName,
    target: targetSummary(state.target),
    status: state.status,
    progress: state.progress,
    totalSize: state.totalSize,
    maxTimeStamp: isoTime(state.maxTimeStamp),
    startTime: isoTime(state.startTime),
    endTime: isoTime(state.endTime),
    error: state.error,
  };
}

function isoTime(ms: number): string | null {
  return ms > 0 ? new Date(ms).toISOString() : null;
}

/**
 * A target in one line: its type, then the query or the objects it reads.
 *
 * @example
 * targetSummary({ type: 'soql', query: 'SELECT Id FROM Account' }); // 'soql: SELECT Id FROM Account'
 */
export function targetSummary(target: object): string {
  const value = target as Record<string, unknown>;
  const text = (key: string) =>
    typeof value[key] === 'string' ? (value[key] as string) : undefined;
  const objectOf = (key: string) => {
    const info = value[key] as { sobjectType?: unknown } | undefined;
    return typeof info?.sobjectType === 'string' ? info.sobjectType : undefined;
  };
  const kind = text('type') ?? text('androidImpl')?.split('.').pop() ?? 'SyncUpTarget';
  const parent = objectOf('parent');
  const fields = Array.isArray(value.createFieldlist) ? value.createFieldlist.length : undefined;
  const what =
    text('query') ||
    (parent === undefined ? undefined : `${parent} with ${objectOf('children') ?? 'children'}`) ||
    text('sobjectType') ||
    (fields === undefined ? '' : `${fields} fields`);
  return what === '' ? kind : `${kind}: ${what.replace(/\s+/g, ' ')}`;
}

/** The dirty entries of a soup (those with `__local__` or `__last_error__`), at most `limit`. */
export function dirtyEntries(store: StoreView, soup: string, limit: number): StoredEntry[] {
  const sql = `select {${soup}:_soup} from {${soup}} where ${flagIsSet(soup, LOCAL)} or ${flagIsSet(soup, LAST_ERROR)} order by {${soup}:_soupEntryId}`;
  return store
    .query(buildSmartQuerySpec({ smartSql: sql, pageSize: limit }))
    .map((row) => (row as unknown[])[0] as StoredEntry);
}
