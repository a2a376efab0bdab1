/**
 * Diagnostics of the Smart SQL compiler and its error class.
 *
 * Codes (stable; switch on them, not on messages):
 * - `SMARTSQL_EMPTY` — the text holds no statement.
 * - `SMARTSQL_LEX_ERROR` — a character or token that cannot start anything (unterminated
 *   string, comment or `{` reference, stray character).
 * - `SMARTSQL_SYNTAX_ERROR` — the parser could not match the grammar here.
 * - `SMARTSQL_NOT_SELECT` — a statement other than SELECT (INSERT, UPDATE, DELETE, DROP,
 *   ATTACH, PRAGMA, CREATE, …).
 * - `SMARTSQL_MULTIPLE_STATEMENTS` — more than one statement.
 * - `SMARTSQL_UNSUPPORTED` — valid SQLite the compiler does not accept (WITH, `?1`/`:name`
 *   parameters).
 * - `SMARTSQL_INVALID_REFERENCE` — a malformed `{…}` reference (`{a:b:c}`, `{}`, `{s:}`).
 * - `SMARTSQL_UNKNOWN_SOUP` — `{name}` names no soup; the message lists the soups and
 *   suggests the nearest.
 * - `SMARTSQL_NOT_A_SOUP` — FROM names a table that is not a soup (`sqlite_master`,
 *   `TABLE_1`, table-valued functions other than json_each / json_tree).
 * - `SMARTSQL_SOUP_NOT_IN_FROM` — `{soup:path}` or `{soup}_fts` used where no FROM in scope
 *   provides that soup (or its full-text table).
 * - `SMARTSQL_AMBIGUOUS_REFERENCE` — an unqualified `{soup:path}` while the soup appears
 *   more than once in FROM (self join); qualify it with an alias.
 * - `SMARTSQL_UNKNOWN_QUALIFIER` — `x.{soup:path}` where `x` is no table or alias in scope.
 * - `SMARTSQL_QUALIFIER_MISMATCH` — `x.{soup:path}` where `x` is another soup or a sub-select.
 * - `SMARTSQL_DUPLICATE_ALIAS` — two FROM items with the same name in one SELECT.
 * - `SMARTSQL_NO_FULL_TEXT` — `{soup}_fts` for a soup without a full_text index.
 * - `SMARTSQL_NOT_FULL_TEXT_PATH` — a MATCH on `{soup:path}` (or a `{soup:path}` inside a
 *   MATCH key) whose path has no full_text index, or a key naming another soup than the one searched.
 * - `SMARTSQL_UNSAFE_FUNCTION` — a function that is not on Smart SQL's allow-list
 *   (`functions.ts`: SQLite's core scalar, aggregate, window, date, math, JSON and FTS5
 *   auxiliary functions). Refused among others: `load_extension`, `readfile`, `writefile`,
 *   the cipher driver's `sqlite3mc_*` functions, `fts3_tokenizer`, application functions.
 * - `SMARTSQL_TOO_COMPLEX` — nesting deeper than the compiler's limit (256 parentheses or
 *   sub-selects), or an expression too deep to compile.
 * - `SMARTSQL_ARG_COUNT` — `bindParameters` got a different number of arguments than `?`.
 * - `SMARTSQL_UNINDEXED_PATH` (warning) — a path without an index spec, read with
 *   `json_extract` on every row.
 */
import { SoupkitError } from '../errors.js';

export type SmartSqlErrorCode =
  | 'SMARTSQL_EMPTY'
  | 'SMARTSQL_LEX_ERROR'
  | 'SMARTSQL_SYNTAX_ERROR'
  | 'SMARTSQL_NOT_SELECT'
  | 'SMARTSQL_MULTIPLE_STATEMENTS'
  | 'SMARTSQL_UNSUPPORTED'
  | 'SMARTSQL_INVALID_REFERENCE'
  | 'SMARTSQL_UNKNOWN_SOUP'
  | 'SMARTSQL_NOT_A_SOUP'
  | 'SMARTSQL_SOUP_NOT_IN_FROM'
  | 'SMARTSQL_AMBIGUOUS_REFERENCE'
  | 'SMARTSQL_UNKNOWN_QUALIFIER'
  | 'SMARTSQL_QUALIFIER_MISMATCH'
  | 'SMARTSQL_DUPLICATE_ALIAS'
  | 'SMARTSQL_NO_FULL_TEXT'
  | 'SMARTSQL_NOT_FULL_TEXT_PATH'
  | 'SMARTSQL_UNSAFE_FUNCTION'
  | 'SMARTSQL_TOO_COMPLEX'
  | 'SMARTSQL_ARG_COUNT';

export type SmartSqlWarningCode = 'SMARTSQL_UNINDEXED_PATH';

export type SmartSqlDiagnosticCode = SmartSqlErrorCode | SmartSqlWarningCode;

const WARNING_CODES: ReadonlySet<SmartSqlDiagnosticCode> = new Set<SmartSqlWarningCode>([
  'SMARTSQL_UNINDEXED_PATH',
]);

function isErrorCode(code: SmartSqlDiagnosticCode): code is SmartSqlErrorCode {
  return !WARNING_CODES.has(code);
}

/**
 * A problem found by one stage (lexer, statement guard, AST builder, compiler),
 * positioned by offset; the façade turns it into a `SmartSqlDiagnostic`.
 */
export interface SmartSqlProblem {
  readonly severity: 'error' | 'warning';
  readonly code: SmartSqlDiagnosticCode;
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

/** One positioned problem in a Smart SQL text. Line and column are 1-based, offset 0-based. */
export interface SmartSqlDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly code: SmartSqlDiagnosticCode;
  readonly message: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly length: number;
  /** The source line with a caret line under the span, ready to print. */
  readonly excerpt: string;
}

/**
 * Thrown by `compileSmartSql`, `SmartSqlCompiler.compile` and `bindParameters`.
 * `code` is the first error's code; `diagnostics` holds every error found.
 *
 * @example
 * try {
 *   compileSmartSql('select {nope:x} from {nope}', catalog);
 * } catch (error) {
 *   if (error instanceof SmartSqlError) console.error(error.diagnostics.map(formatDiagnostic).join('\n'));
 * }
 */
export class SmartSqlError extends SoupkitError {
  declare readonly code: SmartSqlErrorCode;
  readonly diagnostics: readonly SmartSqlDiagnostic[];

  constructor(diagnostics: readonly SmartSqlDiagnostic[], options?: { cause?: unknown }) {
    const first = diagnostics[0];
    // Only errors are thrown; a warning code here would be a bug, reported as a syntax error.
    const code: SmartSqlErrorCode =
      first !== undefined && isErrorCode(first.code) ? first.code : 'SMARTSQL_SYNTAX_ERROR';
    const message =
      first === undefined
        ? 'Invalid Smart SQL'
        : diagnostics.length === 1
          ? `${first.message} (${first.line}:${first.column})`
          : `${first.message} (${first.line}:${first.column}) and ${diagnostics.length - 1} more error(s)`;
    super(code, message, options);
    this.diagnostics = diagnostics;
  }
}

/**
 * Builds a diagnostic for `text[offset, offset+length)`, computing line, column
 * and the caret excerpt.
 *
 * @example
 * makeDiagnostic('select ?', 'error', 'SMARTSQL_SYNTAX_ERROR', 'Expected FROM', 8, 0).column; // 9
 */
export function makeDiagnostic(
  text: string,
  severity: 'error' | 'warning',
  code: SmartSqlDiagnosticCode,
  message: string,
  offset: number,
  length: number,
): SmartSqlDiagnostic {
  const safeOffset = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < safeOffset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  let lineEnd = text.indexOf('\n', safeOffset);
  if (lineEnd < 0) lineEnd = text.length;
  const column = safeOffset - lineStart + 1;
  const sourceLine = text.slice(lineStart, lineEnd).replace(/\t/g, ' ');
  const caretLength = Math.max(1, Math.min(length, lineEnd - safeOffset));
  const gutter = `${line} | `;
  const excerpt = `${gutter}${sourceLine}\n${' '.repeat(gutter.length + column - 1)}${'^'.repeat(caretLength)}`;
  return { severity, code, message, offset: safeOffset, line, column, length, excerpt };
}

/**
 * Renders a diagnostic for people: severity, code, position, message, then the
 * excerpt with its caret.
 *
 * @example
 * const result = tryCompileSmartSql('select * from {employes}', catalog);
 * if (!result.ok) for (const d of result.diagnostics) console.error(formatDiagnostic(d));
 * // error SMARTSQL_UNKNOWN_SOUP at 1:15: Unknown soup "employes". Did you mean "employees"? …
 * // 1 | select * from {employes}
 * //                   ^^^^^^^^^^
 */
export function formatDiagnostic(diagnostic: SmartSqlDiagnostic): string {
  return `${diagnostic.severity} ${diagnostic.code} at ${diagnostic.line}:${diagnostic.column}: ${diagnostic.message}\n${diagnostic.excerpt}`;
}

/** Collects the diagnostics of one text: errors and warnings apart. */
export class DiagnosticSink {
  readonly text: string;
  readonly errors: SmartSqlDiagnostic[] = [];
  readonly warnings: SmartSqlDiagnostic[] = [];

  constructor(text: string) {
    this.text = text;
  }

  /** Records an error at `text[offset, offset+length)`. */
  report(code: SmartSqlErrorCode, message: string, offset: number, length: number): void {
    this.errors.push(makeDiagnostic(this.text, 'error', code, message, offset, length));
  }

  /** Records a stage's problem under its severity. */
  add(problem: SmartSqlProblem): void {
    const diagnostic = makeDiagnostic(
      this.text,
      problem.severity,
      problem.code,
      problem.message,
      problem.offset,
      problem.length,
    );
    (problem.severity === 'error' ? this.errors : this.warnings).push(diagnostic);
  }
}

/** A failed result: `diagnostics` sorted by offset, never empty. */
export interface SmartSqlFailure {
  readonly ok: false;
  readonly diagnostics: SmartSqlDiagnostic[];
}

/**
 * The failure for `diagnostics` (sorted by offset in place); a generic syntax
 * error when a stage gave up without saying why.
 */
export function failure(diagnostics: SmartSqlDiagnostic[], text: string): SmartSqlFailure {
  if (diagnostics.length === 0) {
    diagnostics.push(
      makeDiagnostic(text, 'error', 'SMARTSQL_SYNTAX_ERROR', 'Invalid Smart SQL', 0, text.length),
    );
  }
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { ok: false, diagnostics };
}

/**
 * Deep recursion (beyond the nesting guard) as a typed diagnostic, not a
 * crash; any other error is rethrown.
 */
export function tooComplex(error: unknown, text: string): SmartSqlFailure {
  if (!(error instanceof RangeError)) throw error;
  return failure(
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
