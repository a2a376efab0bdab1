/**
 * Cursors, as the SDK's `StoreCursor`: a query kept open by id, its total
 * counted once when opened, moved page by page.
 */
import type { SqlValue } from '../smartsql/catalog.js';
import type { QueryRow } from './query-plans.js';
import { DEFAULT_PAGE_SIZE } from './query-spec.js';
import type { QuerySpec } from './specs.js';
import { StoreError } from './store-error.js';

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

/** Reads one page of a query (the store's `query`). */
export type PageReader = (
  querySpec: QuerySpec,
  pageIndex: number,
  whereArgs: readonly SqlValue[] | undefined,
) => QueryRow[];

/**
 * The open cursors of a store.
 *
 * @internal
 */
export class StoreCursors {
  readonly #readPage: PageReader;
  readonly #cursors = new Map<number, CursorState>();
  #nextCursorId = 1;

  constructor(readPage: PageReader) {
    this.#readPage = readPage;
  }

  /** Opens a cursor on a query that matches `totalEntries` rows, on its first page. */
  open(
    querySpec: QuerySpec,
    whereArgs: readonly SqlValue[] | undefined,
    totalEntries: number,
  ): StoreCursor {
    const cursorId = this.#nextCursorId++;
    this.#cursors.set(cursorId, { querySpec, whereArgs, totalEntries });
    return this.#page(cursorId, 0);
  }

  /** The cursor at `pageIndex`, clamped into its pages (-1 when it has none). */
  move(cursor: StoreCursor | number, pageIndex: number): StoreCursor {
    return this.#page(this.#id(cursor), pageIndex);
  }

  close(cursor: StoreCursor | number): void {
    this.#cursors.delete(this.#id(cursor));
  }

  clear(): void {
    this.#cursors.clear();
  }

  #id(cursor: StoreCursor | number): number {
    const id = typeof cursor === 'number' ? cursor : cursor?.cursorId;
    if (typeof id !== 'number' || !this.#cursors.has(id)) {
      throw new StoreError('STORE_UNKNOWN_CURSOR', `Unknown or closed cursor ${String(id)}`);
    }
    return id;
  }

  #page(cursorId: number, requested: number): StoreCursor {
    const state = this.#cursors.get(cursorId) as CursorState;
    const pageSize = state.querySpec.pageSize ?? DEFAULT_PAGE_SIZE;
    const totalPages = Math.ceil(state.totalEntries / pageSize);
    const pageIndex = Math.min(Math.max(requested, 0), totalPages - 1);
    const entries =
      pageIndex < 0 ? [] : this.#readPage(state.querySpec, pageIndex, state.whereArgs);
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
