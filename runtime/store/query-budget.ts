/**
 * What one query may cost. The cipher driver is built with
 * `SQLITE_OMIT_PROGRESS_CALLBACK` and without memory statistics, so SQLite can
 * neither be interrupted nor given a heap limit from here: the store bounds the
 * size of what a query returns while it reads it, and bounds time by running a
 * query in a child process it can kill (`SmartStore.queryIsolated`).
 */
import type { SqlValue } from '../smartsql/catalog.js';
import type { SqliteStatement } from './sqlite-handle.js';
import { StoreError } from './store-error.js';

/** Limits of `SmartStore.open({ limits })`. */
export interface QueryLimits {
  /**
   * The most a single page (`query`, `openCursor`, `moveCursorToPageIndex`, …)
   * may return, in bytes of text and blobs (a string counts its length, a
   * number 8). Past it the query ends with `STORE_QUERY_BUDGET_EXCEEDED`.
   * Default 64 MiB; `Infinity` turns the check off.
   */
  readonly maxResultBytes?: number;
}

export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024;

/** The limits with defaults filled in; refuses values that are not positive numbers. */
export function resolveLimits(limits: QueryLimits | undefined): Required<QueryLimits> {
  if (limits === undefined) return { maxResultBytes: DEFAULT_MAX_RESULT_BYTES };
  if (typeof limits !== 'object' || limits === null) {
    throw new StoreError('STORE_BAD_OPTION', 'limits must be an object { maxResultBytes? }');
  }
  for (const name of Object.keys(limits)) {
    if (name !== 'maxResultBytes') {
      throw new StoreError(
        'STORE_BAD_OPTION',
        `Unknown limit "${name}" for SmartStore.open (expected maxResultBytes)`,
      );
    }
  }
  const { maxResultBytes = DEFAULT_MAX_RESULT_BYTES } = limits;
  if (typeof maxResultBytes !== 'number' || Number.isNaN(maxResultBytes) || maxResultBytes <= 0) {
    throw new StoreError(
      'STORE_BAD_OPTION',
      `limits.maxResultBytes must be a positive number (or Infinity), got ${String(maxResultBytes)}`,
    );
  }
  return { maxResultBytes };
}

/**
 * Runs `statement` and collects its rows one at a time, ending with
 * `STORE_QUERY_BUDGET_EXCEEDED` once they pass `maxBytes`: a runaway result
 * never reaches memory whole.
 */
export function streamRowsWithinBudget(
  statement: SqliteStatement,
  params: readonly SqlValue[],
  maxBytes: number,
  context: string,
): unknown[] {
  const rows: unknown[] = [];
  let bytes = 0;
  for (const row of statement.iterate(...params)) {
    bytes += sizeOf(row);
    if (bytes > maxBytes) throw budgetExceeded(context, maxBytes);
    rows.push(row);
  }
  return rows;
}

/**
 * Measures rows read in one call (for results whose size is already bounded
 * by what was stored) against the same budget.
 */
export function checkResultSize(rows: readonly unknown[], maxBytes: number, context: string): void {
  if (maxBytes !== Number.POSITIVE_INFINITY && sizeOf(rows) > maxBytes) {
    throw budgetExceeded(context, maxBytes);
  }
}

/** The error for a result past its budget. */
export function budgetExceeded(context: string, maxBytes: number, cause?: unknown): StoreError {
  return new StoreError(
    'STORE_QUERY_BUDGET_EXCEEDED',
    `${context}: the result passed its budget of ${formatBytes(maxBytes)} (limits.maxResultBytes); ask for a smaller page or fewer columns`,
    { cause },
  );
}

function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) total += sizeOf(item);
    return total;
  }
  if (value instanceof Uint8Array) return value.byteLength;
  return 8;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  return `${bytes} bytes`;
}
