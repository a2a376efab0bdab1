/**
 * The Smart SQL façade: text → tokens → CST → AST → SQL, with every problem
 * turned into positioned diagnostics, plus the cached compiler and argument
 * binding the store uses.
 */
import type { SelectStatementNode } from './ast.js';
import { buildAst } from './ast-builder.js';
import type { SoupCatalog, SqlValue } from './catalog.js';
import { Compiler, describeUnknownSoup, type ParameterSlot } from './compiler.js';
import {
  makeDiagnostic,
  type SmartSqlDiagnostic,
  type SmartSqlDiagnosticCode,
  SmartSqlError,
} from './diagnostics.js';
import { type IToken, lexSmartSql } from './lexer.js';
import { parseSmartSqlTokens } from './parser.js';

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

export type CompileResult =
  | { readonly ok: true; readonly query: CompiledQuery }
  | { readonly ok: false; readonly diagnostics: SmartSqlDiagnostic[] };

const WRITE_VERBS: ReadonlySet<string> = new Set([
  'insert',
  'update',
  'delete',
  'replace',
  'upsert',
  'drop',
  'create',
  'alter',
  'attach',
  'detach',
  'pragma',
  'vacuum',
  'reindex',
  'analyze',
  'begin',
  'commit',
  'end',
  'rollback',
  'savepoint',
  'release',
  'explain',
]);

const NO_WARNINGS: readonly SmartSqlDiagnostic[] = Object.freeze([]);

/** Deepest parenthesis / sub-select nesting accepted (far beyond real queries, far below the stack). */
const MAX_NESTING = 256;

/** The AST of a Smart SQL text, or every syntax-level diagnostic. */
export type ParseResult =
  | {
      readonly ok: true;
      readonly statement: SelectStatementNode;
      /** How many `?` the text holds. */
      readonly parameterCount: number;
    }
  | { readonly ok: false; readonly diagnostics: SmartSqlDiagnostic[] };

/**
 * Parses Smart SQL into its AST without a catalog (soups are not looked up):
 * for tools that inspect queries, such as a build-time checker.
 *
 * @example
 * const parsed = parseSmartSql('select {s:a} from {s} where {s:b} = ?');
 * if (parsed.ok) parsed.statement.first.columns[0]?.kind; // 'expressionColumn'
 */
export function parseSmartSql(text: string): ParseResult {
  const sink = new Sink(text);
  let parsed: ReturnType<typeof parseInto>;
  try {
    parsed = parseInto(text, sink, undefined);
  } catch (error) {
    return tooComplex(error, text);
  }
  if (parsed === undefined || sink.diagnostics.length > 0) return fail(sink.diagnostics, text);
  return { ok: true, statement: parsed.statement, parameterCount: parsed.parameterCount };
}

/** Lex, statement checks, parse and AST; problems go to `sink`. */
function parseInto(
  text: string,
  sink: Sink,
  catalog: SoupCatalog | undefined,
): { statement: SelectStatementNode; parameterCount: number } | undefined {
  const diagnostics = sink.diagnostics;
  const lexed = lexSmartSql(text);
  for (const problem of lexed.problems) {
    sink.report('SMARTSQL_LEX_ERROR', problem.message, problem.offset, problem.length);
  }

  const statement = firstStatement(lexed.tokens, sink);
  if (statement === undefined) return undefined;

  const parsed = parseSmartSqlTokens(statement);
  const lexFailed = diagnostics.length > 0;
  for (const error of parsed.errors) {
    const token = error.token;
    const atEnd = Number.isNaN(token.startOffset);
    // "Unexpected end" after a token was dropped by the lexer only repeats that error.
    if (atEnd && lexFailed) continue;
    const last = statement[statement.length - 1];
    const offset = atEnd
      ? last
        ? last.startOffset + last.image.length
        : text.length
      : token.startOffset;
    sink.report('SMARTSQL_SYNTAX_ERROR', error.message, offset, atEnd ? 0 : token.image.length);
  }

  if (diagnostics.length > 0) {
    // The tree is incomplete; still name unknown soups so one run shows them all.
    if (catalog) checkSoupNames(statement, catalog, sink);
    return undefined;
  }

  const built = buildAst(parsed.cst);
  for (const problem of built.problems) {
    sink.report(problem.code, problem.message, problem.offset, problem.length);
  }
  return { statement: built.statement, parameterCount: built.parameterCount };
}

/**
 * Compiles Smart SQL to SQL over the store's tables, or returns every
 * diagnostic.
 *
 * @example
 * const result = tryCompileSmartSql('select {s:name} from {s}', catalog);
 * if (!result.ok) console.error(result.diagnostics.map(formatDiagnostic).join('\n'));
 */
export function tryCompileSmartSql(text: string, catalog: SoupCatalog): CompileResult {
  try {
    return compileChecked(text, catalog);
  } catch (error) {
    return tooComplex(error, text);
  }
}

/** Deep recursion (beyond the nesting check) surfaces as a typed diagnostic, not a crash. */
function tooComplex(
  error: unknown,
  text: string,
): { readonly ok: false; readonly diagnostics: SmartSqlDiagnostic[] } {
  if (!(error instanceof RangeError)) throw error;
  return fail(
    [
      makeDiagnostic(
        text,
        'error',
        'SMARTSQL_TOO_COMPLEX',
        'The query is too deeply nested to compile',
        0,
        text.length,
      ),
    ],
    text,
  );
}

function compileChecked(text: string, catalog: SoupCatalog): CompileResult {
  const sink = new Sink(text);
  const diagnostics = sink.diagnostics;
  const built = parseInto(text, sink, catalog);
  if (built === undefined) return fail(diagnostics, text);
  const output = new Compiler(catalog).compile(built.statement);
  const warnings: SmartSqlDiagnostic[] = [];
  for (const problem of output.problems) {
    const d = makeDiagnostic(
      text,
      problem.severity,
      problem.code,
      problem.message,
      problem.offset,
      problem.length,
    );
    (problem.severity === 'error' ? diagnostics : warnings).push(d);
  }
  if (diagnostics.length > 0) return fail(diagnostics, text);
  const query: CompiledQuery = Object.freeze({
    sql: output.sql,
    parameters: Object.freeze(output.parameters),
    argCount: built.parameterCount,
    jsonColumns: Object.freeze(output.jsonColumns),
    warnings: warnings.length === 0 ? NO_WARNINGS : Object.freeze(warnings),
    smartSql: text,
  });
  return { ok: true, query };
}

function fail(
  diagnostics: SmartSqlDiagnostic[],
  text: string,
): { readonly ok: false; readonly diagnostics: SmartSqlDiagnostic[] } {
  if (diagnostics.length === 0) {
    diagnostics.push(
      makeDiagnostic(text, 'error', 'SMARTSQL_SYNTAX_ERROR', 'Invalid Smart SQL', 0, text.length),
    );
  }
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { ok: false, diagnostics };
}

/** Collects error diagnostics for one text. */
class Sink {
  readonly diagnostics: SmartSqlDiagnostic[] = [];
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  report(code: SmartSqlDiagnosticCode, message: string, offset: number, length: number): void {
    this.diagnostics.push(makeDiagnostic(this.#text, 'error', code, message, offset, length));
  }
}

/**
 * Returns the tokens of the one statement the text may hold (plus trailing
 * `;`), after refusing anything that is not a SELECT or more than one statement.
 */
function firstStatement(tokens: IToken[], sink: Sink): IToken[] | undefined {
  const head = tokens[0];
  if (head === undefined) {
    sink.report('SMARTSQL_EMPTY', 'The query is empty', 0, 0);
    return undefined;
  }
  let refused = refuseStatement(head, sink);
  let endIndex = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]?.tokenType.name !== 'Semicolon') continue;
    let j = i + 1;
    while (tokens[j]?.tokenType.name === 'Semicolon') j++;
    const next = tokens[j];
    if (next !== undefined) {
      sink.report(
        'SMARTSQL_MULTIPLE_STATEMENTS',
        'Only one statement is allowed: remove everything after the ";"',
        next.startOffset,
        (tokens[tokens.length - 1]?.startOffset ?? next.startOffset) +
          (tokens[tokens.length - 1]?.image.length ?? 0) -
          next.startOffset,
      );
      refuseStatement(next, sink);
      refused = true;
    }
    endIndex = j;
    break;
  }
  if (refused) return undefined;
  const statement = endIndex === tokens.length ? tokens : tokens.slice(0, endIndex);
  let depth = 0;
  for (const token of statement) {
    const name = token.tokenType.name;
    if (name === 'LParen' && ++depth > MAX_NESTING) {
      sink.report(
        'SMARTSQL_TOO_COMPLEX',
        `Parentheses and sub-selects nest more than ${MAX_NESTING} deep`,
        token.startOffset,
        1,
      );
      return undefined;
    }
    if (name === 'RParen') depth--;
  }
  return statement;
}

function refuseStatement(head: IToken, sink: Sink): boolean {
  const name = head.tokenType.name;
  if (name === 'Select') return false;
  if (name === 'With') {
    sink.report(
      'SMARTSQL_UNSUPPORTED',
      'WITH (common table expressions) is not supported in Smart SQL; use a sub-select',
      head.startOffset,
      head.image.length,
    );
    return true;
  }
  const verb = head.image.toLowerCase();
  if (WRITE_VERBS.has(verb)) {
    sink.report(
      'SMARTSQL_NOT_SELECT',
      `Only SELECT statements are allowed in Smart SQL; ${verb.toUpperCase()} is refused`,
      head.startOffset,
      head.image.length,
    );
    return true;
  }
  return false;
}

function checkSoupNames(tokens: readonly IToken[], catalog: SoupCatalog, sink: Sink): void {
  const seen = new Set<string>();
  for (const token of tokens) {
    const type = token.tokenType.name;
    let soupName: string;
    if (type === 'SoupRef') soupName = token.image.slice(1, -1);
    else if (type === 'FtsTableRef') soupName = token.image.slice(1, -5);
    else if (type === 'SoupPathRef') soupName = token.image.slice(1, token.image.indexOf(':'));
    else continue;
    if (soupName.length === 0 || seen.has(soupName)) continue;
    seen.add(soupName);
    if (catalog.getSoup(soupName) === undefined) {
      sink.report(
        'SMARTSQL_UNKNOWN_SOUP',
        describeUnknownSoup(soupName, catalog),
        token.startOffset,
        token.image.length,
      );
    }
  }
}

/**
 * Compiles Smart SQL to SQL over the store's tables; throws `SmartSqlError`
 * (with every diagnostic) when the text is invalid or unsafe.
 *
 * @example
 * const q = compileSmartSql('select {employees:lastName} from {employees} where {employees:salary} > ?', catalog);
 * q.sql; // 'SELECT TABLE_1_1 FROM TABLE_1 WHERE TABLE_1_5 > ?'
 */
export function compileSmartSql(text: string, catalog: SoupCatalog): CompiledQuery {
  const result = tryCompileSmartSql(text, catalog);
  if (result.ok) return result.query;
  throw new SmartSqlError(result.diagnostics);
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
    const query = compileSmartSql(text, this.#catalog);
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
