/**
 * The store's seam to the Smart SQL compiler: every query spec becomes Smart
 * SQL text that is compiled (and cached) here.
 */
import { SoupkitError } from '../errors.js';
import type { SoupCatalog, SqlValue } from '../smartsql/catalog.js';

/** The parts of the compiler's `CompiledQuery` the store reads. */
export interface StoreCompiledQuery {
  readonly sql: string;
  readonly argCount: number;
  readonly jsonColumns: readonly number[];
}

export interface StoreQueryCompiler {
  compile(smartSql: string): StoreCompiledQuery;
  /** The values for every `?` of the compiled SQL, from the caller's arguments. */
  bind(query: StoreCompiledQuery, args: readonly SqlValue[]): SqlValue[];
}

/** Creates the compiler bound to a store's catalog. */
export function createQueryCompiler(_catalog: SoupCatalog): StoreQueryCompiler {
  const missing = (): never => {
    throw new SoupkitError(
      'INTERNAL',
      'The Smart SQL compiler (runtime/smartsql) is not available yet',
    );
  };
  return { compile: missing, bind: missing };
}
