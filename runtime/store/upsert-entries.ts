/**
 * Writing and reading entries by id: bulk upsert (by `_soupEntryId` or an
 * external id path), the ids the SDK hands out, retrieval and removal.
 * Callers run the writes inside `StoreContext.write`.
 */
import type { SqlValue } from '../smartsql/catalog.js';
import { ENTRY_ID_PATH } from '../smartsql/soup-layout.js';
import { columnValue, project } from './project.js';
import type { SoupIndex, SoupInfo } from './soup-schema.js';
import type { StoredEntry } from './specs.js';
import type { StoreContext } from './store-context.js';
import { StoreError } from './store-error.js';
import { validatePath } from './validate.js';

/**
 * The index an upsert matches entries on: none for `_soupEntryId`, otherwise
 * the soup's index on `externalIdPath` (`STORE_NO_INDEX_FOR_PATH` without one).
 *
 * @internal
 */
export function externalIdIndex(soup: SoupInfo, externalIdPath: string): SoupIndex | undefined {
  if (externalIdPath === ENTRY_ID_PATH) return undefined;
  validatePath(externalIdPath, 'external id path');
  const index = soup.byPath.get(externalIdPath);
  if (index === undefined) {
    throw new StoreError(
      'STORE_NO_INDEX_FOR_PATH',
      `${soup.soupName} does not have an index on ${externalIdPath}`,
    );
  }
  return index;
}

/**
 * Creates or updates each entry and returns them as stored (with id and date).
 *
 * @internal
 */
export function upsertEntries(
  ctx: StoreContext,
  soup: SoupInfo,
  entries: readonly object[],
  externalIndex: SoupIndex | undefined,
): StoredEntry[] {
  const insert = ctx.stmt(soup.insertSql, 'run');
  const update = ctx.stmt(soup.updateSql, 'run');
  const ftsInsert = soup.hasFts ? ctx.stmt(soup.ftsInsertSql, 'run') : undefined;
  const ftsUpdate = soup.hasFts ? ctx.stmt(soup.ftsUpdateSql, 'run') : undefined;
  const lookup =
    externalIndex === undefined
      ? undefined
      : ctx.stmt(
          `SELECT id FROM ${soup.tableName} WHERE ${externalIndex.columnName} = ? LIMIT 2`,
          'pluck',
        );
  const { columnIndexes } = soup;
  // full_text indexes have columns too: their FTS values are among `columns`.
  const ftsSlots = soup.ftsIndexes.map((index) => columnIndexes.indexOf(index));
  let nextId: number | undefined;
  const saved: StoredEntry[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as Record<string, unknown>;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new StoreError(
        'STORE_BAD_ENTRY',
        `upsert into ${soup.soupName}: entry ${i} is not a JSON object`,
      );
    }
    let id: number | undefined;
    if (lookup === undefined || externalIndex === undefined) {
      const given = entry._soupEntryId;
      if (given !== undefined && given !== null) {
        if (typeof given !== 'number' || !Number.isSafeInteger(given) || given < 1) {
          throw new StoreError(
            'STORE_BAD_ENTRY',
            `upsert into ${soup.soupName}: entry ${i} has _soupEntryId ${JSON.stringify(given)}, not a positive integer`,
          );
        }
        id = given;
      }
    } else {
      const value = columnValue(externalIndex.type, project(entry, externalIndex.path));
      if (value === null) {
        throw new StoreError(
          'STORE_EXTERNAL_ID_EMPTY',
          `For upsert with external ID path '${externalIndex.path}', value cannot be empty for any entries.`,
        );
      }
      const found = lookup.all(value) as number[];
      if (found.length > 1) {
        throw new StoreError(
          'STORE_EXTERNAL_ID_NOT_UNIQUE',
          `There are more than one soup elements where ${externalIndex.path} is ${String(value)} (soup ${soup.soupName})`,
        );
      }
      id = found[0];
    }
    const now = Date.now();
    const creating = id === undefined;
    if (creating) {
      // The next id as the SDK computes it: the AUTOINCREMENT sequence + 1.
      nextId ??= (tableSequence(ctx, soup.tableName) ?? 0) + 1;
      id = nextId++;
    }
    const stored = { ...entry, _soupEntryId: id, _soupLastModifiedDate: now } as StoredEntry;
    let json: string;
    try {
      json = JSON.stringify(stored);
    } catch (error) {
      throw new StoreError(
        'STORE_BAD_ENTRY',
        `upsert into ${soup.soupName}: entry ${i} cannot be written as JSON (${String(error)})`,
        { cause: error },
      );
    }
    const columns: SqlValue[] = new Array(columnIndexes.length);
    for (let c = 0; c < columnIndexes.length; c++) {
      const index = columnIndexes[c] as SoupIndex;
      columns[c] = columnValue(index.type, project(stored, index.path));
    }
    if (creating) {
      insert.run(id as number, json, now, now, ...columns);
    } else if (update.run(json, now, ...columns, id as number).changes === 0) {
      throw new StoreError(
        'STORE_UNKNOWN_ENTRY',
        `upsert into ${soup.soupName}: entry ${i} has _soupEntryId ${id}, which the soup does not hold`,
      );
    }
    if (ftsSlots.length > 0) {
      const ftsValues = ftsSlots.map((slot) => columns[slot] as SqlValue);
      if (creating) ftsInsert?.run(id as number, ...ftsValues);
      else ftsUpdate?.run(...ftsValues, id as number);
    }
    saved[i] = stored;
  }
  return saved;
}

/**
 * The table's AUTOINCREMENT sequence (the highest id handed out), if it has one yet.
 *
 * @internal
 */
export function tableSequence(ctx: StoreContext, tableName: string): number | undefined {
  return ctx.stmt('SELECT seq FROM sqlite_sequence WHERE name = ?', 'pluck').get(tableName) as
    | number
    | undefined;
}

/**
 * The entries with these ids, in the order asked; unknown ids are skipped.
 *
 * @internal
 */
export function retrieveEntries(
  ctx: StoreContext,
  soup: SoupInfo,
  ids: readonly number[],
): StoredEntry[] {
  const rows = ctx.run(`retrieve from soup ${soup.soupName}`, () =>
    ctx
      .stmt(
        `SELECT id, soup FROM ${soup.tableName} WHERE id IN (SELECT value FROM json_each(?))`,
        'raw',
      )
      .all(JSON.stringify(ids)),
  ) as [number, string][];
  const byId = new Map(rows.map(([id, json]) => [id, json]));
  const result: StoredEntry[] = [];
  for (const id of ids) {
    const json = byId.get(id);
    if (json === undefined) continue;
    byId.delete(id);
    result.push(JSON.parse(json) as StoredEntry);
  }
  return result;
}

/**
 * Deletes the entries with these ids and their full-text rows.
 *
 * @internal
 */
export function removeEntries(ctx: StoreContext, soup: SoupInfo, ids: readonly number[]): void {
  const list = JSON.stringify(ids);
  ctx
    .stmt(`DELETE FROM ${soup.tableName} WHERE id IN (SELECT value FROM json_each(?))`, 'run')
    .run(list);
  if (soup.hasFts) {
    ctx
      .stmt(
        `DELETE FROM ${soup.ftsTableName} WHERE rowid IN (SELECT value FROM json_each(?))`,
        'run',
      )
      .run(list);
  }
}
