/**
 * The part of the SQLite driver the store uses, as a structural interface, so
 * that only `open-encrypted.ts` imports better-sqlite3-multiple-ciphers.
 */
import type { SqlValue } from '../smartsql/catalog.js';

export type BindValue = SqlValue | Uint8Array;

export interface RunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

export interface SqliteStatement {
  run(...params: readonly BindValue[]): RunResult;
  get(...params: readonly BindValue[]): unknown;
  all(...params: readonly BindValue[]): unknown[];
  iterate(...params: readonly BindValue[]): IterableIterator<unknown>;
  /** Rows as arrays instead of objects (only for statements that return data). */
  raw(toggle?: boolean): this;
  /** Only the first column of each row. */
  pluck(toggle?: boolean): this;
  readonly reader: boolean;
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
  readonly inTransaction: boolean;
  readonly open: boolean;
  readonly memory: boolean;
  readonly name: string;
}
