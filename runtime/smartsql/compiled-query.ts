/**
 * What compiling yields and how it is used: the `CompiledQuery`, the compile
 * stage that makes one from a text (syntax stages, then the compiler), the
 * caching `SmartSqlCompiler` the store uses, and argument binding.
 */
import type { SoupCatalog, SqlValue } from './catalog.js';
import { Compiler, type ParameterSlot } from './compiler.js';
import {
  DiagnosticSink,
  failure,
  makeDiagnostic,
  type SmartSqlDiagnostic,
  SmartSqlError,
  type SmartSqlFailure,
  tooComplex,
} from './diagnostics.js';
import { parseText } from './parse-text.js';

export type { ParameterSlot };

/**
 * A compiled Smart SQL query.
 *
 * `jsonColumns` lists the result columns that hold a whole entry as JSON text,
 * for the store to `JSON.parse`: a select item that is exactly `{soup:_soup}`
 * (optionally qualified, `e.{soup:_soup}`) without an `AS` alias, and the `soup`
 * column of each soup table expanded by `*` or `alias.*` (also through
 * sub-selects in FROM). An aliased `{soup:_soup} AS raw` stays a string, as in
 * the SDK. Indexes count from 0 in the first SELECT's list; once a `*` expands a
 * source of unknown width (a USING/NATURAL join) later columns are not reported.
 */
export interface CompiledQuery {
  /** SQL over the store's own tables. */
  readonly sql: string;
  /** One slot per `?` in `sql`, in order. */
  readonly parameters: readonly ParameterSlot[];
  /** How many `?` the user wrote (the length `bindParameters` expects). */
  readonly argCount: number;
  readonly jsonColumns: readonly number[];
  /** Non-fatal findings, e.g. `SMARTSQL_UNINDEXED_PATH`. */
  readonly warnings: readonly SmartSqlDiagnostic[];
  /** The Smart SQL text this was compiled from. */
  readonly smartSql: string;
}

export type CompileResult = { readonly ok: true; readonly query: CompiledQuery } | SmartSqlFailure;

const NO_WARNINGS: readonly SmartSqlDiagnostic[] = Object.freeze([]);

/**
 * Compiles a text against a catalog: the frozen query, or every diagnostic
 * (never throws for bad input).
 *
 * @example
 * const result = compileText('select {s:a} from {s}', catalog);
 * if (result.ok) result.query.sql;
 */
export function compileText(text: string, catalog: SoupCatalog): CompileResult {
  try {
    return compileChecked(text, catalog);
  } catch (error) {
    return tooComplex(error, text);
  }
}

function compileChecked(text: string, catalog: SoupCatalog): CompileResult {
  const sink = new DiagnosticSink(text);
  const parsed = parseText(text, sink, catalog);
  if (parsed === undefined) return failure(sink.errors, text);
  const output = new Compiler(catalog).compile(parsed.statement);
  for (const problem of output.problems) sink.add(problem);
  if (sink.errors.length > 0) return failure(sink.errors, text);
  const warnings = sink.warnings;
  const query: CompiledQuery = Object.freeze({
    sql: output.sql,
    parameters: Object.freeze(output.parameters),
    argCount: parsed.parameterCount,
    jsonColumns: Object.freeze(output.jsonColumns),
    warnings: warnings.length === 0 ? NO_WARNINGS : Object.freeze(warnings),
    smartSql: text,
  });
  return { ok: true, query };
}

/** Options of `SmartSqlCompiler`. */
export interface SmartSqlCompilerOptions {
  /** Most compiled queries kept (oldest evicted first). Default 2,000. */
  readonly cacheSize?: number;
}

/**
 * A compiler bound to a catalog, caching compiled queries by text. The cache is
 * dropped whenever `catalog.schemaVersion` changes (a soup registered, altered
 * or dropped).
 *
 * @example
 * const compiler = new SmartSqlCompiler(store.catalog);
 * const q = compiler.compile('select count(*) from {employees}');
 */
export class SmartSqlCompiler {
  readonly #catalog: SoupCatalog;
  readonly #cacheSize: number;
  #cache = new Map<string, CompiledQuery>();
  #version: number;

  constructor(catalog: SoupCatalog, options: SmartSqlCompilerOptions = {}) {
    this.#catalog = catalog;
    this.#cacheSize = Math.max(1, options.cacheSize ?? 2000);
    this.#version = catalog.schemaVersion;
  }

  /** Compiles (or returns the cached compilation of) `text`; throws `SmartSqlError`. */
  compile(text: string): CompiledQuery {
    const version = this.#catalog.schemaVersion;
    if (version !== this.#version) {
      this.#cache.clear();
      this.#version = version;
    }
    const cached = this.#cache.get(text);
    if (cached !== undefined) return cached;
    const result = compileText(text, this.#catalog);
    if (!result.ok) throw new SmartSqlError(result.diagnostics);
    const query = result.query;
    if (this.#cache.size >= this.#cacheSize) {
      const oldest = this.#cache.keys().next();
      if (!oldest.done) this.#cache.delete(oldest.value);
    }
    this.#cache.set(text, query);
    return query;
  }

  /** Number of cached compilations (for tests and diagnostics). */
  get cacheSize(): number {
    return this.#cache.size;
  }

  /** Drops every cached compilation. */
  clear(): void {
    this.#cache.clear();
  }
}

/**
 * The values to bind to a compiled query's `?`, in order: user arguments where
 * the user wrote `?`, compile-time values (MATCH keys written as literals)
 * elsewhere. Throws `SmartSqlError` (`SMARTSQL_ARG_COUNT`) when `args` does not
 * have exactly `argCount` items.
 *
 * @example
 * import Database from 'better-sqlite3-multiple-ciphers';
 *
 * const db = new Database(':memory:');
 * const q = compileSmartSql('select {s:_soup} from {s} where {s:a} = ?', catalog);
 * db.prepare(q.sql).all(...bindParameters(q, ['x']));
 */
export function bindParameters(query: CompiledQuery, args: readonly SqlValue[]): SqlValue[] {
  if (args.length !== query.argCount) {
    throw new SmartSqlError([
      makeDiagnostic(
        query.smartSql,
        'error',
        'SMARTSQL_ARG_COUNT',
        `The query has ${query.argCount} "?" parameter(s) but ${args.length} argument(s) were given`,
        0,
        query.smartSql.length,
      ),
    ]);
  }
  const values: SqlValue[] = new Array(query.parameters.length);
  for (let i = 0; i < query.parameters.length; i++) {
    const slot = query.parameters[i];
    if (slot === undefined) continue;
    values[i] = slot.kind === 'arg' ? (args[slot.index] ?? null) : slot.value;
  }
  return values;
}
