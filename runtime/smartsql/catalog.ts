/**
 * What the Smart SQL compiler needs to know about a store: its soups, their
 * tables and their index columns. The store implements this interface; the
 * compiler never touches the database itself.
 */

/** The SmartStore index types, with the Mobile SDK's names. */
export type IndexType = 'string' | 'integer' | 'floating' | 'full_text' | 'json1';

export const INDEX_TYPES: readonly IndexType[] = [
  'string',
  'integer',
  'floating',
  'full_text',
  'json1',
];

/** One index spec of a soup as the store laid it out. */
export interface CatalogIndex {
  readonly path: string;
  readonly type: IndexType;
  /**
   * The SQL that reads the indexed value in the soup's table: a column name such
   * as `TABLE_1_0`, or for `json1` the expression `json_extract(soup, '$.path')`.
   */
  readonly columnName: string;
}

/** One soup as the compiler sees it. */
export interface CatalogSoup {
  readonly soupName: string;
  /** The soup's table, e.g. `TABLE_1`; its full-text table is `${tableName}_fts`. */
  readonly tableName: string;
  readonly indexes: readonly CatalogIndex[];
  /** True when at least one index is `full_text`, so `${tableName}_fts` exists. */
  readonly hasFts: boolean;
}

/** The store's soups, as a read-only view for the compiler. */
export interface SoupCatalog {
  /**
   * Changes whenever a soup is registered, altered or dropped, so compiled
   * queries cached under an older version are never reused.
   */
  readonly schemaVersion: number;
  getSoup(soupName: string): CatalogSoup | undefined;
  getSoupNames(): readonly string[];
}

/** A value that can be bound to a `?` of a compiled query. */
export type SqlValue = string | number | bigint | null;

/**
 * A SQL string literal: the text in single quotes, inner quotes doubled.
 *
 * @example
 * sqlStringLiteral("O'Brien"); // "'O''Brien'"
 */
export function sqlStringLiteral(text: string): string {
  return text.includes("'") ? `'${text.replaceAll("'", "''")}'` : `'${text}'`;
}
