/**
 * The ledger of writes sync ups sent and have not settled, in soupkit's own
 * soup `soupkit_pending_writes` (native apps ignore it), so a note outlives
 * the sync that wrote it (a retry may be another sync, or come after
 * `deleteSync`) and never races a sync's state. The writes of one call are
 * noted, as one entry of the soup, before the call; each is removed from it
 * in the transaction that saves its outcome (the entry goes with the last).
 */
import { buildSmartQuerySpec } from '../../store/query-spec.js';
import type { SmartStore, StoredEntry } from '../../store/smart-store.js';
import type { SetWhenSent } from '../merge/three-way.js';

/** The soup of the ledger, and its index specs. */
export const PENDING_SOUP = 'soupkit_pending_writes';
const PENDING_INDEXES = [{ path: 'soup', type: 'string' }] as const;

/**
 * One write a sync up sent and has not settled: a create (looked up on the
 * server before it is sent again) or, under LEAVE_IF_CHANGED and
 * MERGE_FIELDS, an update (so the server's newer date, or values, of the
 * sync's own write are not taken for someone else's change). `fields` were
 * sent; `digest` is of their values as sent.
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
  /**
   * An update of several fields: a digest of each field's value alone, in
   * the order of `fields`. A write that took still shows in the fields
   * nobody changed since, when someone changed another over it.
   */
  readonly fieldDigests?: readonly string[] | undefined;
  /** The sync that sent it. */
  readonly syncId: number;
  /**
   * Epoch ms (this device's clock) when it was noted; absent in notes older
   * soupkits wrote. A note younger than `LATE_WRITE_MS` is kept while the
   * server does not hold its values: the call may still be applied.
   */
  readonly notedAt?: number | undefined;
  /**
   * MERGE_FIELDS: sent multi-selects whose value sent (merged with the
   * server's set) differs from the record's, with the record's value and its
   * base's then. Once the write is known to have taken, the record's value
   * is rebased on the set sent (`rebasedSet`). Left as it was, the server's
   * part of the merge would look like an edit made here, and be undone on
   * the server.
   */
  readonly localSets?: Readonly<Record<string, SetWhenSent>> | undefined;
}

/**
 * How long after a write was noted the server may still apply it, though
 * its caller gave up (a dropped connection, a gateway's timeout, a killed
 * process): the platform's longest request time.
 */
export const LATE_WRITE_MS = 10 * 60_000;

/** Whether the server may still apply the write `note` stands for. */
export function mayStillLand(note: Pick<PendingWrite, 'notedAt'>, now = Date.now()): boolean {
  return note.notedAt !== undefined && now - note.notedAt < LATE_WRITE_MS;
}

/** An entry of the ledger: the writes of one call to one soup. */
interface CallNote {
  readonly soup: string;
  readonly writes: readonly PendingWrite[];
}

/** Creates the ledger's soup when the store does not have it yet. */
export function ensurePendingSoup(store: SmartStore): void {
  if (!store.soupExists(PENDING_SOUP))
    store.registerSoup(
      PENDING_SOUP,
      PENDING_INDEXES.map((spec) => ({ ...spec })),
    );
}

function calls(store: SmartStore, soup?: string): (CallNote & StoredEntry)[] {
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
    .map((row) => (row as unknown[])[0] as CallNote & StoredEntry);
}

/** The writes noted for `soup` (every soup when absent), oldest first. */
export function pendingWrites(store: SmartStore, soup?: string): PendingWrite[] {
  return calls(store, soup).flatMap((call) => call.writes);
}

/** Notes the writes of a call about to be sent (one transaction; a write noted again replaces its note). */
export function notePending(store: SmartStore, writes: readonly PendingWrite[]): void {
  noteCalls(store, [writes]);
}

/**
 * Notes the writes of several calls about to be sent, each call an entry of
 * the ledger per soup, in one transaction (a write noted again replaces its
 * note). Returns, per soup, the ledger entry holding each noted write, by
 * the write's `entry`, so that settling it needs no scan of the ledger.
 */
export function noteCalls(
  store: SmartStore,
  calls: readonly (readonly PendingWrite[])[],
): Map<string, Map<number, number>> {
  const holders = new Map<string, Map<number, number>>();
  const writes = calls.flat();
  if (writes.length === 0) return holders;
  store.transaction(() => {
    for (const soup of new Set(writes.map((write) => write.soup)))
      settlePending(
        store,
        soup,
        writes.filter((write) => write.soup === soup).map((write) => write.entry),
      );
    for (const call of calls) {
      for (const soup of new Set(call.map((write) => write.soup))) {
        const ofSoup = call.filter((write) => write.soup === soup);
        const [saved] = store.upsert(PENDING_SOUP, [{ soup, writes: ofSoup }]);
        const bySoup = holders.get(soup) ?? new Map<number, number>();
        holders.set(soup, bySoup);
        for (const write of ofSoup) bySoup.set(write.entry, saved?._soupEntryId ?? 0);
      }
    }
  });
  return holders;
}

/** Removes the notes of these entries of `soup`. */
export function settlePending(store: SmartStore, soup: string, entries: Iterable<number>): void {
  const settled = new Set(entries);
  if (settled.size === 0) return;
  settleIn(store, calls(store, soup), settled);
}

/**
 * Removes the notes of these entries of `soup` from the ledger entries
 * `holders` (from `noteCalls`) only: a note of the same record another
 * runner wrote since, in another entry, stays.
 */
export function settleNoted(
  store: SmartStore,
  soup: string,
  holders: Iterable<number>,
  entries: Iterable<number>,
): void {
  const settled = new Set(entries);
  if (settled.size === 0) return;
  const notes = store.retrieve(PENDING_SOUP, [...new Set(holders)]) as (CallNote & StoredEntry)[];
  settleIn(
    store,
    notes.filter((call) => call.soup === soup),
    settled,
  );
}

function settleIn(
  store: SmartStore,
  notes: readonly (CallNote & StoredEntry)[],
  settled: ReadonlySet<number>,
): void {
  const changed: (CallNote & StoredEntry)[] = [];
  const emptied: number[] = [];
  for (const call of notes) {
    const left = call.writes.filter((write) => !settled.has(write.entry));
    if (left.length === call.writes.length) continue;
    if (left.length === 0) emptied.push(call._soupEntryId);
    else changed.push({ ...call, writes: left });
  }
  if (changed.length > 0) store.upsert(PENDING_SOUP, changed);
  if (emptied.length > 0) store.remove(PENDING_SOUP, emptied);
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
