/**
 * The Smart SQL façade: text → tokens → CST → AST → SQL, with every problem
 * turned into positioned diagnostics. The stages live in their own files:
 * `lexer.ts`, `statement-guard.ts`, `parser.ts`, `ast-builder.ts` (with
 * `expression-precedence.ts`), `compiler.ts`; `parse-text.ts` runs the syntax
 * stages and `compiled-query.ts` the whole compile, the cache and binding.
 */
import type { SelectStatementNode } from './ast.js';
import type { SoupCatalog } from './catalog.js';
import { type CompiledQuery, type CompileResult, compileText } from './compiled-query.js';
import {
  DiagnosticSink,
  failure,
  type SmartSqlDiagnostic,
  SmartSqlError,
  tooComplex,
} from './diagnostics.js';
import { type ParsedText, parseText } from './parse-text.js';

export {
  bindParameters,
  type CompiledQuery,
  type CompileResult,
  type ParameterSlot,
  SmartSqlCompiler,
  type SmartSqlCompilerOptions,
} from './compiled-query.js';

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
  const sink = new DiagnosticSink(text);
  let parsed: ParsedText | undefined;
  try {
    parsed = parseText(text, sink, undefined);
  } catch (error) {
    return tooComplex(error, text);
  }
  if (parsed === undefined || sink.errors.length > 0) return failure(sink.errors, text);
  return { ok: true, statement: parsed.statement, parameterCount: parsed.parameterCount };
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
  return compileText(text, catalog);
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
  const result = compileText(text, catalog);
  if (result.ok) return result.query;
  throw new SmartSqlError(result.diagnostics);
}
