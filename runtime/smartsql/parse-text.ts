/**
 * The syntax stages of a Smart SQL text: lex, statement guards, parse, AST.
 * Every problem goes to the caller's sink; the catalog, when given, only names
 * unknown soups after a failed parse.
 */
import type { SelectStatementNode } from './ast.js';
import { buildAst } from './ast-builder.js';
import type { SoupCatalog } from './catalog.js';
import type { DiagnosticSink } from './diagnostics.js';
import { lexSmartSql } from './lexer.js';
import { parseSmartSqlTokens } from './parser.js';
import { guardStatement, reportUnknownSoups } from './statement-guard.js';

/** A statement's AST and how many `?` its text holds. */
export interface ParsedText {
  readonly statement: SelectStatementNode;
  readonly parameterCount: number;
}

/**
 * The AST of `text`, or undefined when a syntax stage failed (its problems are
 * in `sink`).
 *
 * @example
 * const sink = new DiagnosticSink('select 1');
 * parseText('select 1', sink, undefined)?.parameterCount; // 0
 */
export function parseText(
  text: string,
  sink: DiagnosticSink,
  catalog: SoupCatalog | undefined,
): ParsedText | undefined {
  const errors = sink.errors;
  const lexed = lexSmartSql(text);
  for (const problem of lexed.problems) sink.add(problem);

  const statement = guardStatement(lexed.tokens, sink);
  if (statement === undefined) return undefined;

  const parsed = parseSmartSqlTokens(statement);
  const lexFailed = errors.length > 0;
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

  if (errors.length > 0) {
    // The tree is incomplete; still name unknown soups so one run shows them all.
    if (catalog) reportUnknownSoups(statement, catalog, sink);
    return undefined;
  }

  const built = buildAst(parsed.cst);
  for (const problem of built.problems) sink.add(problem);
  return built;
}
