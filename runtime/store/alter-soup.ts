/**
 * Changes to a soup's tables: registering, dropping, clearing, rebuilding
 * under new index specs (alterSoup) and re-projecting index columns from the
 * stored entries (reIndexSoup). Callers run these inside `StoreContext.write`.
 */
import type { SqlValue } from '../smartsql/catalog.js';
import { indexSqlName, SOUP_TABLE_FIXED_COLUMNS, soupTableName } from '../smartsql/soup-layout.js';
import { columnValue, project } from './project.js';
import {
  buildSoupInfo,
  canCopyColumn,
  createSoupTables,
  type SoupIndex,
  type SoupInfo,
} from './soup-schema.js';
import type { IndexSpec } from './specs.js';
import type { StoreContext } from './store-context.js';
import { tableSequence } from './upsert-entries.js';

const REINDEX_CHUNK = 1000;

/**
 * Records a new soup in `soup_attrs` and creates its tables.
 *
 * @internal
 */
export function createSoup(
  ctx: StoreContext,
  soupName: string,
  specs: readonly IndexSpec[],
): SoupInfo {
  const id = ctx
    .stmt('INSERT INTO soup_attrs (soupName) VALUES (?)', 'run')
    .run(soupName).lastInsertRowid;
  const info = buildSoupInfo(soupName, soupTableName(id), specs);
  createSoupTables(ctx.db, info);
  return info;
}

/**
 * Drops a soup's tables and its metadata rows.
 *
 * @internal
 */
export function dropSoupTables(ctx: StoreContext, soup: SoupInfo): void {
  ctx.db.exec(`DROP TABLE IF EXISTS ${soup.tableName}`);
  if (soup.hasFts) ctx.db.exec(`DROP TABLE IF EXISTS ${soup.ftsTableName}`);
  ctx.stmt('DELETE FROM soup_attrs WHERE soupName = ?', 'run').run(soup.soupName);
  ctx.stmt('DELETE FROM soup_index_map WHERE soupName = ?', 'run').run(soup.soupName);
}

/**
 * Deletes every entry of a soup (and its full-text rows).
 *
 * @internal
 */
export function clearSoupTables(ctx: StoreContext, soup: SoupInfo): void {
  ctx.db.exec(`DELETE FROM ${soup.tableName}`);
  if (soup.hasFts) ctx.db.exec(`DELETE FROM ${soup.ftsTableName}`);
}

/**
 * alterSoup's steps: rebuild the tables under the new specs, then (with
 * `reIndexData`) fill the columns of the specs that are new.
 *
 * @internal
 */
export function alterSoupTables(
  ctx: StoreContext,
  old: SoupInfo,
  next: SoupInfo,
  reIndexData: boolean,
): void {
  rebuildSoupTable(ctx, old, next);
  if (!reIndexData) return;
  const oldKeys = new Set(old.indexes.map((index) => `${index.path}|${index.type}`));
  const added = next.indexes.filter((index) => !oldKeys.has(`${index.path}|${index.type}`));
  reIndex(ctx, next, added);
}

/**
 * Rename the old tables, create the new layout under the same table name,
 * copy rows (ids, dates and compatible columns), rebuild the full-text rows,
 * drop the old tables.
 */
function rebuildSoupTable(ctx: StoreContext, old: SoupInfo, next: SoupInfo): void {
  const { db } = ctx;
  const table = old.tableName;
  const oldTable = `${table}_old`;
  const oldFts = `${table}_old_fts`;
  const sequence = tableSequence(ctx, table);
  db.exec(`ALTER TABLE ${table} RENAME TO ${oldTable}`);
  if (old.hasFts) db.exec(`ALTER TABLE ${old.ftsTableName} RENAME TO ${oldFts}`);
  for (const index of old.indexes) {
    db.exec(`DROP INDEX IF EXISTS ${indexSqlName(table, index.position)}`);
  }
  db.exec(`DROP INDEX IF EXISTS ${table}_created_idx`);
  db.exec(`DROP INDEX IF EXISTS ${table}_lastModified_idx`);
  ctx.stmt('DELETE FROM soup_index_map WHERE soupName = ?', 'run').run(old.soupName);
  createSoupTables(db, next);

  const targets: string[] = [...SOUP_TABLE_FIXED_COLUMNS];
  const sources: string[] = [...SOUP_TABLE_FIXED_COLUMNS];
  for (const index of next.columnIndexes) {
    const before = old.byPath.get(index.path);
    if (before === undefined || !canCopyColumn(before.type, index.type)) continue;
    targets.push(index.columnName);
    // json1 "columns" are json_extract expressions over the old table's soup.
    sources.push(before.columnName);
  }
  db.exec(
    `INSERT INTO ${table} (${targets.join(', ')}) SELECT ${sources.join(', ')} FROM ${oldTable}`,
  );
  if (next.hasFts) {
    const columns = next.ftsIndexes.map((index) => index.columnName).join(', ');
    db.exec(
      `INSERT INTO ${next.ftsTableName} (rowid, ${columns}) SELECT id, ${columns} FROM ${table}`,
    );
  }
  db.exec(`DROP TABLE ${oldTable}`);
  if (old.hasFts) db.exec(`DROP TABLE ${oldFts}`);
  // Copying rows sets the sequence to the highest surviving id; restoring it
  // keeps ids of deleted entries from being handed out again.
  if (sequence !== undefined) {
    ctx
      .stmt('UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?', 'run')
      .run(sequence, table);
    ctx
      .stmt(
        'INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)',
        'run',
      )
      .run(table, sequence, table);
  }
}

/**
 * Re-projects `indexes` (those with a column) for every entry, in chunks of ids.
 *
 * @internal
 */
export function reIndex(ctx: StoreContext, soup: SoupInfo, indexes: readonly SoupIndex[]): void {
  const columns = indexes.filter((index) => index.hasColumn);
  if (columns.length === 0) return;
  const fts = columns.filter((index) => index.type === 'full_text');
  const ftsSlots = fts.map((index) => columns.indexOf(index));
  const update = ctx.stmt(
    `UPDATE ${soup.tableName} SET ${columns.map((c) => `${c.columnName} = ?`).join(', ')} WHERE id = ?`,
    'run',
  );
  const ftsUpdate =
    fts.length > 0
      ? ctx.stmt(
          `UPDATE ${soup.ftsTableName} SET ${fts.map((c) => `${c.columnName} = ?`).join(', ')} WHERE rowid = ?`,
          'run',
        )
      : undefined;
  const chunk = ctx.stmt(
    `SELECT id, soup FROM ${soup.tableName} WHERE id > ? ORDER BY id LIMIT ${REINDEX_CHUNK}`,
    'raw',
  );
  let after = 0;
  for (;;) {
    const rows = chunk.all(after) as [number, string][];
    for (const [id, json] of rows) {
      const entry = JSON.parse(json) as unknown;
      const values = columns.map((c) => columnValue(c.type, project(entry, c.path)));
      update.run(...values, id);
      ftsUpdate?.run(...ftsSlots.map((slot) => values[slot] as SqlValue), id);
    }
    if (rows.length < REINDEX_CHUNK) return;
    after = (rows[rows.length - 1] as [number, string])[0];
  }
}
