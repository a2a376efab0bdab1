/**
 * The store's seam to the Smart SQL compiler: every query spec becomes Smart
 * SQL text that is compiled (and cached by text and schema version) here.
 */
import type { SoupCatalog, SqlValue } from '../smartsql/catalog.js';
import { bindParameters, type CompiledQuery, SmartSqlCompiler } from '../smartsql/index.js';

export type StoreCompiledQuery = CompiledQuery;

export interface StoreQueryCompiler {
  compile(smartSql: string): StoreCompiledQuery;
  /** The values for every `?` of the compiled SQL, from the caller's arguments. */
  bind(query: StoreCompiledQuery, args: readonly SqlValue[]): SqlValue[];
}

/**
 * Creates the compiler bound to a store's catalog.
 *
 * @internal
 */
export function createQueryCompiler(catalog: SoupCatalog): StoreQueryCompiler {
  const compiler = new SmartSqlCompiler(catalog);
  return {
    compile: (smartSql) => compiler.compile(smartSql),
    bind: bindParameters,
  };
}
