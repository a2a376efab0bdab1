/**
 * How a soup is laid out in SQLite (the Mobile SDK's layout), written once for
 * the store that creates the tables and the Smart SQL compiler that reads them:
 * soup n lives in table `TABLE_n` with the fixed columns `id, soup, created,
 * lastModified`, then one column `TABLE_n_i` per non-json1 index spec i (a
 * json1 spec reads `json_extract(soup, '$.path')` instead), and, when some spec
 * is full_text, an FTS5 table `TABLE_n_fts` whose rowid is the entry id.
 */
import { type IndexType, sqlStringLiteral } from './catalog.js';

/** The soup table of the soup whose `soup_attrs` row id is `attrsId`. */
export function soupTableName(attrsId: number | bigint): string {
  return `TABLE_${attrsId}`;
}

/** The full-text (FTS5) table of a soup table: `TABLE_n_fts`. */
export function ftsTableName(tableName: string): string {
  return `${tableName}_fts`;
}

/**
 * The SQL that reads a `json1` index's value from the stored entry.
 *
 * @example
 * json1Expression('address.city'); // "json_extract(soup, '$.address.city')"
 */
export function json1Expression(path: string): string {
  return `json_extract(soup, ${sqlStringLiteral(`$.${path}`)})`;
}

/**
 * The `columnName` of the index spec at `position`: the column `TABLE_n_i`, or
 * for json1 the `json_extract` expression.
 *
 * @example
 * indexColumnName('TABLE_1', 0, { path: 'Name', type: 'string' }); // 'TABLE_1_0'
 */
export function indexColumnName(
  tableName: string,
  position: number,
  spec: { readonly path: string; readonly type: IndexType },
): string {
  return spec.type === 'json1' ? json1Expression(spec.path) : `${tableName}_${position}`;
}

/** The SQL index on the index spec at `position`: `TABLE_n_i_idx`. */
export function indexSqlName(tableName: string, position: number): string {
  return `${tableName}_${position}_idx`;
}

/** The columns every soup table has, in order, before its index columns. */
export const SOUP_TABLE_FIXED_COLUMNS = ['id', 'soup', 'created', 'lastModified'] as const;

/** One of `SOUP_TABLE_FIXED_COLUMNS`. */
export type SoupFixedColumn = (typeof SOUP_TABLE_FIXED_COLUMNS)[number];

/** Position of the `soup` (whole entry JSON) column among the fixed columns. */
export const SOUP_COLUMN_POSITION = 1;

/** The metadata paths every soup answers to without an index spec, and the column each reads. */
export const METADATA_COLUMNS: ReadonlyMap<string, SoupFixedColumn> = new Map<
  MetadataPath,
  SoupFixedColumn
>([
  ['_soup', 'soup'],
  ['_soupEntryId', 'id'],
  ['_soupCreatedDate', 'created'],
  ['_soupLastModifiedDate', 'lastModified'],
]);

/** Paths every soup answers to without an index spec; they cannot be indexed. */
export const METADATA_PATHS = [
  '_soup',
  '_soupEntryId',
  '_soupLastModifiedDate',
  '_soupCreatedDate',
] as const;

/** A metadata path (`_soup`, `_soupEntryId`, …). */
export type MetadataPath = (typeof METADATA_PATHS)[number];

/** The metadata fields the store writes into every stored entry. */
export const ENTRY_META_FIELDS = ['_soupEntryId', '_soupLastModifiedDate'] as const;

/** The path that names an entry's id (the default external id of an upsert). */
export const ENTRY_ID_PATH = '_soupEntryId';
