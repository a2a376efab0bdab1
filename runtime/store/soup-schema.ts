/**
 * The store's on-disk layout (the Mobile SDK's): `soup_attrs` names the soups
 * (row id n ⇒ table `TABLE_n`), `soup_index_map` lists their index specs, each
 * soup has `TABLE_n` with one column `TABLE_n_i` per non-json1 spec and, when
 * some spec is full_text, an FTS5 table `TABLE_n_fts`. `SoupRegistry` keeps that
 * metadata in memory and is the `SoupCatalog` the Smart SQL compiler reads.
 */
import { assertNever } from '../errors.js';
import type { CatalogIndex, CatalogSoup, IndexType, SoupCatalog } from '../smartsql/catalog.js';
import {
  ftsTableName,
  indexColumnName,
  indexSqlName,
  SOUP_TABLE_FIXED_COLUMNS,
  soupTableName,
} from '../smartsql/soup-layout.js';
import type { IndexSpec } from './specs.js';
import type { SqliteDatabase } from './sqlite-handle.js';
import { StoreError } from './store-error.js';

/** The SDK's schema version (`soup_names` became `soup_attrs` in version 3). */
export const STORE_SCHEMA_VERSION = 3;

export interface SoupIndex extends CatalogIndex {
  /** Position in the soup's spec array; names the column and the SQL index. */
  readonly position: number;
  /** False for json1, whose `columnName` is a `json_extract` expression. */
  readonly hasColumn: boolean;
}

export interface SoupInfo extends CatalogSoup {
  readonly indexes: readonly SoupIndex[];
  readonly byPath: ReadonlyMap<string, SoupIndex>;
  /** The indexes that have a column, in position order. */
  readonly columnIndexes: readonly SoupIndex[];
  readonly ftsIndexes: readonly SoupIndex[];
  readonly ftsTableName: string;
  readonly insertSql: string;
  readonly updateSql: string;
  readonly ftsInsertSql: string;
  readonly ftsUpdateSql: string;
}

/**
 * Creates the store's own tables in a new database, or checks that an existing
 * database is a store. Only a new or empty file (`fresh`) becomes a store: any
 * other database, even one without tables, is refused before anything is
 * written to it.
 *
 * @internal
 */
export function ensureStoreSchema(db: SqliteDatabase, path: string, fresh: boolean): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  if (tables.includes('soup_attrs') && tables.includes('soup_index_map')) return;
  if (!fresh) {
    const holds =
      tables.length > 0
        ? 'an SQLite database without the store tables (soup_attrs, soup_index_map)'
        : 'an SQLite database that is not empty but holds no store tables';
    throw new StoreError(
      'STORE_NOT_A_STORE',
      `Cannot open ${path} as a store: it is ${holds}; only a new or empty file becomes a store`,
    );
  }
  db.exec(`BEGIN;
CREATE TABLE soup_attrs (id INTEGER PRIMARY KEY AUTOINCREMENT, soupName TEXT);
CREATE INDEX soup_attrs_0 on soup_attrs ( soupName );
CREATE TABLE soup_index_map (soupName TEXT, path TEXT, columnName TEXT, columnType TEXT);
CREATE INDEX soup_index_map_0 on soup_index_map ( soupName );
CREATE TABLE long_operations_status (id INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT, details TEXT, status TEXT, created INTEGER, lastModified INTEGER);
PRAGMA user_version = ${STORE_SCHEMA_VERSION};
COMMIT;`);
}

function columnAffinity(type: IndexType): string | undefined {
  switch (type) {
    case 'string':
    case 'full_text':
      return 'TEXT';
    case 'integer':
      return 'INTEGER';
    case 'floating':
      return 'REAL';
    case 'json1':
      return undefined;
    default:
      return assertNever(type, 'index type');
  }
}

/**
 * Whether a column of `from` can be copied into a column of `to` (same affinity) by alterSoup.
 *
 * @internal
 */
export function canCopyColumn(from: IndexType, to: IndexType): boolean {
  const target = columnAffinity(to);
  if (target === undefined) return false;
  return from === 'json1' || columnAffinity(from) === target;
}

/**
 * Describes a soup laid out in `tableName` with `specs`.
 *
 * @internal
 */
export function buildSoupInfo(
  soupName: string,
  tableName: string,
  specs: readonly IndexSpec[],
): SoupInfo {
  const indexes: SoupIndex[] = specs.map((spec, position) => {
    const hasColumn = spec.type !== 'json1';
    return {
      path: spec.path,
      type: spec.type,
      position,
      hasColumn,
      columnName: indexColumnName(tableName, position, spec),
    };
  });
  const columnIndexes = indexes.filter((index) => index.hasColumn);
  const ftsIndexes = indexes.filter((index) => index.type === 'full_text');
  const columns = columnIndexes.map((index) => index.columnName);
  const ftsColumns = ftsIndexes.map((index) => index.columnName);
  const ftsTable = ftsTableName(tableName);
  const marks = (count: number) => Array.from({ length: count }, () => '?').join(', ');
  return {
    soupName,
    tableName,
    indexes,
    byPath: new Map(indexes.map((index) => [index.path, index])),
    columnIndexes,
    ftsIndexes,
    hasFts: ftsIndexes.length > 0,
    ftsTableName: ftsTable,
    insertSql: `INSERT INTO ${tableName} (${SOUP_TABLE_FIXED_COLUMNS.join(', ')}${columns.map((c) => `, ${c}`).join('')}) VALUES (${marks(SOUP_TABLE_FIXED_COLUMNS.length + columns.length)})`,
    updateSql: `UPDATE ${tableName} SET soup = ?, lastModified = ?${columns.map((c) => `, ${c} = ?`).join('')} WHERE id = ?`,
    ftsInsertSql: `INSERT INTO ${ftsTable} (rowid${ftsColumns.map((c) => `, ${c}`).join('')}) VALUES (${marks(1 + ftsColumns.length)})`,
    ftsUpdateSql: `UPDATE ${ftsTable} SET ${ftsColumns.map((c) => `${c} = ?`).join(', ')} WHERE rowid = ?`,
  };
}

/**
 * Creates the soup's table, SQL indexes and FTS table, and records its specs.
 *
 * @internal
 */
export function createSoupTables(db: SqliteDatabase, soup: SoupInfo): void {
  const { tableName } = soup;
  const columns = soup.columnIndexes
    .map((index) => `, ${index.columnName} ${columnAffinity(index.type)}`)
    .join('');
  db.exec(
    `CREATE TABLE ${tableName} (id INTEGER PRIMARY KEY AUTOINCREMENT, soup TEXT, created INTEGER, lastModified INTEGER${columns})`,
  );
  for (const index of soup.indexes) {
    db.exec(
      `CREATE INDEX ${indexSqlName(tableName, index.position)} on ${tableName} ( ${index.columnName} )`,
    );
  }
  db.exec(`CREATE INDEX ${tableName}_created_idx on ${tableName} ( created )`);
  db.exec(`CREATE INDEX ${tableName}_lastModified_idx on ${tableName} ( lastModified )`);
  if (soup.hasFts) {
    const ftsColumns = soup.ftsIndexes.map((index) => index.columnName).join(', ');
    db.exec(`CREATE VIRTUAL TABLE ${soup.ftsTableName} USING fts5(${ftsColumns})`);
  }
  const insert = db.prepare(
    'INSERT INTO soup_index_map (soupName, path, columnName, columnType) VALUES (?, ?, ?, ?)',
  );
  for (const index of soup.indexes) {
    insert.run(soup.soupName, index.path, index.columnName, index.type);
  }
}

// Versions are unique across registries, so two stores can never present the
// same (text, schemaVersion) pair to a shared compiler cache.
let nextSchemaVersion = 1;

/**
 * The store's soups in memory; the Smart SQL compiler's `SoupCatalog`.
 * `schemaVersion` changes on every register, alter, drop and reload.
 *
 * @internal
 */
export class SoupRegistry implements SoupCatalog {
  #version = 0;
  #soups = new Map<string, SoupInfo>();
  #names: string[] | undefined;

  get schemaVersion(): number {
    return this.#version;
  }

  getSoup(soupName: string): SoupInfo | undefined {
    return this.#soups.get(soupName);
  }

  /** Soup names in ascending order (Android orders them by name). */
  getSoupNames(): readonly string[] {
    this.#names ??= [...this.#soups.keys()].sort();
    return this.#names;
  }

  /** The soup, or `STORE_UNKNOWN_SOUP` with the SDK's message. */
  require(soupName: string): SoupInfo {
    const soup = this.#soups.get(soupName);
    if (soup === undefined) {
      throw new StoreError('STORE_UNKNOWN_SOUP', `Soup: ${soupName} does not exist`);
    }
    return soup;
  }

  set(soup: SoupInfo): void {
    this.#soups.set(soup.soupName, soup);
    this.#changed();
  }

  delete(soupName: string): void {
    this.#soups.delete(soupName);
    this.#changed();
  }

  /** Rebuilds the metadata from `soup_attrs` and `soup_index_map` (after open or a rollback). */
  load(db: SqliteDatabase): void {
    const attrs = db.prepare('SELECT id, soupName FROM soup_attrs ORDER BY id').all() as {
      id: number;
      soupName: string;
    }[];
    const rows = db
      .prepare('SELECT soupName, path, columnType FROM soup_index_map ORDER BY rowid')
      .all() as { soupName: string; path: string; columnType: IndexType }[];
    const specsBySoup = new Map<string, IndexSpec[]>();
    for (const row of rows) {
      let specs = specsBySoup.get(row.soupName);
      if (specs === undefined) {
        specs = [];
        specsBySoup.set(row.soupName, specs);
      }
      specs.push({ path: row.path, type: row.columnType });
    }
    this.#soups.clear();
    for (const { id, soupName } of attrs) {
      this.#soups.set(
        soupName,
        buildSoupInfo(soupName, soupTableName(id), specsBySoup.get(soupName) ?? []),
      );
    }
    this.#changed();
  }

  #changed(): void {
    this.#version = nextSchemaVersion++;
    this.#names = undefined;
  }
}
