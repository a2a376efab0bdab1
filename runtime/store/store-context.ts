/**
 * What the store's modules share: the connection, the soups in memory, the
 * prepared statements, and the two ways to touch the database (`run` for a
 * read, `write` for an atomic change). `SmartStore` owns one and hands it to
 * `alter-soup`, `upsert-entries`, `query-plans`, `cursors` and `transactions`.
 */
import type { OpenedDatabase } from './open-encrypted.js';
import type { QueryLimits } from './query-budget.js';
import { type SoupInfo, SoupRegistry } from './soup-schema.js';
import type { SqliteDatabase, SqliteStatement } from './sqlite-handle.js';
import { StatementCache, type StatementMode } from './statement-cache.js';
import { toStoreError } from './store-error.js';

/**
 * One open store's shared state.
 *
 * @internal
 */
export class StoreContext {
  readonly opened: OpenedDatabase;
  readonly db: SqliteDatabase;
  readonly limits: Required<QueryLimits>;
  readonly registry = new SoupRegistry();
  readonly statements: StatementCache;
  /** Set when a soup was registered, altered or dropped inside the open explicit transaction. */
  schemaChangedInTransaction = false;
  /** `PRAGMA schema_version` when the registry was last loaded. */
  #schemaCookie = -1;

  constructor(opened: OpenedDatabase, limits: Required<QueryLimits>) {
    this.opened = opened;
    this.db = opened.db;
    this.limits = limits;
    this.statements = new StatementCache(opened.db, this.registry);
  }

  /** The prepared statement for `sql` (cached until the soups change). */
  stmt(sql: string, mode: StatementMode): SqliteStatement {
    return this.statements.get(sql, mode);
  }

  /** Reads the soup metadata from the database (on open, after a rollback). */
  loadRegistry(): void {
    this.registry.load(this.db);
    this.#schemaCookie = this.db.pragma('schema_version', { simple: true }) as number;
  }

  /**
   * Reloads the soup metadata when the database schema changed since it was
   * loaded, i.e. another connection registered, altered or dropped a soup.
   * Called only on a miss (unknown soup, new smart query), so the hot path
   * never pays for it.
   */
  syncRegistry(): void {
    const cookie = this.db.pragma('schema_version', { simple: true }) as number;
    if (cookie === this.#schemaCookie) return;
    this.loadRegistry();
  }

  findSoup(soupName: string): SoupInfo | undefined {
    const soup = this.registry.getSoup(soupName);
    if (soup !== undefined) return soup;
    this.syncRegistry();
    return this.registry.getSoup(soupName);
  }

  /** The soup, or `STORE_UNKNOWN_SOUP` (after checking for soups another connection added). */
  soup(soupName: string): SoupInfo {
    return this.findSoup(soupName) ?? this.registry.require(soupName);
  }

  /** Runs a read, wrapping driver errors (FTS5's complaints as `STORE_BAD_MATCH_KEY` for a match query). */
  run<T>(context: string, fn: () => T, matchQuery = false): T {
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
  write<T>(context: string, changesSchema: boolean, fn: () => T): T {
    const db = this.db;
    const nested = db.inTransaction;
    try {
      db.exec(nested ? 'SAVEPOINT soupkit_write' : 'BEGIN IMMEDIATE');
    } catch (error) {
      throw toStoreError(error, context);
    }
    try {
      const result = fn();
      db.exec(nested ? 'RELEASE soupkit_write' : 'COMMIT');
      if (nested && changesSchema) this.schemaChangedInTransaction = true;
      return result;
    } catch (error) {
      if (db.inTransaction) {
        db.exec(nested ? 'ROLLBACK TO soupkit_write; RELEASE soupkit_write' : 'ROLLBACK');
      }
      if (changesSchema) this.loadRegistry();
      throw toStoreError(error, context);
    }
  }
}
