/**
 * An in-memory `SoupCatalog` that lays soups out the way the store does
 * (`TABLE_n`, `TABLE_n_i` per non-json1 index i, json1 as `json_extract`).
 * For tests, tools and documentation examples; the store has its own.
 */
import type { CatalogIndex, CatalogSoup, IndexType, SoupCatalog } from './catalog.js';
import { indexColumnName, soupTableName } from './soup-layout.js';

/** An index spec as given to `registerSoup`. */
export interface MemoryIndexSpec {
  readonly path: string;
  readonly type: IndexType;
}

/**
 * A catalog you can register and drop soups in; `schemaVersion` goes up on
 * every change.
 *
 * @example
 * const catalog = new MemorySoupCatalog();
 * catalog.registerSoup('employees', [{ path: 'lastName', type: 'string' }]);
 * catalog.getSoup('employees')?.indexes[0]?.columnName; // 'TABLE_1_0'
 */
export class MemorySoupCatalog implements SoupCatalog {
  #soups = new Map<string, CatalogSoup>();
  #nextTable = 1;
  #version = 0;

  get schemaVersion(): number {
    return this.#version;
  }

  getSoup(soupName: string): CatalogSoup | undefined {
    return this.#soups.get(soupName);
  }

  getSoupNames(): readonly string[] {
    return [...this.#soups.keys()];
  }

  /** Adds (or replaces) a soup; its table is the next `TABLE_n`. */
  registerSoup(soupName: string, specs: readonly MemoryIndexSpec[]): CatalogSoup {
    const tableName = soupTableName(this.#nextTable++);
    const indexes: CatalogIndex[] = specs.map((spec, i) => ({
      path: spec.path,
      type: spec.type,
      columnName: indexColumnName(tableName, i, spec),
    }));
    const soup: CatalogSoup = {
      soupName,
      tableName,
      indexes,
      hasFts: specs.some((spec) => spec.type === 'full_text'),
    };
    this.#soups.set(soupName, soup);
    this.#version++;
    return soup;
  }

  /** Removes a soup (no-op if absent). */
  dropSoup(soupName: string): void {
    if (this.#soups.delete(soupName)) this.#version++;
  }
}
