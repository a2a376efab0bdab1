/**
 * SmartStore: JSON entries in named soups on an (optionally SQLCipher
 * encrypted) SQLite file, with the Mobile SDK's names and behaviour and a
 * synchronous API. This class is the public face; each job lives in its own
 * module working on a `StoreContext` (see docs/architecture.md).
 */
import { statSync } from 'node:fs';
import type { SoupCatalog, SqlValue } from '../smartsql/catalog.js';
import { ENTRY_ID_PATH } from '../smartsql/soup-layout.js';
import {
  alterSoupTables,
  clearSoupTables,
  createSoup,
  dropSoupTables,
  reIndex,
} from './alter-soup.js';
import { type StoreCursor, StoreCursors } from './cursors.js';
import { type IsolatedQueryOptions, isolationLimits, runIsolatedQuery } from './isolated-query.js';
import {
  type CipherSettings,
  type OpenDatabaseOptions,
  openDatabase,
  rekeyDatabase,
  useWriteAheadLog,
} from './open-encrypted.js';
import { type QueryLimits, resolveLimits } from './query-budget.js';
import { decodeRows, QueryPlans, type QueryRow } from './query-plans.js';
import { buildSmartQuerySpec, DEFAULT_PAGE_SIZE, validateQuerySpec } from './query-spec.js';
import { buildSoupInfo, ensureStoreSchema } from './soup-schema.js';
import type { IndexSpec, QuerySpec, StoredEntry } from './specs.js';
import { StoreContext } from './store-context.js';
import { StoreError, toStoreError } from './store-error.js';
import { TransactionStack } from './transactions.js';
import type { TypedSoupHost } from './typed-soup.js';
import {
  externalIdIndex,
  removeEntries,
  retrieveEntries,
  upsertEntries,
} from './upsert-entries.js';
import {
  checkIds,
  checkPageIndex,
  validateIndexSpecs,
  validatePath,
  validateSoupName,
} from './validate.js';

export type { StoreCursor } from './cursors.js';
export type { IsolatedQueryOptions } from './isolated-query.js';
export type { QueryRow } from './query-plans.js';
export type { StoredEntry } from './specs.js';

/** Options of `SmartStore.open`. */
export interface SmartStoreOptions extends OpenDatabaseOptions {
  /** Bounds on what one query may return (see `QueryLimits`). */
  readonly limits?: QueryLimits | undefined;
}

/** Options of `SmartStore.smartQuery`. */
export interface SmartQueryOptions {
  /** Values for the `?`s of the Smart SQL. */
  readonly whereArgs?: readonly SqlValue[] | undefined;
  /** Rows per page; default 10, as `buildSmartQuerySpec`. */
  readonly pageSize?: number | undefined;
  /** The page to read; default 0. */
  readonly pageIndex?: number | undefined;
}

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
  readonly #ctx: StoreContext;
  readonly #plans: QueryPlans;
  readonly #cursors: StoreCursors;
  readonly #transactions: TransactionStack;
  #encrypted: boolean;
  #key: string;
  #closed = false;

  private constructor(ctx: StoreContext) {
    this.#ctx = ctx;
    this.#encrypted = ctx.opened.encrypted;
    this.#key = ctx.opened.key;
    this.#plans = new QueryPlans(ctx);
    this.#transactions = new TransactionStack(ctx);
    this.#cursors = new StoreCursors((spec, pageIndex, whereArgs) =>
      this.query(spec, pageIndex, whereArgs),
    );
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
      const ctx = new StoreContext(opened, resolvedLimits);
      ctx.loadRegistry();
      return new SmartStore(ctx);
    } catch (error) {
      opened.db.close();
      throw toStoreError(error, `Cannot open store ${opened.path}`);
    }
  }

  /** The Smart SQL compiler's view of the soups; `schemaVersion` changes with every schema change. */
  get catalog(): SoupCatalog {
    return this.#ctx.registry;
  }

  /** The cipher settings in use (meaningful when the store is encrypted). */
  get cipherSettings(): CipherSettings {
    return this.#ctx.opened.cipher;
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
    const { opened, db, statements } = this.#ctx;
    if (opened.memory) {
      throw new StoreError('STORE_BAD_OPTION', 'An in-memory store cannot be encrypted');
    }
    if (db.inTransaction) {
      throw new StoreError('STORE_TRANSACTION', 'changeKey cannot run inside a transaction');
    }
    try {
      rekeyDatabase(opened, newKey);
    } catch (error) {
      throw toStoreError(error, 'changeKey failed');
    }
    statements.clear();
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
    this.#ctx.statements.clear();
    this.#plans.clear();
    this.#cursors.clear();
    this.#transactions.clear();
    this.#ctx.db.close();
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
    const { opened, db } = this.#ctx;
    if (opened.memory) {
      const pages = db.pragma('page_count', { simple: true }) as number;
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      return pages * pageSize;
    }
    if (!db.inTransaction) db.pragma('wal_checkpoint(FULL)');
    return statSync(opened.path).size;
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
    const ctx = this.#ctx;
    if (ctx.findSoup(soupName) !== undefined) return;
    const soup = ctx.write(`registerSoup ${soupName}`, true, () =>
      createSoup(ctx, soupName, specs),
    );
    ctx.registry.set(soup);
  }

  /**
   * Whether the soup exists.
   *
   * @example
   * if (!store.soupExists('accounts')) store.registerSoup('accounts', specs);
   */
  soupExists(soupName: string): boolean {
    this.#ensureOpen();
    return typeof soupName === 'string' && this.#ctx.findSoup(soupName) !== undefined;
  }

  /**
   * The names of all soups, in ascending order.
   *
   * @example
   * store.getAllSoupNames(); // => ['accounts', 'contacts']
   */
  getAllSoupNames(): string[] {
    this.#ensureOpen();
    this.#ctx.syncRegistry();
    return [...this.#ctx.registry.getSoupNames()];
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
    return this.#ctx.registry
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
    return this.#ctx.soup(soupName).byPath.has(path);
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
    const ctx = this.#ctx;
    const soup = ctx.findSoup(soupName);
    if (soup === undefined) return;
    ctx.write(`dropSoup ${soupName}`, true, () => dropSoupTables(ctx, soup));
    ctx.registry.delete(soupName);
  }

  /**
   * Drops every soup.
   *
   * @example
   * store.dropAllSoups();
   */
  dropAllSoups(): void {
    this.#ensureOpen();
    const ctx = this.#ctx;
    const names = this.getAllSoupNames();
    ctx.write('dropAllSoups', true, () => {
      for (const name of names) dropSoupTables(ctx, ctx.registry.require(name));
    });
    for (const name of names) ctx.registry.delete(name);
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
    const ctx = this.#ctx;
    const soup = ctx.soup(soupName);
    ctx.write(`clearSoup ${soupName}`, false, () => clearSoupTables(ctx, soup));
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
    const ctx = this.#ctx;
    const old = ctx.soup(soupName);
    const next = buildSoupInfo(soupName, old.tableName, specs);
    ctx.write(`alterSoup ${soupName}`, true, () => alterSoupTables(ctx, old, next, reIndexData));
    ctx.registry.set(next);
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
    const ctx = this.#ctx;
    const soup = ctx.soup(soupName);
    const indexes = soup.indexes.filter((index) => paths.includes(index.path));
    ctx.write(`reIndexSoup ${soupName}`, false, () => reIndex(ctx, soup, indexes));
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
    const ctx = this.#ctx;
    const soup = ctx.soup(soupName);
    const externalIndex = externalIdIndex(soup, externalIdPath);
    if (entries.length === 0) return [];
    return ctx.write(`upsert into soup ${soupName}`, false, () =>
      upsertEntries(ctx, soup, entries, externalIndex),
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
    const soup = this.#ctx.soup(soupName);
    if (ids.length === 0) return [];
    return retrieveEntries(this.#ctx, soup, ids);
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
    const ctx = this.#ctx;
    const soup = ctx.soup(soupName);
    if (ids.length === 0) return;
    ctx.write(`remove from soup ${soupName}`, false, () => removeEntries(ctx, soup, ids));
  }

  /**
   * Deletes the entries of the query's **first page** (at most `pageSize`
   * entries), as the SDK's `deleteByQuery`; use a large `pageSize` to delete
   * every match. A smart spec must select `{soup:_soupEntryId}`.
   *
   * @example
   * const cutoff = '2024-01-01T00:00:00.000Z';
   * store.removeByQuery('accounts', buildRangeQuerySpec({
   *   soupName: 'accounts', indexPath: 'LastModified', endKey: cutoff, pageSize: 100_000,
   * }));
   */
  removeByQuery(soupName: string, querySpec: QuerySpec, whereArgs?: readonly SqlValue[]): void {
    this.#ensureOpen();
    validateSoupName(soupName);
    validateQuerySpec(querySpec);
    const ctx = this.#ctx;
    const soup = ctx.soup(soupName);
    if (querySpec.queryType !== 'smart' && querySpec.soupName !== soupName) {
      throw new StoreError(
        'STORE_BAD_QUERY_SPEC',
        `removeByQuery on soup ${soupName} got a query spec for soup ${querySpec.soupName}`,
      );
    }
    const pageSize = querySpec.pageSize ?? DEFAULT_PAGE_SIZE;
    ctx.write(`removeByQuery on soup ${soupName}`, false, () => {
      const ids = this.#plans.ids(this.#plans.resolve(querySpec, whereArgs, 'ids'), pageSize);
      if (ids.length > 0) removeEntries(ctx, soup, ids);
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
    const resolved = this.#plans.resolve(querySpec, whereArgs, 'page');
    return this.#plans.page(resolved, querySpec.pageSize ?? DEFAULT_PAGE_SIZE, pageIndex);
  }

  /**
   * One page of a Smart SQL query, each row an array in select-list order,
   * typed as `TRow` (a tuple of the column types you expect; default
   * `unknown[]`). The type is your statement about the SQL, not checked
   * against it: `{soup:path}` of a string or full_text index reads text, of an
   * integer or floating index a number, of an unindexed path what
   * `json_extract` gives (booleans as 0/1, objects as JSON text), `{soup:_soup}`
   * the parsed entry, and a missing value `null`. Pages hold 10 rows unless
   * `pageSize` says otherwise, as `buildSmartQuerySpec`.
   *
   * @example
   * const rows = store.smartQuery<[string, number]>(
   *   'select {accounts:Industry}, count(*) from {accounts} group by {accounts:Industry}',
   *   { pageSize: 100 },
   * );
   * for (const [industry, total] of rows) console.log(industry.toUpperCase(), total + 1);
   */
  smartQuery<TRow extends readonly unknown[] = unknown[]>(
    smartSql: string,
    options: SmartQueryOptions = {},
  ): TRow[] {
    const { whereArgs, pageSize = DEFAULT_PAGE_SIZE, pageIndex = 0 } = options;
    const spec = buildSmartQuerySpec({ smartSql, pageSize });
    return this.query(spec, pageIndex, whereArgs) as unknown[] as TRow[];
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
   * const userText = 'select count(*) from {accounts} a, {accounts} b'; // typed by a user
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
    const { opened, limits } = this.#ctx;
    const { maxResultBytes } = limits;
    const isolation = isolationLimits(options, maxResultBytes);
    if (opened.memory) {
      throw new StoreError(
        'STORE_BAD_OPTION',
        'queryIsolated needs a file store: an in-memory store cannot be read from another process',
      );
    }
    const { plan, args } = this.#plans.resolve(querySpec, options.whereArgs, 'page');
    const pageSize = querySpec.pageSize ?? DEFAULT_PAGE_SIZE;
    const rows = await runIsolatedQuery(
      {
        path: opened.path,
        key: this.#key,
        cipher: opened.cipher,
        sql: plan.sql,
        params: [...args, pageIndex * pageSize, pageSize],
        mode: plan.rowsAreEntries ? 'pluck' : 'raw',
        maxResultBytes,
        context: plan.context,
        isMatch: plan.isMatch,
      },
      isolation,
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
    return this.#plans.count(this.#plans.resolve(querySpec, whereArgs, 'count'));
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
    const { plan, args } = this.#plans.resolve(querySpec, whereArgs, 'page');
    const pageSize = querySpec.pageSize ?? DEFAULT_PAGE_SIZE;
    const bound = [...args, pageIndex * pageSize, pageSize];
    const rows = this.#ctx.run(plan.context, () =>
      this.#ctx.db.prepare(`EXPLAIN QUERY PLAN ${plan.sql}`).all(...bound),
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
    return this.#cursors.open(querySpec, whereArgs, totalEntries);
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
    return this.#cursors.move(cursor, pageIndex);
  }

  /**
   * Forgets a cursor; moving it afterwards throws `STORE_UNKNOWN_CURSOR`.
   *
   * @example
   * store.closeCursor(cursor);
   */
  closeCursor(cursor: StoreCursor | number): void {
    this.#ensureOpen();
    this.#cursors.close(cursor);
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
   *   store.upsert('accounts', [{ Id: '001', Name: 'Acme' }]);
   *   store.upsert('contacts', [{ AccountId: '001', LastName: 'Coyote' }]);
   *   store.setTransactionSuccessful();
   * } finally {
   *   store.endTransaction();
   * }
   */
  beginTransaction(): void {
    this.#ensureOpen();
    this.#transactions.begin();
  }

  /**
   * Marks the innermost explicit transaction as successful.
   *
   * @example
   * store.setTransactionSuccessful();
   */
  setTransactionSuccessful(): void {
    this.#ensureOpen();
    this.#transactions.markSuccessful();
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
    this.#transactions.end();
  }

  /**
   * Runs `fn` in an explicit transaction: committed when it returns, rolled
   * back when it throws. `fn` must be synchronous.
   *
   * @example
   * const batch = [{ Name: 'Acme' }, { Name: 'Globex' }];
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

  #ensureOpen(): void {
    if (this.#closed) throw new StoreError('STORE_CLOSED', 'The store is closed');
  }
}
