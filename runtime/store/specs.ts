/**
 * Index specs and query specs, as plain objects with the Mobile SDK's JSON keys,
 * so specs written for a native SmartStore carry over unchanged.
 */
import type { IndexType, SqlValue } from '../smartsql/catalog.js';

export type { IndexType, SqlValue };

/**
 * One index of a soup. `columnName` is filled in by the store when specs are read
 * back with `getSoupIndexSpecs`; it is ignored on input.
 *
 * @example
 * const specs: IndexSpec[] = [
 *   { path: 'Id', type: 'string' },
 *   { path: 'Name', type: 'full_text' },
 * ];
 */
export interface IndexSpec {
  readonly path: string;
  readonly type: IndexType;
  readonly columnName?: string;
}

/** The query spec types, with the Mobile SDK's names (an "all" query is a range query without keys). */
export const QUERY_TYPES = ['exact', 'range', 'like', 'match', 'smart'] as const;

export type QueryType = (typeof QUERY_TYPES)[number];
export type QueryOrder = 'ascending' | 'descending';
/** A key of an exact, range or like query; `null` means "no bound" for range keys. */
export type QueryKey = string | number | null;

interface PagedQuery {
  /** Entries per page; `query(spec, pageIndex)` returns page `pageIndex`. */
  readonly pageSize: number;
}

interface SoupQuery extends PagedQuery {
  readonly soupName: string;
  /**
   * Path to order by. Missing: the spec's `indexPath` (as the SDK's `querySoup`);
   * `null`: no ORDER BY, so the order is unspecified.
   */
  readonly orderPath?: string | null;
  readonly order?: QueryOrder;
  /** When set, each result row is an array of these paths' values instead of the entry. */
  readonly selectPaths?: readonly string[] | null;
}

/** Entries whose `indexPath` equals `matchKey`. */
export interface ExactQuerySpec extends SoupQuery {
  readonly queryType: 'exact';
  readonly indexPath: string;
  readonly matchKey: QueryKey;
}

/** Entries with `beginKey <= indexPath <= endKey`; null keys leave that side open (both null = all). */
export interface RangeQuerySpec extends SoupQuery {
  readonly queryType: 'range';
  readonly indexPath?: string | null;
  readonly beginKey?: QueryKey;
  readonly endKey?: QueryKey;
}

/** Entries whose `indexPath` is SQL-LIKE `likeKey`. */
export interface LikeQuerySpec extends SoupQuery {
  readonly queryType: 'like';
  readonly indexPath: string;
  readonly likeKey: string;
}

/** Full-text match on one full_text path, or on all of them when `indexPath` is absent. */
export interface MatchQuerySpec extends SoupQuery {
  readonly queryType: 'match';
  readonly indexPath?: string | null;
  readonly matchKey: string;
}

/** A Smart SQL query; rows come back as arrays in select-list order. */
export interface SmartQuerySpec extends PagedQuery {
  readonly queryType: 'smart';
  readonly smartSql: string;
}

export type QuerySpec =
  | ExactQuerySpec
  | RangeQuerySpec
  | LikeQuerySpec
  | MatchQuerySpec
  | SmartQuerySpec;

/** The metadata fields SmartStore adds to every stored entry. */
export interface SoupEntryMeta {
  readonly _soupEntryId: number;
  readonly _soupLastModifiedDate: number;
}

/** An entry as stored: the record plus its soup metadata. */
export type SoupEntry<TRecord> = TRecord & SoupEntryMeta;

/** A stored entry of an untyped soup: the JSON object plus `_soupEntryId` and `_soupLastModifiedDate`. */
export type StoredEntry = SoupEntry<Record<string, unknown>>;
