/**
 * The store's prepared statements, kept by SQL text and row mode, and dropped
 * whenever the soups change (a statement may name a dropped or rebuilt table).
 */
import type { SoupCatalog } from '../smartsql/catalog.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-handle.js';

/** How a statement returns rows: objects (`run`), first column only (`pluck`) or arrays (`raw`). */
export type StatementMode = 'run' | 'pluck' | 'raw';

/** Entries a cache keeps before it starts over (statements and query plans alike). */
export const STATEMENT_CACHE_LIMIT = 1000;

/**
 * A map that forgets everything when the catalog's `schemaVersion` moves on,
 * and starts over past `STATEMENT_CACHE_LIMIT` entries.
 *
 * @internal
 */
export class SchemaBoundCache<T> {
  readonly #catalog: Pick<SoupCatalog, 'schemaVersion'>;
  readonly #entries = new Map<string, T>();
  #version = -1;

  constructor(catalog: Pick<SoupCatalog, 'schemaVersion'>) {
    this.#catalog = catalog;
  }

  get(key: string): T | undefined {
    this.#dropStale();
    return this.#entries.get(key);
  }

  set(key: string, value: T): void {
    this.#dropStale();
    if (this.#entries.size >= STATEMENT_CACHE_LIMIT) this.#entries.clear();
    this.#entries.set(key, value);
  }

  clear(): void {
    this.#entries.clear();
  }

  #dropStale(): void {
    const version = this.#catalog.schemaVersion;
    if (version === this.#version) return;
    this.#entries.clear();
    this.#version = version;
  }
}

/**
 * The prepared statements of one connection.
 *
 * @internal
 */
export class StatementCache {
  readonly #db: SqliteDatabase;
  readonly #statements: SchemaBoundCache<SqliteStatement>;

  constructor(db: SqliteDatabase, catalog: Pick<SoupCatalog, 'schemaVersion'>) {
    this.#db = db;
    this.#statements = new SchemaBoundCache(catalog);
  }

  /** The statement for `sql` in `mode`, prepared on first use. */
  get(sql: string, mode: StatementMode): SqliteStatement {
    const key = `${mode}:${sql}`;
    let statement = this.#statements.get(key);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      if (mode === 'raw') statement.raw(true);
      else if (mode === 'pluck') statement.pluck(true);
      this.#statements.set(key, statement);
    }
    return statement;
  }

  /** Forgets every statement (after a rekey, or on close). */
  clear(): void {
    this.#statements.clear();
  }
}
