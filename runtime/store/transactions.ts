/**
 * Explicit transactions as the Mobile SDK has them: nested begin/end pairs
 * that join the outermost one, which commits only if every level was marked
 * successful.
 */
import type { StoreContext } from './store-context.js';
import { StoreError, toStoreError } from './store-error.js';

/**
 * The open explicit transactions of a store.
 *
 * @internal
 */
export class TransactionStack {
  readonly #ctx: StoreContext;
  /** Success marks of the open explicit transactions, innermost last. */
  #marks: boolean[] = [];
  #failed = false;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  begin(): void {
    if (this.#marks.length === 0) {
      this.#ctx.run('beginTransaction', () => this.#ctx.db.exec('BEGIN IMMEDIATE'));
      this.#failed = false;
      this.#ctx.schemaChangedInTransaction = false;
    }
    this.#marks.push(false);
  }

  markSuccessful(): void {
    const depth = this.#marks.length;
    if (depth === 0) {
      throw new StoreError(
        'STORE_TRANSACTION',
        'setTransactionSuccessful called outside a transaction',
      );
    }
    this.#marks[depth - 1] = true;
  }

  end(): void {
    const mark = this.#marks.pop();
    if (mark === undefined) {
      throw new StoreError('STORE_TRANSACTION', 'endTransaction called without beginTransaction');
    }
    if (!mark) this.#failed = true;
    if (this.#marks.length > 0) return;
    const { db } = this.#ctx;
    // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL).
    if (this.#failed || !db.inTransaction) {
      this.#rollback();
      return;
    }
    try {
      db.exec('COMMIT');
    } catch (error) {
      this.#rollback();
      throw toStoreError(error, 'commit failed, the transaction was rolled back');
    }
  }

  /** Forgets the open transactions (the connection is closing and rolls them back). */
  clear(): void {
    this.#marks = [];
  }

  #rollback(): void {
    const ctx = this.#ctx;
    if (ctx.db.inTransaction) ctx.db.exec('ROLLBACK');
    if (ctx.schemaChangedInTransaction) ctx.loadRegistry();
    ctx.schemaChangedInTransaction = false;
    this.#failed = false;
  }
}
