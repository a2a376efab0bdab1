/**
 * SmartStore: JSON entries in named soups on an (optionally SQLCipher
 * encrypted) SQLite file, with the Mobile SDK's names and behaviour and a
 * synchronous API.
 */
import { statSync } from 'node:fs';
import { assertNever } from '../errors.js';
import type { SoupCatalog, SqlValue } from '../smartsql/catalog.js';
import { runIsolatedQuery } from './isolated-query.js';
import {
  type CipherSettings,
  type OpenDatabaseOptions,
  type OpenedDatabase,
  openDatabase,
  rekeyDatabase,
  useWriteAheadLog,
} from './open-encrypted.js';
import { columnValue, project } from './project.js';
import {
  checkResultSize,
  type QueryLimits,
  resolveLimits,
  streamRowsWithinBudget,
} from './query-budget.js';
import {
  createQueryCompiler,
  type StoreCompiledQuery,
  type StoreQueryCompiler,
} from './query-compiler.js';
import {
  DEFAULT_PAGE_SIZE,
  planKey,
  qualifyMatchKey,
  querySpecArgs,
  toSmartSql,
  validateQuerySpec,
} from './query-spec.js';
import {
  buildSoupInfo,
  canCopyColumn,
  createSoupTables,
  ensureStoreSchema,
  type SoupIndex,
  type SoupInfo,
  SoupRegistry,
} from './soup-schema.js';
import type { IndexSpec, QuerySpec } from './specs.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-handle.js';
import { StoreError, toStoreError } from './store-error.js';
import type { TypedSoupHost } from './typed-soup.js';
import { validateIndexSpecs, validatePath, validateSoupName } from './validate.js';

/** Options of `SmartStore.open`. */
export interface SmartStoreOptions extends OpenDatabaseOptions {
  /** Bounds on what one query may return (see `QueryLimits`). */
  readonly limits?: QueryLimits | undefined;
}

/** A stored entry: the JSON object plus `_soupEntryId` and `_soupLastModifiedDate`. */
export type StoredEntry = Record<string, unknown> & {
  readonly _soupEntryId: number;
  readonly _soupLastModifiedDate: number;
};

/** Options of `SmartStore.queryIsolated`. */
export interface IsolatedQueryOptions {
  /** Values for the `?`s of a smart spec. */
  readonly whereArgs?: readonly SqlValue[] | undefined;
  /** How long the query may run before its process is killed (`STORE_QUERY_TIMEOUT`). Default 30,000. */
  readonly timeoutMs?: number | undefined;
  /** The child's V8 heap in MiB; by default room for `limits.maxResultBytes` four times over. */
  readonly heapMb?: number | undefined;
}

const DEFAULT_ISOLATED_TIMEOUT_MS = 30_000;

/** A query result row: an entry, or for smart specs and `selectPaths` an array of values. */
export type QueryRow = StoredEntry | unknown[];

/** A page of a query that can be moved through, as the SDK's `StoreCursor`. */
export interface StoreCursor {
  readonly cursorId: number;
  readonly pageSize: number;
  readonly totalEntries: number;
  readonly totalPages: number;
  readonly currentPageIndex: number;
  readonly currentPageOrderedEntries: readonly QueryRow[];
}

interface CursorState {
  readonly querySpec: QuerySpec;
  readonly whereArgs: readonly SqlValue[] | undefined;
  readonly totalEntries: number;
}

interface QueryPlan {
  readonly compiled: StoreCompiledQuery;
  readonly rowsAreEntries: boolean;
  readonly isSmart: boolean;
  readonly context: string;
  readonly isMatch: boolean;
  /** The SQL of `statement`. */
  readonly sql: string;
  readonly statement: SqliteStatement;
}

/** What a plan's statement returns: a page of rows, the count, or the ids to remove. */
type QueryPurpose = 'page' | 'count' | 'ids';

type StatementMode = 'run' | 'pluck' | 'raw';

const ENTRY_ID_PATH = '_soupEntryId';
const STATEMENT_CACHE_LIMIT = 1000;
const REINDEX_CHUNK = 1000;
/** Pages up to this many rows of a query spec are read in one native call. */
const WHOLE_PAGE_ROWS = 1000;

/**
 * An open store. Every method is synchronous and runs on the caller's thread;
 * writes are atomic (a batch upsert is one transaction).
 *
 * @example
 * const store = SmartStore.open({ path: 'app.db', key: 'secret' });
 * store.registerSoup('accounts', [{ path: 'Id', type: 'string' }]);
 * const [saved] = store.upsert('accounts', [{ Id: '001', Name: 'Acme' }]);
 * store.retrieve('accounts', [saved?._soupEntryId ?? 0]);
 */
export class SmartStore implements TypedSoupHost {
  readonly #opened: OpenedDatabase;
  readonly #limits: Required<QueryLimits>;
  readonly #db: SqliteDatabase;
  readonly #registry = new SoupRegistry();
  readonly #compiler: StoreQueryCompiler;
  #encrypted: boolean;
  #key: string;
  readonly #statements = new Map<string, SqliteStatement>();
  readonly #cursors = new Map<number, CursorState>();
  readonly #plans = new Map<string, QueryPlan>();
  /** The registry's `schemaVersion` the cached statements and plans were prepared under. */
  #cachesVersion = -1;
  /** `PRAGMA schema_version` when the registry was last loaded. */
  #schemaCookie = -1;
  #nextCursorId = 1;
  #closed = false;
  /** Success marks of the open explicit transactions, innermost last. */
  #transactionMarks: boolean[] = [];
  #transactionFailed = false;
  #schemaChangedInTransaction = false;

  private constructor(opened: OpenedDatabase, limits: Required<QueryLimits>) {
    this.#opened = opened;
    this.#limits = limits;
    this.#db = opened.db;
    this.#encrypted = opened.encrypted;
    this.#key = opened.key;
    this.#compiler = createQueryCompiler(this.#registry);
  }

  /**
   * Opens (or creates) a store. An absent or empty `key` means no encryption;
   * `':memory:'` gives a private in-memory store for tests. Throws
   * `STORE_BAD_KEY` for a wrong key, `STORE_NOT_A_DATABASE` / `STORE_NOT_A_STORE`
   * for a file that is not a store, never creating a second store over it.
   *
   * @example
   * const store = SmartStore.open({ path: '/data/user.db', key: 'secret' });
   * const scratch = SmartStore.open({ path: ':memory:' });
   */
  static open(options: SmartStoreOptions): SmartStore {
    let databaseOptions: OpenDatabaseOptions = options;
    let limits: QueryLimits | undefined;
    if (typeof options === 'object' && options !== null) {
      ({ limits, ...databaseOptions } = options);
    }
    const resolvedLimits = resolveLimits(limits);
    const opened = openDatabase(databaseOptions);
    try {
      ensureStoreSchema(opened.db, opened.path, opened.fresh);
      useWriteAheadLog(opened);
      const store = new SmartStore(opened, resolvedLimits);
      store.#loadRegistry();
      return store;
    } catch (error) {
      opened.db.close();
      throw toStoreError(error, `Cannot open store ${opened.path}`);
    }
  }

  /** The Smart SQL compiler's view of the soups; `schemaVersion` changes with every schema change. */
  get catalog(): SoupCatalog {
    return this.#registry;
  }

  /** The cipher settings in use (meaningful when the store is encrypted). */
  get cipherSettings(): CipherSettings {
    return this.#opened.cipher;
  }

  /** Whether the store file is encrypted. */
  get encrypted(): boolean {
    return this.#encrypted;
  }

  /** False once `close()` was called. */
  get isOpen(): boolean {
    return !this.#closed;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Re-encrypts the store in place with a new key (`PRAGMA rekey`); an
   * unencrypted file store becomes encrypted.
   *
   * @example
   * store.changeKey('new secret');
   */
  changeKey(newKey: string): void {
    this.#ensureOpen();
    if (typeof newKey !== 'string' || newKey === '' || newKey.includes('\u0000')) {
      throw new StoreError('STORE_BAD_KEY', 'changeKey needs a non-empty string key');
    }
    if (this.#opened.memory) {
      throw new StoreError('STORE_BAD_OPTION', 'An in-memory store cannot be encrypted');
    }
    if (this.#db.inTransaction) {
      throw new StoreError('STORE_TRANSACTION', 'changeKey cannot run inside a transaction');
    }
    try {
      rekeyDatabase(this.#opened, newKey);
    } catch (error) {
      throw toStoreError(error, 'changeKey failed');
    }
    this.#statements.clear();
    this.#encrypted = true;
    this.#key = newKey;
  }

  /**
   * Closes the store; an open transaction is rolled back. Later calls throw
   * `STORE_CLOSED`; closing twice is a no-op.
   *
   * @example
   * store.close();
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#statements.clear();
    this.#plans.clear();
    this.#cursors.clear();
    this.#transactionMarks = [];
    this.#db.close();
  }

  /**
   * The size of the database in bytes: the file size after a WAL checkpoint,
   * or page count × page size for an in-memory store.
   *
   * @example
   * const bytes = store.getDatabaseSize();
   */
  getDatabaseSize(): number {
    this.#ensureOpen();
    if (this.#opened.memory) {
      const pages = this.#db.pragma('page_count', { simple: true }) as number;
      const pageSize = this.#db.pragma('page_size', { simple: true }) as number;
      return pages * pageSize;
    }
    if (!this.#db.inTransaction) this.#db.pragma('wal_checkpoint(FULL)');
    return statSync(this.#opened.path).size;
  }

  // -------------------------------------------------------------------- soups

  /**
   * Creates a soup with its index specs. A no-op when the soup exists (its
   * specs are kept; use `alterSoup` to change them), as in the SDK.
   *
   * @example
   * store.registerSoup('contacts', [
   *   { path: 'Id', type: 'string' },
   *   { path: 'LastName', type: 'full_text' },
   *   { path: 'Age', type: 'integer' },
   * ]);
   */
  registerSoup(soupName: string, indexSpecs: readonly IndexSpec[]): void {
    this.#ensureOpen();
    validateSoupName(soupName);
    const specs = validateIndexSpecs(soupName, indexSpecs);
    if (this.#findSoup(soupName) !== undefined) return;
    const soup = this.#write(`registerSoup ${soupName}`, true, () => {
      const id = this.#stmt('INSERT INTO soup_attrs (soupName) VALUES (?)', 'run').run(
        soupName,
      ).lastInsertRowid;
      const info = buildSoupInfo(soupName, `TABLE_${id}`, specs);
      createSoupTables(this.#db, info);
      return info;
    });
    this.#registry.set(soup);
  }

  /**
   * Whether the soup exists.
   *
   * @example
   * if (!store.soupExists('accounts')) store.registerSoup('accounts', specs);
   */
  soupExists(soupName: string): boolean {
    this.#ensureOpen();
    return typeof soupName === 'string' && this.#findSoup(soupName) !== undefined;
  }

  /**
   * The names of all soups, in ascending order.
   *
   * @example
   * store.getAllSoupNames(); // => ['accounts', 'contacts']
   */
  getAllSoupNames(): string[] {
    this.#ensureOpen();
    this.#syncRegistry();
    return [...this.#registry.getSoupNames()];
  }

  /**
   * The soup's index specs in registration order, each with its `columnName`
   * (`TABLE_n_i`, or the `json_extract` expression for json1).
   *
   * @example
   * store.getSoupIndexSpecs('accounts'); // => [{ path: 'Id', type: 'string', columnName: 'TABLE_1_0' }]
   */
  getSoupIndexSpecs(soupName: string): IndexSpec[] {
    this.#ensureOpen();
    validateSoupName(soupName);
    return this.#registry
      .require(soupName)
      .indexes.map(({ path, type, columnName }) => ({ path, type, columnName }));
  }

  /**
   * Whether the soup has an index spec on `path`.
   *
   * @example
   * store.hasIndexForPath('accounts', 'Id'); // => true
   */
  hasIndexForPath(soupName: string, path: string): boolean {
    this.#ensureOpen();
    validateSoupName(soupName);
    return this.#soup(soupName).byPath.has(path);
  }

  /**
   * Drops a soup with its entries; unknown soups are ignored. A soup registered
   * again under the same name gets a new table and ids restart at 1.
   *
   * @example
   * store.dropSoup('accounts');
   */
  dropSoup(soupName: string): void {
    this.#ensureOpen();
    validateSoupName(soupName);
    const soup = this.#findSoup(soupName);
    if (soup === undefined) return;
    this.#write(`dropSoup ${soupName}`, true, () => this.#dropSoupTables(soup));
    this.#registry.delete(soupName);
  }

  /**
   * Drops every soup.
   *
   * @example
   * store.dropAllSoups();
   */
  dropAllSoups(): void {
    this.#ensureOpen();
    const names = this.getAllSoupNames();
    this.#write('dropAllSoups', true, () => {
      for (const name of names) this.#dropSoupTables(this.#registry.require(name));
    });
    for (const name of names) this.#registry.delete(name);
  }

  /**
   * Removes every entry of a soup (ids keep counting).
   *
   * @example
   * store.clearSoup('accounts');
   */
  clearSoup(soupName: string): void {
    this.#ensureOpen();
    validateSoupName(soupName);
    const soup = this.#soup(soupName);
    this.#write(`clearSoup ${soupName}`, false, () => {
      this.#db.exec(`DELETE FROM ${soup.tableName}`);
      if (soup.hasFts) this.#db.exec(`DELETE FROM ${soup.ftsTableName}`);
    });
  }

  /**
   * Changes a soup's index specs, keeping its entries, ids and dates. Columns of
   * paths kept with a compatible type are copied; with `reIndexData` the new
   * specs are filled from the entries, otherwise they stay empty for existing
   * entries until `reIndexSoup` or an update (as in the SDK). One transaction.
   *
   * @example
   * store.alterSoup('accounts', [...specs, { path: 'Industry', type: 'string' }], true);
   */
  alterSoup(soupName: string, indexSpecs: readonly IndexSpec[], reIndexData: boolean): void {
    this.#ensureOpen();
    validateSoupName(soupName);
    const specs = validateIndexSpecs(soupName, indexSpecs);
    if (typeof reIndexData !== 'boolean') {
      throw new StoreError('STORE_BAD_ARGUMENT', 'alterSoup: reIndexData must be a boolean');
    }
    const old = this.#soup(soupName);
    const next = buildSoupInfo(soupName, old.tableName, specs);
    this.#write(`alterSoup ${soupName}`, true, () => {
      this.#rebuildSoupTable(old, next);
      if (reIndexData) {
        const oldKeys = new Set(old.indexes.map((index) => `${index.path}|${index.type}`));
        const added = next.indexes.filter((index) => !oldKeys.has(`${index.path}|${index.type}`));
        this.#reIndex(next, added);
      }
    });
    this.#registry.set(next);
  }

  /**
   * Recomputes the index columns (and full-text rows) of the given paths from
   * the stored entries. Paths without an index spec, and json1 paths (which
   * have no column), are skipped as in the SDK.
   *
   * @example
   * store.reIndexSoup('accounts', ['Industry']);
   */
  reIndexSoup(soupName: string, paths: readonly string[]): void {
    this.#ensureOpen();
    validateSoupName(soupName);
    if (!Array.isArray(paths)) {
      throw new StoreError('STORE_BAD_ARGUMENT', 'reIndexSoup: paths must be an array of paths');
    }
    for (const path of paths) validatePath(path, 'reIndexSoup path');
    const soup = this.#soup(soupName);
    const indexes = soup.indexes.filter((index) => paths.includes(index.path));
    this.#write(`reIndexSoup ${soupName}`, false, () => this.#reIndex(soup, indexes));
  }

  // ------------------------------------------------------------------ entries

  /**
   * Creates or updates entries in one transaction (all or nothing) and returns
   * them as stored. With the default external id path `_soupEntryId`, an entry
   * carrying `_soupEntryId` updates that entry (which must exist) and others are
   * created. With another path (which must be indexed), the entry whose indexed
   * value equals the entry's value is updated, or a new one created.
   *
   * @example
   * const [created] = store.upsert('accounts', [{ Id: '001', Name: 'Acme' }]);
   * store.upsert('accounts', [{ Id: '001', Name: 'Acme Corp' }], 'Id'); // updates `created`
   */
  upsert(
    soupName: string,
    entries: readonly object[],
    externalIdPath: string = ENTRY_ID_PATH,
  ): StoredEntry[] {
    this.#ensureOpen();
    validateSoupName(soupName);
    if (!Array.isArray(entries)) {
      throw new StoreError(
        'STORE_BAD_ARGUMENT',
        `upsert into ${soupName}: entries must be an array`,
      );
    }
    const soup = this.#soup(soupName);
    let externalIndex: SoupIndex | undefined;
    if (externalIdPath !== ENTRY_ID_PATH) {
      validatePath(externalIdPath, 'external id path');
      externalIndex = soup.byPath.get(externalIdPath);
      if (externalIndex === undefined) {
        throw new StoreError(
          'STORE_NO_INDEX_FOR_PATH',
          `${soupName} does not have an index on ${externalIdPath}`,
        );
      }
    }
    if (entries.length === 0) return [];
    return this.#write(`upsert into soup ${soupName}`, false, () =>
      this.#upsertAll(soup, entries, externalIndex),
    );
  }

  /**
   * The entries with these ids, in the order asked; unknown ids are skipped.
   *
   * @example
   * const [account] = store.retrieve('accounts', [1]);
   */
  retrieve(soupName: string, ids: readonly number[]): StoredEntry[] {
    this.#ensureOpen();
    validateSoupName(soupName);
    checkIds(ids, 'retrieve');
    const soup = this.#soup(soupName);
    if (ids.length === 0) return [];
    const rows = this.#run(`retrieve from soup ${soupName}`, () =>
      this.#stmt(
        `SELECT id, soup FROM ${soup.tableName} WHERE id IN (SELECT value FROM json_each(?))`,
        'raw',
      ).all(JSON.stringify(ids)),
    ) as [number, string][];
    const byId = new Map(rows.map(([id, json]) => [id, json]));
    const result: StoredEntry[] = [];
    for (const id of ids) {
      const json = byId.get(id);
      if (json === undefined) continue;
      byId.delete(id);
      result.push(JSON.parse(json) as StoredEntry);
    }
    return result;
  }

  /**
   * Deletes the entries with these ids (and their full-text rows); unknown ids
   * are ignored.
   *
   * @example
   * store.remove('accounts', [1, 2]);
   */
  remove(soupName: string, ids: readonly number[]): void {
    this.#ensureOpen();
    validateSoupName(soupName);
    checkIds(ids, 'remove');
    const soup = this.#soup(soupName);
    if (ids.length === 0) return;
    this.#write(`remove from soup ${soupName}`, false, () => this.#removeIds(soup, ids));
  }

  /**
   * Deletes the entries of the query's **first page** (at most `pageSize`
   * entries), as the SDK's `deleteByQuery`; use a large `pageSize` to delete
   * every match. A smart spec must select `{soup:_soupEntryId}`.
   *
   * @example
   * store.removeByQuery('accounts', buildRangeQuerySpec({
   *   soupName: 'accounts', indexPath: 'LastModified', endKey: cutoff, pageSize: 100_000,
   * }));
   */
  removeByQuery(soupName: string, querySpec: QuerySpec, whereArgs?: readonly SqlValue[]): void {
    this.#ensureOpen();
    validateSoupName(soupName);
    validateQuerySpec(querySpec);
    const soup = this.#soup(soupName);
    if (querySpec.queryType !== 'smart' && querySpec.soupName !== soupName) {
      throw new StoreError(
        'STORE_BAD_QUERY_SPEC',
        `removeByQuery on soup ${soupName} got a query spec for soup ${querySpec.soupName}`,
      );
    }
    const pageSize = querySpec.pageSize ?? DEFAULT_PAGE_SIZE;
    this.#write(`removeByQuery on soup ${soupName}`, false, () => {
      const { plan, args } = this.#resolve(querySpec, whereArgs, 'ids');
      const ids = this.#run(
        plan.context,
        () => plan.statement.all(...args, pageSize) as number[],
        plan.isMatch,
      );
      if (ids.length > 0) this.#removeIds(soup, ids);
    });
  }

  // ------------------------------------------------------------------ queries

  /**
   * One page of a query. Entries for exact/range/like/match specs; arrays of
   * values for smart specs and specs with `selectPaths`. `whereArgs` bind the
   * `?`s of a smart spec (and are refused for other specs).
   *
   * @example
   * const page = store.query(buildRangeQuerySpec({ soupName: 'accounts', indexPath: 'Name', beginKey: 'A' }), 2);
   * const rows = store.query(buildSmartQuerySpec({ smartSql: 'select count(*) from {accounts}' }));
   */
  query(querySpec: QuerySpec, pageIndex = 0, whereArgs?: readonly SqlValue[]): QueryRow[] {
    this.#ensureOpen();
    validateQuerySpec(querySpec);
    checkPageIndex(pageIndex, 'query');
    const { plan, args } = this.#resolve(querySpec, whereArgs, 'page');
    return this.#page(plan, args, querySpec.pageSize ?? DEFAULT_PAGE_SIZE, pageIndex);
  }

  /**
   * One page of a query, run in a child process that is killed when it takes
   * longer than `timeoutMs` (default 30 s) or exhausts its heap: the way to run
   * Smart SQL you do not control (typed by a user, sent by a server) without
   * risking the caller's thread or memory. The query is compiled and checked
   * here, so its errors are the same as `query`'s; the child reads the file
   * read-only and sees committed data only (not an open transaction's writes).
   * File stores only; each call starts a process (tens of milliseconds).
   *
   * @example
   * const rows = await store.queryIsolated(
   *   buildSmartQuerySpec({ smartSql: userText, pageSize: 50 }),
   *   0,
   *   { timeoutMs: 2_000 },
   * );
   */
  async queryIsolated(
    querySpec: QuerySpec,
    pageIndex = 0,
    options: IsolatedQueryOptions = {},
  ): Promise<QueryRow[]> {
    this.#ensureOpen();
    validateQuerySpec(querySpec);
    checkPageIndex(pageIndex, 'queryIsolated');
    const { whereArgs, timeoutMs = DEFAULT_ISOLATED_TIMEOUT_MS, heapMb } = options;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new StoreError(
        'STORE_BAD_ARGUMENT',
        `queryIsolated: timeoutMs must be a positive number, got ${String(timeoutMs)}`,
      );
    }
    if (heapMb !== undefined && (!Number.isSafeInteger(heapMb) || heapMb < 16)) {
      throw new StoreError(
        'STORE_BAD_ARGUMENT',
        `queryIsolated: heapMb must be an integer of at least 16, got ${String(heapMb)}`,
      );
    }
    if (this.#opened.memory) {
      throw new StoreError(
        'STORE_BAD_OPTION',
        'queryIsolated needs a file store: an in-memory store cannot be read from another process',
      );
    }
    const { plan, args } = this.#resolve(querySpec, whereArgs, 'page');
    const pageSize = querySpec.pageSize ?? DEFAULT_PAGE_SIZE;
    const { maxResultBytes } = this.#limits;
    const rows = await runIsolatedQuery(
      {
        path: this.#opened.path,
        key: this.#key,
        cipher: this.#opened.cipher,
        sql: plan.sql,
        params: [...args, pageIndex * pageSize, pageSize],
        mode: plan.rowsAreEntries ? 'pluck' : 'raw',
        maxResultBytes,
        context: plan.context,
        isMatch: plan.isMatch,
      },
      { timeoutMs, heapMb: heapMb ?? isolatedHeapMb(maxResultBytes) },
    );
    return decodeRows(rows, plan);
  }

  /**
   * How many entries (or rows, for a smart spec) the query matches in total.
   *
   * @example
   * store.count(buildExactQuerySpec({ soupName: 'accounts', indexPath: 'Industry', matchKey: 'Energy' }));
   */
  count(querySpec: QuerySpec, whereArgs?: readonly SqlValue[]): number {
    this.#ensureOpen();
    validateQuerySpec(querySpec);
    const { plan, args } = this.#resolve(querySpec, whereArgs, 'count');
    return this.#run(plan.context, () => Number(plan.statement.get(...args)), plan.isMatch);
  }

  /**
   * SQLite's plan for a page of the query (`EXPLAIN QUERY PLAN`), with the SQL
   * and the bound values, to check which indexes a spec uses (the SDK's
   * `getLastExplainQueryPlan`).
   *
   * @example
   * store.explainQueryPlan(buildExactQuerySpec({ soupName: 'accounts', indexPath: 'Id', matchKey: '001' })).details;
   * // => ['SEARCH TABLE_1 USING INDEX TABLE_1_0_idx (TABLE_1_0=?)']
   */
  explainQueryPlan(
    querySpec: QuerySpec,
    pageIndex = 0,
    whereArgs?: readonly SqlValue[],
  ): { sql: string; args: SqlValue[]; details: string[] } {
    this.#ensureOpen();
    validateQuerySpec(querySpec);
    const { plan, args } = this.#resolve(querySpec, whereArgs, 'page');
    const pageSize = querySpec.pageSize ?? DEFAULT_PAGE_SIZE;
    const bound = [...args, pageIndex * pageSize, pageSize];
    const rows = this.#run(plan.context, () =>
      this.#db.prepare(`EXPLAIN QUERY PLAN ${plan.sql}`).all(...bound),
    ) as { detail: string }[];
    return { sql: plan.sql, args: bound, details: rows.map((row) => row.detail) };
  }

  /**
   * Runs a query and keeps it open as a cursor on its first page.
   *
   * @example
   * let cursor = store.openCursor(buildAllQuerySpec({ soupName: 'accounts', orderPath: 'Name' }));
   * while (cursor.currentPageIndex < cursor.totalPages - 1) {
   *   cursor = store.moveCursorToPageIndex(cursor, cursor.currentPageIndex + 1);
   * }
   * store.closeCursor(cursor);
   */
  openCursor(querySpec: QuerySpec, whereArgs?: readonly SqlValue[]): StoreCursor {
    const totalEntries = this.count(querySpec, whereArgs);
    const cursorId = this.#nextCursorId++;
    this.#cursors.set(cursorId, { querySpec, whereArgs, totalEntries });
    return this.#cursorPage(cursorId, 0);
  }

  /**
   * The cursor moved to `pageIndex`, clamped into the existing pages (as
   * Android; with no results the index is -1). `totalEntries` is the count
   * taken when the cursor was opened.
   *
   * @example
   * cursor = store.moveCursorToPageIndex(cursor, 3);
   */
  moveCursorToPageIndex(cursor: StoreCursor | number, pageIndex: number): StoreCursor {
    this.#ensureOpen();
    if (!Number.isSafeInteger(pageIndex)) {
      throw new StoreError(
        'STORE_BAD_ARGUMENT',
        'moveCursorToPageIndex: pageIndex must be an integer',
      );
    }
    return this.#cursorPage(this.#cursorId(cursor), pageIndex);
  }

  /**
   * Forgets a cursor; moving it afterwards throws `STORE_UNKNOWN_CURSOR`.
   *
   * @example
   * store.closeCursor(cursor);
   */
  closeCursor(cursor: StoreCursor | number): void {
    this.#ensureOpen();
    this.#cursors.delete(this.#cursorId(cursor));
  }

  // ------------------------------------------------------------- transactions

  /**
   * Starts an explicit transaction; nested calls join it. Every write until the
   * matching `endTransaction` commits only if each level called
   * `setTransactionSuccessful`, otherwise everything is rolled back.
   *
   * @example
   * store.beginTransaction();
   * try {
   *   store.upsert('accounts', accounts);
   *   store.upsert('contacts', contacts);
   *   store.setTransactionSuccessful();
   * } finally {
   *   store.endTransaction();
   * }
   */
  beginTransaction(): void {
    this.#ensureOpen();
    if (this.#transactionMarks.length === 0) {
      this.#run('beginTransaction', () => this.#db.exec('BEGIN IMMEDIATE'));
      this.#transactionFailed = false;
      this.#schemaChangedInTransaction = false;
    }
    this.#transactionMarks.push(false);
  }

  /**
   * Marks the innermost explicit transaction as successful.
   *
   * @example
   * store.setTransactionSuccessful();
   */
  setTransactionSuccessful(): void {
    this.#ensureOpen();
    const depth = this.#transactionMarks.length;
    if (depth === 0) {
      throw new StoreError(
        'STORE_TRANSACTION',
        'setTransactionSuccessful called outside a transaction',
      );
    }
    this.#transactionMarks[depth - 1] = true;
  }

  /**
   * Ends the innermost explicit transaction; the outermost one commits or
   * rolls back (see `beginTransaction`).
   *
   * @example
   * store.endTransaction();
   */
  endTransaction(): void {
    this.#ensureOpen();
    const mark = this.#transactionMarks.pop();
    if (mark === undefined) {
      throw new StoreError('STORE_TRANSACTION', 'endTransaction called without beginTransaction');
    }
    if (!mark) this.#transactionFailed = true;
    if (this.#transactionMarks.length > 0) return;
    // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL).
    if (this.#transactionFailed || !this.#db.inTransaction) {
      this.#rollback();
      return;
    }
    try {
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#rollback();
      throw toStoreError(error, 'commit failed, the transaction was rolled back');
    }
  }

  /**
   * Runs `fn` in an explicit transaction: committed when it returns, rolled
   * back when it throws. `fn` must be synchronous.
   *
   * @example
   * const saved = store.transaction(() => store.upsert('accounts', batch));
   */
  transaction<T>(fn: () => T): T {
    if (typeof fn !== 'function') {
      throw new StoreError('STORE_BAD_ARGUMENT', 'transaction expects a function');
    }
    this.beginTransaction();
    try {
      const result = fn();
      if (result instanceof Promise) {
        result.catch(() => {});
        throw new StoreError(
          'STORE_BAD_ARGUMENT',
          'transaction(fn): fn returned a Promise; the store is synchronous and the transaction was rolled back',
        );
      }
      this.setTransactionSuccessful();
      return result;
    } finally {
      this.endTransaction();
    }
  }

  // ---------------------------------------------------------------- internals

  #ensureOpen(): void {
    if (this.#closed) throw new StoreError('STORE_CLOSED', 'The store is closed');
  }

  #loadRegistry(): void {
    this.#registry.load(this.#db);
    this.#schemaCookie = this.#db.pragma('schema_version', { simple: true }) as number;
  }

  /**
   * Reloads the soup metadata when the database schema changed since it was
   * loaded, i.e. another connection registered, altered or dropped a soup.
   * Called only on a miss (unknown soup, new smart query), so the hot path
   * never pays for it.
   */
  #syncRegistry(): void {
    const cookie = this.#db.pragma('schema_version', { simple: true }) as number;
    if (cookie === this.#schemaCookie) return;
    this.#loadRegistry();
  }

  #findSoup(soupName: string): SoupInfo | undefined {
    const soup = this.#registry.getSoup(soupName);
    if (soup !== undefined) return soup;
    this.#syncRegistry();
    return this.#registry.getSoup(soupName);
  }

  /** The soup, or `STORE_UNKNOWN_SOUP` (after checking for soups another connection added). */
  #soup(soupName: string): SoupInfo {
    return this.#findSoup(soupName) ?? this.#registry.require(soupName);
  }

  /**
   * Drops the cached statements and plans once the soups changed (register,
   * alter, drop, reload after a rollback or another connection's change).
   */
  #dropStaleCaches(): void {
    const version = this.#registry.schemaVersion;
    if (version === this.#cachesVersion) return;
    this.#statements.clear();
    this.#plans.clear();
    this.#cachesVersion = version;
  }

  #stmt(sql: string, mode: StatementMode): SqliteStatement {
    this.#dropStaleCaches();
    const key = `${mode}:${sql}`;
    let statement = this.#statements.get(key);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      if (mode === 'raw') statement.raw(true);
      else if (mode === 'pluck') statement.pluck(true);
      if (this.#statements.size >= STATEMENT_CACHE_LIMIT) this.#statements.clear();
      this.#statements.set(key, statement);
    }
    return statement;
  }

  /** Runs a read, wrapping driver errors (FTS5's complaints as `STORE_BAD_MATCH_KEY` for a match query). */
  #run<T>(context: string, fn: () => T, matchQuery = false): T {
    try {
      return fn();
    } catch (error) {
      throw toStoreError(error, context, matchQuery);
    }
  }

  /**
   * Runs a write atomically: in its own transaction, or in a savepoint inside
   * an explicit one, so a failed call leaves the store as it was.
   */
  #write<T>(context: string, changesSchema: boolean, fn: () => T): T {
    const db = this.#db;
    const nested = db.inTransaction;
    try {
      db.exec(nested ? 'SAVEPOINT soupkit_write' : 'BEGIN IMMEDIATE');
    } catch (error) {
      throw toStoreError(error, context);
    }
    try {
      const result = fn();
      db.exec(nested ? 'RELEASE soupkit_write' : 'COMMIT');
      if (nested && changesSchema) this.#schemaChangedInTransaction = true;
      return result;
    } catch (error) {
      if (db.inTransaction) {
        db.exec(nested ? 'ROLLBACK TO soupkit_write; RELEASE soupkit_write' : 'ROLLBACK');
      }
      if (changesSchema) this.#loadRegistry();
      throw toStoreError(error, context);
    }
  }

  #rollback(): void {
    if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    if (this.#schemaChangedInTransaction) this.#loadRegistry();
    this.#schemaChangedInTransaction = false;
    this.#transactionFailed = false;
  }

  #dropSoupTables(soup: SoupInfo): void {
    this.#db.exec(`DROP TABLE IF EXISTS ${soup.tableName}`);
    if (soup.hasFts) this.#db.exec(`DROP TABLE IF EXISTS ${soup.ftsTableName}`);
    this.#stmt('DELETE FROM soup_attrs WHERE soupName = ?', 'run').run(soup.soupName);
    this.#stmt('DELETE FROM soup_index_map WHERE soupName = ?', 'run').run(soup.soupName);
  }

  /**
   * alterSoup's steps in one transaction: rename the old tables, create the new
   * layout under the same table name, copy rows (ids, dates and compatible
   * columns), rebuild the full-text rows, drop the old tables.
   */
  #rebuildSoupTable(old: SoupInfo, next: SoupInfo): void {
    const db = this.#db;
    const table = old.tableName;
    const oldTable = `${table}_old`;
    const oldFts = `${table}_old_fts`;
    const sequence = this.#sequence(table);
    db.exec(`ALTER TABLE ${table} RENAME TO ${oldTable}`);
    if (old.hasFts) db.exec(`ALTER TABLE ${old.ftsTableName} RENAME TO ${oldFts}`);
    for (const index of old.indexes) db.exec(`DROP INDEX IF EXISTS ${table}_${index.position}_idx`);
    db.exec(`DROP INDEX IF EXISTS ${table}_created_idx`);
    db.exec(`DROP INDEX IF EXISTS ${table}_lastModified_idx`);
    this.#stmt('DELETE FROM soup_index_map WHERE soupName = ?', 'run').run(old.soupName);
    createSoupTables(db, next);

    const targets = ['id', 'soup', 'created', 'lastModified'];
    const sources = ['id', 'soup', 'created', 'lastModified'];
    for (const index of next.columnIndexes) {
      const before = old.byPath.get(index.path);
      if (before === undefined || !canCopyColumn(before.type, index.type)) continue;
      targets.push(index.columnName);
      // json1 "columns" are json_extract expressions over the old table's soup.
      sources.push(before.columnName);
    }
    db.exec(
      `INSERT INTO ${table} (${targets.join(', ')}) SELECT ${sources.join(', ')} FROM ${oldTable}`,
    );
    if (next.hasFts) {
      const columns = next.ftsIndexes.map((index) => index.columnName).join(', ');
      db.exec(
        `INSERT INTO ${next.ftsTableName} (rowid, ${columns}) SELECT id, ${columns} FROM ${table}`,
      );
    }
    db.exec(`DROP TABLE ${oldTable}`);
    if (old.hasFts) db.exec(`DROP TABLE ${oldFts}`);
    // Copying rows sets the sequence to the highest surviving id; restoring it
    // keeps ids of deleted entries from being handed out again.
    if (sequence !== undefined) {
      this.#stmt('UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?', 'run').run(
        sequence,
        table,
      );
      this.#stmt(
        'INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)',
        'run',
      ).run(table, sequence, table);
    }
  }

  /** Re-projects `indexes` (those with a column) for every entry, in chunks of ids. */
  #reIndex(soup: SoupInfo, indexes: readonly SoupIndex[]): void {
    const columns = indexes.filter((index) => index.hasColumn);
    if (columns.length === 0) return;
    const fts = columns.filter((index) => index.type === 'full_text');
    const ftsSlots = fts.map((index) => columns.indexOf(index));
    const update = this.#stmt(
      `UPDATE ${soup.tableName} SET ${columns.map((c) => `${c.columnName} = ?`).join(', ')} WHERE id = ?`,
      'run',
    );
    const ftsUpdate =
      fts.length > 0
        ? this.#stmt(
            `UPDATE ${soup.ftsTableName} SET ${fts.map((c) => `${c.columnName} = ?`).join(', ')} WHERE rowid = ?`,
            'run',
          )
        : undefined;
    const chunk = this.#stmt(
      `SELECT id, soup FROM ${soup.tableName} WHERE id > ? ORDER BY id LIMIT ${REINDEX_CHUNK}`,
      'raw',
    );
    let after = 0;
    for (;;) {
      const rows = chunk.all(after) as [number, string][];
      for (const [id, json] of rows) {
        const entry = JSON.parse(json) as unknown;
        const values = columns.map((c) => columnValue(c.type, project(entry, c.path)));
        update.run(...values, id);
        ftsUpdate?.run(...ftsSlots.map((slot) => values[slot] as SqlValue), id);
      }
      if (rows.length < REINDEX_CHUNK) return;
      after = (rows[rows.length - 1] as [number, string])[0];
    }
  }

  #upsertAll(
    soup: SoupInfo,
    entries: readonly object[],
    externalIndex: SoupIndex | undefined,
  ): StoredEntry[] {
    const insert = this.#stmt(soup.insertSql, 'run');
    const update = this.#stmt(soup.updateSql, 'run');
    const ftsInsert = soup.hasFts ? this.#stmt(soup.ftsInsertSql, 'run') : undefined;
    const ftsUpdate = soup.hasFts ? this.#stmt(soup.ftsUpdateSql, 'run') : undefined;
    const lookup =
      externalIndex === undefined
        ? undefined
        : this.#stmt(
            `SELECT id FROM ${soup.tableName} WHERE ${externalIndex.columnName} = ? LIMIT 2`,
            'pluck',
          );
    const { columnIndexes } = soup;
    // full_text indexes have columns too: their FTS values are among `columns`.
    const ftsSlots = soup.ftsIndexes.map((index) => columnIndexes.indexOf(index));
    let nextId: number | undefined;
    const saved: StoredEntry[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as Record<string, unknown>;
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
        throw new StoreError(
          'STORE_BAD_ENTRY',
          `upsert into ${soup.soupName}: entry ${i} is not a JSON object`,
        );
      }
      let id: number | undefined;
      if (lookup === undefined || externalIndex === undefined) {
        const given = entry._soupEntryId;
        if (given !== undefined && given !== null) {
          if (typeof given !== 'number' || !Number.isSafeInteger(given) || given < 1) {
            throw new StoreError(
              'STORE_BAD_ENTRY',
              `upsert into ${soup.soupName}: entry ${i} has _soupEntryId ${JSON.stringify(given)}, not a positive integer`,
            );
          }
          id = given;
        }
      } else {
        const value = columnValue(externalIndex.type, project(entry, externalIndex.path));
        if (value === null) {
          throw new StoreError(
            'STORE_EXTERNAL_ID_EMPTY',
            `For upsert with external ID path '${externalIndex.path}', value cannot be empty for any entries.`,
          );
        }
        const found = lookup.all(value) as number[];
        if (found.length > 1) {
          throw new StoreError(
            'STORE_EXTERNAL_ID_NOT_UNIQUE',
            `There are more than one soup elements where ${externalIndex.path} is ${String(value)} (soup ${soup.soupName})`,
          );
        }
        id = found[0];
      }
      const now = Date.now();
      const creating = id === undefined;
      if (creating) {
        // The next id as the SDK computes it: the AUTOINCREMENT sequence + 1.
        nextId ??= (this.#sequence(soup.tableName) ?? 0) + 1;
        id = nextId++;
      }
      const stored = { ...entry, _soupEntryId: id, _soupLastModifiedDate: now } as StoredEntry;
      let json: string;
      try {
        json = JSON.stringify(stored);
      } catch (error) {
        throw new StoreError(
          'STORE_BAD_ENTRY',
          `upsert into ${soup.soupName}: entry ${i} cannot be written as JSON (${String(error)})`,
          { cause: error },
        );
      }
      const columns: SqlValue[] = new Array(columnIndexes.length);
      for (let c = 0; c < columnIndexes.length; c++) {
        const index = columnIndexes[c] as SoupIndex;
        columns[c] = columnValue(index.type, project(stored, index.path));
      }
      if (creating) {
        insert.run(id as number, json, now, now, ...columns);
      } else if (update.run(json, now, ...columns, id as number).changes === 0) {
        throw new StoreError(
          'STORE_UNKNOWN_ENTRY',
          `upsert into ${soup.soupName}: entry ${i} has _soupEntryId ${id}, which the soup does not hold`,
        );
      }
      if (ftsSlots.length > 0) {
        const ftsValues = ftsSlots.map((slot) => columns[slot] as SqlValue);
        if (creating) ftsInsert?.run(id as number, ...ftsValues);
        else ftsUpdate?.run(...ftsValues, id as number);
      }
      saved[i] = stored;
    }
    return saved;
  }

  /** The table's AUTOINCREMENT sequence (the highest id handed out), if it has one yet. */
  #sequence(tableName: string): number | undefined {
    return this.#stmt('SELECT seq FROM sqlite_sequence WHERE name = ?', 'pluck').get(tableName) as
      | number
      | undefined;
  }

  #removeIds(soup: SoupInfo, ids: readonly number[]): void {
    const list = JSON.stringify(ids);
    this.#stmt(
      `DELETE FROM ${soup.tableName} WHERE id IN (SELECT value FROM json_each(?))`,
      'run',
    ).run(list);
    if (soup.hasFts) {
      this.#stmt(
        `DELETE FROM ${soup.ftsTableName} WHERE rowid IN (SELECT value FROM json_each(?))`,
        'run',
      ).run(list);
    }
  }

  /**
   * The prepared statement for a spec and purpose, and the values to bind.
   * Plans are cached by Smart SQL text (smart specs) or by the spec's shape
   * without its keys (other specs), and dropped when the schema changes; the
   * Smart SQL goes through the compiler (and its cache) once per plan.
   */
  #resolve(
    spec: QuerySpec,
    whereArgs: readonly SqlValue[] | undefined,
    purpose: QueryPurpose,
  ): { plan: QueryPlan; args: SqlValue[] } {
    this.#dropStaleCaches();
    if (spec.queryType === 'smart') {
      const userArgs = whereArgs ?? [];
      checkWhereArgs(userArgs);
      const key = `${purpose}\u0000smart\u0000${spec.smartSql}`;
      let plan = this.#plans.get(key);
      if (plan === undefined) {
        // Another connection may have registered a soup this query names.
        this.#syncRegistry();
        plan = this.#addPlan(key, spec.smartSql, purpose, spec);
      }
      return { plan, args: this.#compiler.bind(plan.compiled, userArgs) };
    }
    if (whereArgs !== undefined && whereArgs !== null) {
      throw new StoreError(
        'STORE_BAD_ARGUMENT',
        'whereArgs can only be provided for smart queries',
      );
    }
    const soup = this.#soup(spec.soupName);
    const qualified =
      spec.queryType === 'match' ? qualifyMatchKey(soup, spec.indexPath, spec.matchKey) : undefined;
    const key = `${purpose}\u0000${planKey(spec)}`;
    let plan = this.#plans.get(key);
    if (plan === undefined) {
      const generated = toSmartSql(spec, qualified);
      const text =
        purpose === 'page'
          ? generated.smartSql
          : purpose === 'count'
            ? generated.countSmartSql
            : generated.idsSmartSql;
      plan = this.#addPlan(key, text, purpose, spec);
    }
    return { plan, args: this.#compiler.bind(plan.compiled, querySpecArgs(spec, qualified)) };
  }

  #addPlan(key: string, smartSql: string, purpose: QueryPurpose, spec: QuerySpec): QueryPlan {
    const compiled = this.#compiler.compile(smartSql);
    const isSmart = spec.queryType === 'smart';
    const isMatch = spec.queryType === 'match';
    const rowsAreEntries =
      !isSmart && (spec.selectPaths === undefined || spec.selectPaths === null);
    const context = isSmart ? 'smart query' : `${spec.queryType} query on soup ${spec.soupName}`;
    let sql: string;
    switch (purpose) {
      case 'page':
        // Smart SQL may carry its own LIMIT or be a compound SELECT, so it is
        // wrapped as in the SDK; the Smart SQL we generate ends with its ORDER
        // BY, and a LIMIT appended there avoids the sub-select's cost.
        sql = isSmart ? `SELECT * FROM (${compiled.sql}) LIMIT ?, ?` : `${compiled.sql} LIMIT ?, ?`;
        break;
      case 'count':
        sql = isSmart ? `SELECT count(*) FROM (${compiled.sql})` : compiled.sql;
        break;
      case 'ids':
        // A smart spec must name its id column `id`, as {soup:_soupEntryId} does.
        sql = isSmart ? `SELECT id FROM (${compiled.sql}) LIMIT ?` : `${compiled.sql} LIMIT ?`;
        break;
      default:
        sql = assertNever(purpose, 'query purpose');
    }
    const statement = this.#run(context, () => {
      try {
        return this.#db.prepare(sql);
      } catch (error) {
        if (purpose === 'ids' && isSmart && /no such column: id/.test(String(error))) {
          throw new StoreError(
            'STORE_BAD_QUERY_SPEC',
            `${context}: a smart query given to removeByQuery must select {soup:_soupEntryId}`,
            { cause: error },
          );
        }
        throw error;
      }
    });
    if (purpose === 'page' && !rowsAreEntries) statement.raw(true);
    else statement.pluck(true);
    const plan: QueryPlan = {
      compiled,
      rowsAreEntries,
      isSmart,
      context,
      isMatch,
      sql,
      statement,
    };
    if (this.#plans.size >= STATEMENT_CACHE_LIMIT) this.#plans.clear();
    this.#plans.set(key, plan);
    return plan;
  }

  #page(plan: QueryPlan, args: SqlValue[], pageSize: number, pageIndex: number): QueryRow[] {
    let rows: unknown[];
    const offset = pageIndex * pageSize;
    const statement = plan.statement;
    const { maxResultBytes } = this.#limits;
    try {
      if (plan.isSmart || pageSize > WHOLE_PAGE_ROWS) {
        // A smart query can make values of any size: read it row by row.
        rows = streamRowsWithinBudget(
          statement,
          [...args, offset, pageSize],
          maxResultBytes,
          plan.context,
        );
      } else {
        // A query spec's page holds at most pageSize stored entries (or paths
        // of them): one native call, with fixed arity for the common shapes,
        // since spreading into it costs about as much as the rest of a lookup.
        switch (args.length) {
          case 0:
            rows = statement.all(offset, pageSize);
            break;
          case 1:
            rows = statement.all(args[0] as SqlValue, offset, pageSize);
            break;
          case 2:
            rows = statement.all(args[0] as SqlValue, args[1] as SqlValue, offset, pageSize);
            break;
          default:
            rows = statement.all(...args, offset, pageSize);
        }
        checkResultSize(rows, maxResultBytes, plan.context);
      }
    } catch (error) {
      throw toStoreError(error, plan.context, plan.isMatch);
    }
    return decodeRows(rows, plan);
  }

  #cursorId(cursor: StoreCursor | number): number {
    const id = typeof cursor === 'number' ? cursor : cursor?.cursorId;
    if (typeof id !== 'number' || !this.#cursors.has(id)) {
      throw new StoreError('STORE_UNKNOWN_CURSOR', `Unknown or closed cursor ${String(id)}`);
    }
    return id;
  }

  #cursorPage(cursorId: number, requested: number): StoreCursor {
    const state = this.#cursors.get(cursorId) as CursorState;
    const pageSize = state.querySpec.pageSize ?? DEFAULT_PAGE_SIZE;
    const totalPages = Math.ceil(state.totalEntries / pageSize);
    const pageIndex = Math.min(Math.max(requested, 0), totalPages - 1);
    const entries = pageIndex < 0 ? [] : this.query(state.querySpec, pageIndex, state.whereArgs);
    return Object.freeze({
      cursorId,
      pageSize,
      totalEntries: state.totalEntries,
      totalPages,
      currentPageIndex: pageIndex,
      currentPageOrderedEntries: entries,
    });
  }
}

/** Parses the JSON a page's rows carry: whole entries, or the `_soup` columns of a smart query. */
function decodeRows(
  rows: unknown[],
  plan: Pick<QueryPlan, 'rowsAreEntries' | 'compiled'>,
): QueryRow[] {
  if (plan.rowsAreEntries) {
    for (let i = 0; i < rows.length; i++) rows[i] = JSON.parse(rows[i] as string);
    return rows as StoredEntry[];
  }
  const { jsonColumns } = plan.compiled;
  if (jsonColumns.length > 0) {
    for (const row of rows as unknown[][]) {
      for (const column of jsonColumns) {
        const value = row[column];
        if (typeof value === 'string') row[column] = JSON.parse(value);
      }
    }
  }
  return rows as unknown[][];
}

function checkPageIndex(pageIndex: number, what: string): void {
  if (!Number.isSafeInteger(pageIndex) || pageIndex < 0) {
    throw new StoreError(
      'STORE_BAD_ARGUMENT',
      `${what}: pageIndex must be a non-negative integer, got ${String(pageIndex)}`,
    );
  }
}

/** Room for the rows twice over (as the driver reads them, then as sent), and Node's own needs. */
function isolatedHeapMb(maxResultBytes: number): number {
  const resultMb = Number.isFinite(maxResultBytes) ? maxResultBytes / (1024 * 1024) : 1024;
  return Math.ceil(128 + 4 * resultMb);
}

function checkIds(ids: unknown, what: string): asserts ids is readonly number[] {
  if (!Array.isArray(ids) || ids.some((id) => !Number.isSafeInteger(id))) {
    throw new StoreError('STORE_BAD_ARGUMENT', `${what}: ids must be an array of integers`);
  }
}

function checkWhereArgs(args: unknown): asserts args is readonly SqlValue[] {
  if (
    !Array.isArray(args) ||
    args.some(
      (arg) =>
        arg !== null &&
        typeof arg !== 'string' &&
        typeof arg !== 'number' &&
        typeof arg !== 'bigint',
    )
  ) {
    throw new StoreError(
      'STORE_BAD_ARGUMENT',
      'whereArgs must be an array of strings, numbers, bigints or nulls',
    );
  }
  const position = args.findIndex(
    (arg) => typeof arg === 'bigint' && (arg < INT64_MIN || arg > INT64_MAX),
  );
  if (position >= 0) {
    throw new StoreError(
      'STORE_BAD_ARGUMENT',
      `whereArgs[${position}] is ${String(args[position])}n, outside SQLite's 64-bit integers`,
    );
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
