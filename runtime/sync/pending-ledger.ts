/**
 * The ledger of writes sync ups sent and have not settled: one entry per
 * write in soupkit's own soup `soupkit_pending_writes` (native apps ignore
 * it), so a note outlives the sync that wrote it (a retry may be another sync,
 * or come after `deleteSync`) and never races a sync's state. A note is
 * written, in one transaction, before the call that makes its write, and
 * removed in the transaction that saves the write's outcome.
 */
import { buildSmartQuerySpec } from '../store/query-spec.js';
import type { SmartStore, StoredEntry } from '../store/smart-store.js';

/** The soup of the ledger, and its index specs. */
export const PENDING_SOUP = 'soupkit_pending_writes';
const PENDING_INDEXES = [
  { path: 'soup', type: 'string' },
  { path: 'entry', type: 'integer' },
] as const;

/**
 * One write a sync up sent and has not settled: a create (looked up on the
 * server before it is sent again) or, under LEAVE_IF_CHANGED, an update (so
 * the server's newer date of the sync's own write is not taken for someone
 * else's change). `fields` were sent; `digest` is of their values as sent.
 */
export interface PendingWrite {
  /** The soup and `_soupEntryId` of the record. */
  readonly soup: string;
  readonly entry: number;
  readonly op: 'create' | 'update';
  /** Server epoch ms just before it was sent (from the answers' `Date`), when known. */
  readonly serverAt?: number | undefined;
  /**
   * The soup's highest `_soupEntryId` when it was sent: an entry with a
   * higher one was added since (a copy of the record a sync down brought).
   */
  readonly after: number;
  readonly fields: readonly string[];
  readonly digest: string;
  /** The sync that sent it. */
  readonly syncId: number;
}

/** Creates the ledger's soup when the store does not have it yet. */
export function ensurePendingSoup(store: SmartStore): void {
  if (!store.soupExists(PENDING_SOUP))
    store.registerSoup(
      PENDING_SOUP,
      PENDING_INDEXES.map((spec) => ({ ...spec })),
    );
}

function rows(store: SmartStore, soup?: string): StoredEntry[] {
  const p = PENDING_SOUP;
  return store
    .query(
      buildSmartQuerySpec({
        smartSql: `SELECT {${p}:_soup} FROM {${p}}${soup === undefined ? '' : ` WHERE {${p}:soup} = ?`} ORDER BY {${p}:_soupEntryId}`,
        pageSize: 10_000_000,
      }),
      0,
      soup === undefined ? [] : [soup],
    )
    .map((row) => (row as unknown[])[0] as StoredEntry);
}

/** The writes noted for `soup` (every soup when absent), oldest first. */
export function pendingWrites(store: SmartStore, soup?: string): PendingWrite[] {
  return rows(store, soup).map(
    ({ _soupEntryId, _soupLastModifiedDate, ...write }) => write as unknown as PendingWrite,
  );
}

/** Notes writes about to be sent (one transaction; a write noted again replaces its note). */
export function notePending(store: SmartStore, writes: readonly PendingWrite[]): void {
  if (writes.length === 0) return;
  store.transaction(() => {
    for (const soup of new Set(writes.map((write) => write.soup)))
      settlePending(
        store,
        soup,
        writes.filter((write) => write.soup === soup).map((write) => write.entry),
      );
    store.upsert(PENDING_SOUP, writes);
  });
}

/** Removes the notes of these entries of `soup`. */
export function settlePending(store: SmartStore, soup: string, entries: Iterable<number>): void {
  const wanted = new Set(entries);
  if (wanted.size === 0) return;
  const settled = rows(store, soup)
    .filter((row) => wanted.has(row.entry as number))
    .map((row) => row._soupEntryId);
  if (settled.length > 0) store.remove(PENDING_SOUP, settled);
}

/** The highest `_soupEntryId` of a soup (0 when it is empty). */
export function highestEntryId(store: SmartStore, soup: string): number {
  const [row] = store.query(
    buildSmartQuerySpec({
      smartSql: `SELECT max({${soup}:_soupEntryId}) FROM {${soup}}`,
      pageSize: 1,
    }),
  ) as [unknown][];
  return typeof row?.[0] === 'number' ? row[0] : 0;
}
